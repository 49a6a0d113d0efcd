package dev.pitwall.app;

import dev.pitwall.app.cli.BenchCommand;
import dev.pitwall.app.cli.FailureHandler;
import dev.pitwall.app.cli.LiveCommand;
import dev.pitwall.app.cli.VerifyCommand;
import dev.pitwall.app.cli.ReplayCommand;
import dev.pitwall.app.cli.SqlCommand;
import dev.pitwall.app.cli.StageCommand;
import dev.pitwall.app.cli.TopicsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pitwall} command line. */
@Command(name = "pitwall", mixinStandardHelpOptions = true, version = "pitwall 0.1.0",
        description = "Formula 1 timing data into Kafka, S3 and a SQL warehouse.",
        subcommands = {ReplayCommand.class, LiveCommand.class, SqlCommand.class, VerifyCommand.class, StageCommand.Up.class, StageCommand.Streams.class,
                StageCommand.Sink.class, StageCommand.Load.class, TopicsCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Pitwall implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: replay, sql, up, streams, sink or load");
    }

    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** With a factory of its own, e.g. a test handing {@code live} a virtual clock. */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(new Pitwall(), factory);
        cl.setExecutionExceptionHandler(new FailureHandler());
        cl.setParameterExceptionHandler(FailureHandler::handleUsage);
        return cl;
    }

    public static void main(String[] args) {
        // Avro 1.12.2 only instantiates trusted classes; must be set before Avro's validator loads
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "dev.pitwall.schemas.avro");
        if (java.util.Arrays.asList(args).contains("--verbose")) {
            // must happen before the first logger is created
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        System.exit(commandLine().execute(args));
    }
}

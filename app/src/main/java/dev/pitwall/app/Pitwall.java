package dev.pitwall.app;

import dev.pitwall.app.cli.BenchCommand;
import dev.pitwall.app.cli.FailureHandler;
import dev.pitwall.app.cli.FollowCommand;
import dev.pitwall.app.cli.LiveCommand;
import dev.pitwall.app.cli.VerifyCommand;
import dev.pitwall.app.cli.ReplayCommand;
import dev.pitwall.app.cli.SqlCommand;
import dev.pitwall.app.cli.StageCommand;
import dev.pitwall.app.cli.StatusCommand;
import dev.pitwall.app.cli.TopicsCommand;
import dev.pitwall.app.log.LogSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pitwall} command line. */
@Command(name = "pitwall", mixinStandardHelpOptions = true, version = "pitwall 0.1.0",
        description = "Formula 1 timing data into Kafka, S3 and a SQL warehouse.",
        subcommands = {ReplayCommand.class, LiveCommand.class, FollowCommand.class, SqlCommand.class, VerifyCommand.class, StageCommand.Up.class, StageCommand.Streams.class,
                StageCommand.Sink.class, StageCommand.Load.class, StatusCommand.class, TopicsCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Pitwall implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: replay, sql, status, up, streams, sink or load");
    }

    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** With a factory of its own, e.g. a test handing {@code live} a virtual clock. */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(new Pitwall(), factory);
        cl.setExecutionExceptionHandler(new FailureHandler());
        cl.setExecutionStrategy(parsed -> {
            configureLogs(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setParameterExceptionHandler(FailureHandler::handleUsage);
        return cl;
    }

    /** Commands that only read: they log to the console, never into a data dir they might create. */
    private static final java.util.Set<String> READ_ONLY = java.util.Set.of("sql", "status", "help");

    /** Logs of the command about to run go to its data dir's logs/pitwall.log; the console stays quiet unless --verbose. */
    private static void configureLogs(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        boolean verbose = leaf.hasMatchedOption("--verbose");
        CommandLine.Model.OptionSpec dataDir = leaf.commandSpec().findOption("--data-dir");
        if (dataDir == null || dataDir.getValue() == null || READ_ONLY.contains(leaf.commandSpec().name())
                || leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested()) {
            LogSetup.console(verbose);
        } else {
            LogSetup.toFile(((java.nio.file.Path) dataDir.getValue()), verbose);
        }
    }

    public static void main(String[] args) {
        // Avro 1.12.2 only instantiates trusted classes; must be set before Avro's validator loads
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "dev.pitwall.schemas.avro");
        System.exit(commandLine().execute(args));
    }
}

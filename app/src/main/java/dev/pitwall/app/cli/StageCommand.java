package dev.pitwall.app.cli;

import dev.pitwall.app.runtime.InProcessPipeline;
import dev.pitwall.app.runtime.PipelineSettings;
import dev.pitwall.app.runtime.PipelineSettings.Stage;
import dev.pitwall.app.stack.StackFile;
import dev.pitwall.loader.snowflake.SnowflakeSetup;
import dev.pitwall.loader.warehouse.Warehouses;
import dev.pitwall.schemas.serde.WireFormats;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs some of the stages in this process until Ctrl-C: `up` (all), `streams`, `sink`, `load`. */
public abstract class StageCommand implements Callable<Integer> {

    @Mixin
    SchemaRegistryOptions registry;

    @Mixin
    CommonOptions common;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    MetricsOptions metrics;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    abstract Set<Stage> stages();

    @Override
    public Integer call() throws InterruptedException {
        registry.install(spec.commandLine(), System.getenv());
        StackFile.read(common.dataDir()).ifPresent(running -> {
            throw new PitwallException(ErrorCode.DATA_DIR_IN_USE,
                    "pitwall process " + running.pid() + " already runs a pipeline for " + common.dataDir());
        });
        // a long-running stage serves live followers too: batches nothing reached for a second are closed
        PipelineSettings settings = connection.settings(spec.commandLine(), common.dataDir()).withStages(stages()).withLive(true);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        InProcessPipeline pipeline = InProcessPipeline.start(settings, metrics.metricsPort(spec.commandLine()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            pipeline.close();
            stopped.countDown();
        }, "pitwall-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("pitwall " + spec.name() + " is running (Ctrl-C to stop)");
        out.println(pipeline.describe());
        out.println("topics carry " + WireFormats.current().describe());
        out.flush();
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            // stages stopped by Ctrl-C are not failures
            if (!stopping.get()) {
                pipeline.checkHealthy();
            }
        }
        return 0;
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Run every stage (Streams, S3 sink, loader) until Ctrl-C, on embedded services unless told otherwise.",
                    "Other commands on the same --data-dir (replay, sql) use this process while it runs."})
    public static final class Up extends StageCommand {
        @Override
        Set<Stage> stages() { return EnumSet.allOf(Stage.class); }
    }

    @Command(name = "streams", mixinStandardHelpOptions = true, description = "Run only the Streams stage until Ctrl-C.")
    public static final class Streams extends StageCommand {
        @Override
        Set<Stage> stages() { return EnumSet.of(Stage.STREAMS); }
    }

    @Command(name = "sink", mixinStandardHelpOptions = true, description = "Run only the S3 sink stage until Ctrl-C.")
    public static final class Sink extends StageCommand {
        @Override
        Set<Stage> stages() { return EnumSet.of(Stage.SINK); }
    }

    @Command(name = "load", mixinStandardHelpOptions = true, description = {"Run only the loader stage until Ctrl-C.",
            "With --print-setup and a snowflake:// --warehouse: print the one-time storage integration and stage SQL for an admin."})
    public static final class Load extends StageCommand {
        @CommandLine.Option(names = "--print-setup", description = "Print the Snowflake setup SQL (CREATE STORAGE INTEGRATION, CREATE STAGE) and exit.")
        boolean printSetup;

        @CommandLine.Option(names = "--aws-role-arn", paramLabel = "ARN", defaultValue = "${env:PITWALL_SNOWFLAKE_AWS_ROLE_ARN}",
                description = "IAM role Snowflake assumes to read the bucket (for --print-setup; env PITWALL_SNOWFLAKE_AWS_ROLE_ARN).")
        String awsRoleArn;

        @Override
        Set<Stage> stages() { return EnumSet.of(Stage.LOADER); }

        @Override
        public Integer call() throws InterruptedException {
            if (!printSetup) {
                return super.call();
            }
            String url = connection.warehouseUrl();
            if (url == null || !url.startsWith("snowflake://")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--print-setup needs --warehouse snowflake://...");
            }
            if (awsRoleArn == null || awsRoleArn.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--print-setup needs --aws-role-arn ARN");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(SnowflakeSetup.sql(Warehouses.snowflakeNames(url), connection.bucket(), awsRoleArn));
            out.flush();
            return 0;
        }
    }
}

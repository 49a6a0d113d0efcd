package dev.pitwall.app.cli;

import dev.pitwall.app.runtime.CatchUp;
import dev.pitwall.app.runtime.Pipeline;
import dev.pitwall.app.runtime.Pipelines;
import dev.pitwall.loader.warehouse.QueryResult;
import dev.pitwall.producer.live.LiveFollower;
import dev.pitwall.producer.live.LiveRequest;
import dev.pitwall.producer.live.LiveResult;
import dev.pitwall.producer.openf1.OpenF1Client;
import dev.pitwall.producer.source.RaceSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pitwall live}: follows one OpenF1 session while it runs, polling every few seconds, and keeps the
 * pipeline (in this process, or the running {@code pitwall up} of the data dir) loading what arrives, so a
 * lap is queryable seconds after OpenF1 publishes it. Returns once the session is over and loaded.
 */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = {"Follow an OpenF1 session while it runs (laps, stints, pit, weather, race control) into the warehouse.",
                "Credentials for live data: OPENF1_TOKEN, or OPENF1_USERNAME and OPENF1_PASSWORD (never printed).",
                "Safe to stop (Ctrl-C or kill -9) and start again: it resumes from the cursors committed in Kafka."})
public final class LiveCommand implements Callable<Integer> {

    @Mixin
    SchemaRegistryOptions registry;

    @Mixin
    CommonOptions common;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    SourceOptions sources;

    @Mixin
    MetricsOptions metrics;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--session", paramLabel = "latest|KEY", defaultValue = "latest",
            description = "OpenF1 session_key to follow, or latest (default).")
    String session;

    @Option(names = "--poll-interval", paramLabel = "SECONDS", defaultValue = "4",
            description = "Seconds between polls (default: ${DEFAULT-VALUE}); decimals allowed.")
    double pollSeconds;

    @Option(names = "--finish-grace", paramLabel = "SECONDS", defaultValue = "900",
            description = "How long after the session's scheduled end data may still arrive (default: ${DEFAULT-VALUE}).")
    double graceSeconds;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "After the session, how long each stage may take to catch up (default: ${DEFAULT-VALUE}).")
    int waitTimeoutSeconds;

    private final Clock clock;
    private final Map<String, String> environment;

    public LiveCommand() {
        this(Clock.systemUTC(), System.getenv());
    }

    /** For tests: a virtual clock shared with a local OpenF1 server, and an environment of their own. */
    public LiveCommand(Clock clock, Map<String, String> environment) {
        this.clock = clock;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        validate();
        registry.install(spec.commandLine(), environment);
        long t0 = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        Path dataDir = common.dataDir();
        OpenF1Client client = sources.openF1Client(environment);
        try (Pipeline pipeline = Pipelines.attachOrStart(connection.settings(spec.commandLine(), dataDir).withLive(true),
                metrics.metricsPort(spec.commandLine()));
             RaceSource schedule = sources.jolpica(dataDir)) {
            LiveRequest request = new LiveRequest(session, client, schedule, Duration.ofMillis(Math.round(pollSeconds * 1000)),
                    Duration.ofMillis(Math.round(graceSeconds * 1000)), clock, dataDir.resolve("archive"), null);
            LiveFollower follower = new LiveFollower(pipeline.kafkaProps(), request);
            Thread stopper = new Thread(follower::stop, "pitwall-live-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            err.println("following OpenF1 session " + session + " at " + sources.openF1Url() + " (" + client.auth().describe() + "), polling every "
                    + pollSeconds + " s");
            err.flush();
            LiveResult result;
            try {
                result = follower.run((poll, at, newRecords, sweep) -> {
                    if (!newRecords.isEmpty()) {
                        err.println("  poll " + poll + " at " + at + (sweep ? " (final sweep)" : "") + ": " + counts(newRecords));
                        err.flush();
                    }
                });
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: the follower is being stopped
                }
            }
            err.println("  session " + result.session().key() + " " + result.outcome().name().toLowerCase().replace('_', ' ')
                    + "; waiting for the pipeline to load it ...");
            err.flush();
            CatchUp.await(pipeline, Duration.ofSeconds(waitTimeoutSeconds));
            printSummary(pipeline, result, (System.nanoTime() - t0) / 1e9);
            return result.outcome() == LiveResult.Outcome.STOPPED ? 1 : 0;
        }
    }

    private void validate() {
        if (!session.equals("latest") && !session.matches("\\d{1,9}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--session " + session + " is neither latest nor an OpenF1 session key");
        }
        sources.validate(spec.commandLine());
        if (!(pollSeconds > 0) || pollSeconds > 3600) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--poll-interval " + pollSeconds + " must be above 0 and at most 3600");
        }
        if (!(graceSeconds >= 0) || graceSeconds > 86_400) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--finish-grace " + graceSeconds + " must be between 0 and 86400");
        }
    }

    private void printSummary(Pipeline pipeline, LiveResult result, double seconds) {
        PrintWriter out = spec.commandLine().getOut();
        String where = " where season = " + result.session().season() + " and round = " + result.session().round()
                + " and session = '" + result.session().session() + "'";
        out.printf("followed OpenF1 session %d (%s) in %.1f s: %s%n", result.session().openF1().sessionKey(),
                result.session().key(), seconds, result.outcome().name().toLowerCase().replace('_', ' '));
        out.printf("  polls       %d, %d transactions%n", result.polls(), result.transactions());
        out.printf("  produced    this run: %s; session total: %s%n", counts(result.sentThisRun()), counts(result.sentTotal()));
        out.printf("  warehouse   analytics.openf1_laps %d rows, analytics.stints %d, analytics.weather %d, analytics.race_control %d%n",
                count(pipeline, "select count(*) from analytics.openf1_laps" + where),
                count(pipeline, "select count(*) from analytics.stints" + where),
                count(pipeline, "select count(*) from analytics.weather" + where),
                count(pipeline, "select count(*) from analytics.race_control" + where));
        out.flush();
    }

    private static String counts(Map<String, ? extends Number> perTable) {
        if (perTable.isEmpty()) {
            return "nothing";
        }
        return perTable.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    private static long count(Pipeline pipeline, String sql) {
        QueryResult r = pipeline.query(sql);
        return ((Number) r.rows().get(0).get(0)).longValue();
    }
}

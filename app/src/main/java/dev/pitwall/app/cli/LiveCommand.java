package dev.pitwall.app.cli;

import dev.pitwall.app.runtime.CatchUp;
import dev.pitwall.app.runtime.Pipeline;
import dev.pitwall.app.runtime.Pipelines;
import dev.pitwall.loader.warehouse.QueryResult;
import dev.pitwall.producer.live.LiveFollower;
import dev.pitwall.producer.live.LiveRequest;
import dev.pitwall.producer.live.LiveResult;
import dev.pitwall.producer.livetiming.LiveTimingFollower;
import dev.pitwall.producer.livetiming.LiveTimingRequest;
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
        description = {"Follow a session while it runs into the warehouse: OpenF1 (laps, stints, pit, weather, race control) or",
                "F1's own live timing over SignalR Core (--source livetiming: sector times, gaps, intervals, tyres, track status).",
                "OpenF1 credentials: OPENF1_TOKEN, or OPENF1_USERNAME and OPENF1_PASSWORD; live timing's gated topics: F1TV_TOKEN (never printed).",
                "Safe to stop (Ctrl-C or kill -9) and start again: it resumes from what was committed in Kafka."})
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
            description = "Session to follow: an OpenF1 session_key or a live-timing SessionInfo Key; latest (default) = the current one.")
    String session;

    @Option(names = "--source", paramLabel = "openf1|livetiming", defaultValue = "openf1",
            description = "Where the live data comes from (default: ${DEFAULT-VALUE}).")
    String source;

    @Mixin
    SignalROptions signalR;

    @Option(names = "--poll-interval", paramLabel = "SECONDS", defaultValue = "4",
            description = "Seconds between polls (default: ${DEFAULT-VALUE}); decimals allowed.")
    double pollSeconds;

    @Option(names = "--finish-grace", paramLabel = "SECONDS", defaultValue = "900",
            description = "OpenF1: how long after the session's scheduled end data may still arrive (default: ${DEFAULT-VALUE});"
                    + " livetiming: how long after SessionStatus Ends (default 5).")
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
        if (source.equals("livetiming")) {
            return followLiveTiming();
        }
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

    /** {@code --source livetiming}: the SignalR Core feed into f1.raw.livetiming, while the pipeline derives facts from it. */
    private int followLiveTiming() {
        long t0 = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        Path dataDir = common.dataDir();
        String token = SignalROptions.token(environment);
        boolean graceGiven = spec.commandLine().getParseResult().hasMatchedOption("--finish-grace");
        try (Pipeline pipeline = Pipelines.attachOrStart(connection.settings(spec.commandLine(), dataDir).withLive(true));
             RaceSource schedule = sources.jolpica(dataDir)) {
            LiveTimingRequest request = new LiveTimingRequest(session, signalR.settings(environment), schedule,
                    dataDir.resolve("archive"), null, graceGiven ? Duration.ofMillis(Math.round(graceSeconds * 1000)) : null, null, 10);
            LiveTimingFollower follower = new LiveTimingFollower(pipeline.kafkaProps(), request);
            Thread stopper = new Thread(follower::stop, "pitwall-live-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            err.println("following F1 live timing at " + signalR.url + (token == null
                    ? " (no F1TV_TOKEN: without " + String.join(", ", LiveTimingRequest.TOKEN_TOPICS) + ")" : " (with an F1TV token)"));
            err.flush();
            LiveTimingFollower.Result result;
            try {
                result = follower.run(new LiveTimingFollower.Progress() {
                    @Override
                    public void named(String key, String path, boolean resumed) {
                        err.println("  session " + key + " (" + path + ")" + (resumed ? ": resuming what was committed" : ""));
                        err.flush();
                    }

                    @Override
                    public void disconnected(String reason, Duration retryIn) {
                        err.println("  connection lost (" + reason + "); reconnecting in " + retryIn.toMillis() + " ms");
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
            if (result.outcome() == LiveTimingFollower.Outcome.REPLACED) {
                err.println("  another follower of " + result.session() + " took over; this one stopped");
                return 1;
            }
            err.println("  session " + result.session() + " " + result.outcome().name().toLowerCase().replace('_', ' ')
                    + "; waiting for the pipeline to load it ...");
            err.flush();
            CatchUp.await(pipeline, Duration.ofSeconds(waitTimeoutSeconds));
            PrintWriter out = spec.commandLine().getOut();
            String[] parts = result.session().split("/");
            String where = " where season = " + parts[0] + " and round = " + parts[1] + " and session = '" + parts[2] + "'";
            out.printf("followed live timing %s (%s) in %.1f s: %s%n", result.session(), result.path(), (System.nanoTime() - t0) / 1e9,
                    result.outcome().name().toLowerCase().replace('_', ' '));
            out.printf("  feed        %d connections, %d transactions; this run: %s; session total: %s%n", result.connections(),
                    result.transactions(), counts(result.sentThisRun()), counts(result.sentTotal()));
            out.printf("  warehouse   analytics.timing_laps %d rows, analytics.track_status %d, analytics.timing_stints %d%n",
                    count(pipeline, "select count(*) from analytics.timing_laps" + where),
                    count(pipeline, "select count(*) from analytics.track_status" + where),
                    count(pipeline, "select count(*) from analytics.timing_stints" + where));
            out.flush();
            return result.outcome() == LiveTimingFollower.Outcome.STOPPED ? 1 : 0;
        }
    }

    private void validate() {
        if (!source.equals("openf1") && !source.equals("livetiming")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--source " + source + " is neither openf1 nor livetiming");
        }
        if (!session.equals("latest") && !session.matches("\\d{1,9}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--session " + session + " is neither latest nor a session key");
        }
        signalR.validate(spec.commandLine());
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

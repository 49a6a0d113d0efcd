package dev.pitwall.app.cli;

import dev.pitwall.app.runtime.CatchUp;
import dev.pitwall.app.runtime.Pipeline;
import dev.pitwall.app.runtime.Pipelines;
import dev.pitwall.loader.warehouse.QueryResult;
import dev.pitwall.producer.archive.ArchiveFirstSource;
import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.http.ClientSettings;
import dev.pitwall.producer.http.RateLimit;
import dev.pitwall.producer.jolpica.JolpicaHttpSource;
import dev.pitwall.producer.live.LiveFollower;
import dev.pitwall.producer.live.LiveRequest;
import dev.pitwall.producer.live.LiveResult;
import dev.pitwall.producer.openf1.OpenF1Auth;
import dev.pitwall.producer.openf1.OpenF1Client;
import dev.pitwall.producer.source.RaceSource;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
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
    CommonOptions common;

    @Mixin
    ConnectionOptions connection;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--session", paramLabel = "latest|KEY", defaultValue = "latest",
            description = "OpenF1 session_key to follow, or latest (default).")
    String session;

    @Option(names = "--openf1-url", paramLabel = "URL", defaultValue = "${env:PITWALL_OPENF1_URL:-https://api.openf1.org/v1}",
            description = "Base URL of the OpenF1 API (default: ${DEFAULT-VALUE}; env PITWALL_OPENF1_URL).")
    URI openF1Url;

    @Option(names = "--jolpica-url", paramLabel = "URL", defaultValue = "${env:PITWALL_JOLPICA_URL:-https://api.jolpi.ca/ergast/f1}",
            description = "Jolpica API whose season schedule names the session's round (default: ${DEFAULT-VALUE}).")
    URI jolpicaUrl;

    @Option(names = "--archive", paramLabel = "DIR",
            description = "Read the season schedule from a raw archive tree instead of the Jolpica API.")
    Path archive;

    @Option(names = "--openf1-rate-limit", paramLabel = "N/PERIOD[+N/PERIOD]", defaultValue = "30/10s",
            description = "Requests allowed to OpenF1, e.g. 30/10s (default: ${DEFAULT-VALUE}, the published limit), or unlimited for a local server.")
    String openF1RateLimit;

    @Option(names = "--poll-interval", paramLabel = "SECONDS", defaultValue = "4",
            description = "Seconds between polls (default: ${DEFAULT-VALUE}); decimals allowed.")
    double pollSeconds;

    @Option(names = "--finish-grace", paramLabel = "SECONDS", defaultValue = "900",
            description = "How long after the session's scheduled end data may still arrive (default: ${DEFAULT-VALUE}).")
    double graceSeconds;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "After the session, how long each stage may take to catch up (default: ${DEFAULT-VALUE}).")
    int waitTimeoutSeconds;

    private RateLimit openF1Limit;
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
        long t0 = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        Path dataDir = common.dataDir();
        OpenF1Auth auth;
        try {
            auth = OpenF1Auth.fromEnvironment(environment);
        } catch (IllegalArgumentException e) {
            throw new PitwallException(ErrorCode.BAD_SETTING, e.getMessage(), e);
        }
        OpenF1Client client = new OpenF1Client(openF1Url, auth, ClientSettings.openF1().withRateLimit(openF1Limit));
        try (Pipeline pipeline = Pipelines.attachOrStart(connection.settings(spec.commandLine(), dataDir).withLive(true));
             RaceSource schedule = schedule(dataDir)) {
            LiveRequest request = new LiveRequest(session, client, schedule, Duration.ofMillis(Math.round(pollSeconds * 1000)),
                    Duration.ofMillis(Math.round(graceSeconds * 1000)), clock, dataDir.resolve("archive"), null);
            LiveFollower follower = new LiveFollower(pipeline.kafkaProps(), request);
            Thread stopper = new Thread(follower::stop, "pitwall-live-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            err.println("following OpenF1 session " + session + " at " + openF1Url + " (" + auth.describe() + "), polling every "
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

    private RaceSource schedule(Path dataDir) {
        if (archive != null) {
            return new RawArchiveSource(archive.toAbsolutePath().normalize());
        }
        Path kept = dataDir.resolve("archive");
        return new ArchiveFirstSource(new RawArchiveSource(kept), new JolpicaHttpSource(jolpicaUrl, kept));
    }

    private void validate() {
        if (!session.equals("latest") && !session.matches("\\d{1,9}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--session " + session + " is neither latest nor an OpenF1 session key");
        }
        for (Map.Entry<String, URI> url : Map.of("--openf1-url", openF1Url, "--jolpica-url", jolpicaUrl).entrySet()) {
            String scheme = url.getValue().getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getValue().getHost() == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), url.getKey() + " " + url.getValue() + " is not an http(s) URL");
            }
        }
        if (!(pollSeconds > 0) || pollSeconds > 3600) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--poll-interval " + pollSeconds + " must be above 0 and at most 3600");
        }
        if (!(graceSeconds >= 0) || graceSeconds > 86_400) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--finish-grace " + graceSeconds + " must be between 0 and 86400");
        }
        if (archive != null && !Files.isDirectory(archive)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--archive " + archive + " is not a directory");
        }
        openF1Limit = rateLimit(spec, "--openf1-rate-limit", openF1RateLimit);
    }

    /** Parses a rate limit option, or fails the command line naming it. */
    static RateLimit rateLimit(CommandLine.Model.CommandSpec spec, String option, String value) {
        try {
            return RateLimit.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
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

package dev.pitwall.app.cli;

import dev.pitwall.app.runtime.CatchUp;
import dev.pitwall.app.runtime.Pipeline;
import dev.pitwall.app.runtime.Pipelines;
import dev.pitwall.producer.follow.CalendarSession;
import dev.pitwall.producer.follow.FollowAction;
import dev.pitwall.producer.follow.FollowCheckpoint;
import dev.pitwall.producer.follow.FollowClock;
import dev.pitwall.producer.follow.FollowOptions;
import dev.pitwall.producer.follow.Follower;
import dev.pitwall.producer.follow.SeasonCalendar;
import dev.pitwall.producer.live.LiveFollower;
import dev.pitwall.producer.live.LiveRequest;
import dev.pitwall.producer.live.LiveResult;
import dev.pitwall.producer.livetiming.ArchivedSession;
import dev.pitwall.producer.livetiming.LiveTimingArchive;
import dev.pitwall.producer.livetiming.LiveTimingFollower;
import dev.pitwall.producer.livetiming.LiveTimingReplayer;
import dev.pitwall.producer.livetiming.LiveTimingRequest;
import dev.pitwall.producer.replay.ReplayRequest;
import dev.pitwall.producer.replay.ReplayResult;
import dev.pitwall.producer.replay.SeasonReplayer;
import dev.pitwall.producer.source.RaceSource;
import dev.pitwall.producer.source.SourceException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pitwall follow}: a season unattended. Reads the calendar, waits until each session, follows it live,
 * fetches Jolpica's results after each race and again days later; checkpointed in Kafka, so a restart resumes.
 */
@Command(name = "follow", mixinStandardHelpOptions = true,
        description = {"Follow a whole season unattended: the calendar from Jolpica's schedule and F1's live-timing index;",
                "each session followed live from a little before it starts (F1 live timing by default: no account needed);",
                "after each race Jolpica's results, laps, pit stops and standings once published, and again days later",
                "(stewards' decisions arrive late: restatements become revisions). A session missed while pitwall was down",
                "is replayed from F1's static archive. Checkpointed in Kafka: stop it any time and start it again.",
                "--once does what is due and the next session, then exits (for cron)."})
public final class FollowCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(FollowCommand.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

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

    @Option(names = "--season", paramLabel = "YEAR", description = "The season to follow (default: this year).")
    Integer season;

    @Option(names = "--round", paramLabel = "N", description = "Only this round's weekend.")
    Integer round;

    @Option(names = "--sessions", paramLabel = "CODE,...", split = ",", defaultValue = "FP1,FP2,FP3,SQ,S,Q,R",
            description = "Sessions followed live (default: ${DEFAULT-VALUE}); results are fetched after every race either way.")
    List<String> sessionCodes;

    @Option(names = "--source", paramLabel = "livetiming|openf1", defaultValue = "livetiming",
            description = "Live feed: F1's own live timing (default, free) or OpenF1 (needs OPENF1_TOKEN or OPENF1_USERNAME/PASSWORD).")
    String source;

    @Mixin
    SignalROptions signalR;

    @Option(names = "--lead-time", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long before a session's start to join the feed (default: ${DEFAULT-VALUE}; e.g. 90s, 10m, 1h).")
    String leadTime;

    @Option(names = "--results-after", paramLabel = "DURATION,...", split = ",", defaultValue = "2h,1d,3d",
            description = "When after a race's expected end to fetch Jolpica's results: the first once published, the others for"
                    + " late stewards' decisions (default: ${DEFAULT-VALUE}).")
    List<String> resultsAfter;

    @Option(names = "--results-retry", paramLabel = "DURATION", defaultValue = "30m",
            description = "How soon to ask again when results are not published yet or a fetch failed (default: ${DEFAULT-VALUE}).")
    String resultsRetry;

    @Option(names = "--catch-up", paramLabel = "DURATION", defaultValue = "7d",
            description = "Sessions missed live up to this long ago are replayed from the static archive (default: ${DEFAULT-VALUE}).")
    String catchUp;

    @Option(names = "--once", description = "Do what is due, then the next session, and exit (for cron).")
    boolean once;

    @Option(names = "--max-wait", paramLabel = "DURATION",
            description = "With --once: exit (0) instead of waiting longer than this for the next thing to do.")
    String maxWait;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Before exiting, how long each stage may take to load what was produced (default: ${DEFAULT-VALUE}).")
    int waitTimeoutSeconds;

    /** Tests only: the clock starts at START and every wait passes SPEED times faster ("2018-04-29T11:00:00Z*5000"). */
    @Option(names = "--virtual-clock", hidden = true, paramLabel = "START*SPEED")
    String virtualClock;

    private final Map<String, String> environment;

    public FollowCommand() {
        this(System.getenv());
    }

    public FollowCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        FollowClock clock = clock();
        FollowOptions options = options(clock);
        registry.install(spec.commandLine(), environment);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Path dataDir = common.dataDir();
        try (Pipeline pipeline = Pipelines.attachOrStart(connection.settings(spec.commandLine(), dataDir).withLive(true),
                metrics.metricsPort(spec.commandLine()));
             RaceSource schedule = sources.jolpica(dataDir);
             LiveTimingArchive archive = sources.liveTiming(dataDir);
             FollowCheckpoint checkpoint = new FollowCheckpoint(pipeline.kafkaProps(), options.season())) {
            List<CalendarSession> first = calendar(schedule, archive, options.season());
            long inScope = first.stream().filter(s -> options.round() == null || s.round() == options.round()).count();
            if (inScope == 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), options.round() != null
                        ? "--round " + options.round() + ": the " + options.season() + " schedule has no such round"
                        : "the " + options.season() + " schedule at " + schedule.scheduleLocation(options.season()) + " has no sessions");
            }
            err.println("following " + options.season() + (options.round() != null ? " round " + options.round() : "") + ": " + inScope
                    + " sessions on the calendar, live from " + (source.equals("livetiming") ? signalR.url : sources.openF1Url())
                    + "; already done: " + checkpoint.done().size() + " (checkpoint " + checkpoint.job() + ")");
            err.flush();
            Follower follower = new Follower(options, () -> calendar(schedule, archive, options.season()), checkpoint,
                    new PipelineActions(pipeline, schedule, archive, dataDir, err), clock);
            Thread main = Thread.currentThread();
            Thread stopper = new Thread(() -> {
                follower.stop();
                main.interrupt();
            }, "pitwall-follow-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            Follower.Result result;
            try (FollowStatus status = new FollowStatus(err, ReplayProgressPrinter.systemTerminal(), clock)) {
                result = follower.run(once, maxWait == null ? null : duration("--max-wait", maxWait), status);
            } catch (InterruptedException e) {
                err.println("stopped; what was done is checkpointed, the same command resumes");
                return 1;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running
                }
            }
            if (result.outcome() == Follower.Outcome.SEASON_DONE || result.outcome() == Follower.Outcome.ONCE_DONE) {
                // exiting means queryable: what this run produced is loaded before it returns
                err.println("waiting for the pipeline to load what was produced ...");
                err.flush();
                CatchUp.await(pipeline, Duration.ofSeconds(waitTimeoutSeconds));
            }
            switch (result.outcome()) {
                case SEASON_DONE -> out.printf("followed %d%s: nothing left to do (%d done by this run)%n", options.season(),
                        options.round() != null ? " round " + options.round() : "", result.actionsDone());
                case ONCE_DONE -> out.printf("done: %s (%d done by this run)%n", result.next().describe(), result.actionsDone());
                case NOTHING_DUE -> out.printf("nothing due: next %s at %s%n", result.next().describe(), WHEN.format(result.next().due()));
                case REPLACED -> {
                    err.println("another follower of " + options.season() + " took over; this one stopped");
                    return 1;
                }
                case STOPPED -> {
                    err.println("stopped; what was done is checkpointed, the same command resumes");
                    return 1;
                }
                default -> throw new IllegalStateException(result.outcome().name());
            }
            out.flush();
            return 0;
        }
    }

    private static List<CalendarSession> calendar(RaceSource schedule, LiveTimingArchive archive, int season) {
        List<ArchivedSession> index;
        try {
            index = archive.sessions(season);
        } catch (SourceException e) {
            LOG.info("no live-timing index for {} ({}); session times from Jolpica's schedule", season, e.getMessage());
            index = List.of();
        }
        return SeasonCalendar.read(schedule, season, index);
    }

    /** The actions wired to the pipeline's raw topics. */
    private final class PipelineActions implements Follower.Actions {
        private final Pipeline pipeline;
        private final RaceSource schedule;
        private final LiveTimingArchive archive;
        private final Path dataDir;
        private final PrintWriter err;

        PipelineActions(Pipeline pipeline, RaceSource schedule, LiveTimingArchive archive, Path dataDir, PrintWriter err) {
            this.pipeline = pipeline;
            this.schedule = schedule;
            this.archive = archive;
            this.dataDir = dataDir;
            this.err = err;
        }

        @Override
        public String followLive(CalendarSession session) {
            if (source.equals("openf1")) {
                LiveRequest request = new LiveRequest("latest", sources.openF1Client(environment), schedule, LiveRequest.DEFAULT_POLL,
                        LiveRequest.DEFAULT_FINISH_GRACE, Clock.systemUTC(), dataDir.resolve("archive"), null);
                LiveResult result = new LiveFollower(pipeline.kafkaProps(), request).run();
                return result.session().season() + "/" + result.session().round() + "/" + result.session().session();
            }
            LiveTimingRequest request = new LiveTimingRequest("latest", signalR.settings(environment), schedule,
                    dataDir.resolve("archive"), null, null, null, 10);
            LiveTimingFollower.Result result = new LiveTimingFollower(pipeline.kafkaProps(), request).run(new LiveTimingFollower.Progress() {
                @Override
                public void named(String key, String path, boolean resumed) {
                    say("  feed on " + key + " (" + path + ")" + (resumed ? ": resuming what was committed" : ""));
                }
            });
            if (result.outcome() == LiveTimingFollower.Outcome.REPLACED) {
                say("  another follower took " + result.session() + " over");
                return result.session();
            }
            say("  " + result.session() + " " + result.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": "
                    + result.messages() + " messages");
            return result.session();
        }

        @Override
        public boolean replayArchive(CalendarSession session) {
            try (LiveTimingReplayer replayer = new LiveTimingReplayer(pipeline.kafkaProps(), "pitwall-follow-livetiming-" + session.season(),
                    archive, schedule)) {
                List<LiveTimingReplayer.Outcome> outcomes = replayer.replayRound(session.season(), session.round(), null,
                        code -> code.equals(session.code()));
                outcomes.forEach(o -> say("  " + o.key() + " (" + o.path() + "): " + (o.skipped() ? "already replayed" : o.messages() + " messages")));
                return !outcomes.isEmpty();
            }
        }

        @Override
        public boolean fetchResults(CalendarSession race, int attempt) {
            // always from the API afresh (refresh): a later fetch exists to see what the stewards changed
            ReplayRequest request = new ReplayRequest(race.season(), race.round(), sources.jolpicaUrl(), null, dataDir.resolve("archive"),
                    null, true);
            try (SeasonReplayer replayer = new SeasonReplayer(pipeline.kafkaProps(), "pitwall-follow-jolpica-" + race.season(),
                    sources.jolpicaSettings())) {
                ReplayResult result = replayer.replay(request, null);
                if (result.rounds() == 0) {
                    return false;
                }
                say("  " + race.season() + " round " + race.round() + ": " + result.sessions() + " sessions, " + result.perTable().entrySet()
                        .stream().filter(e -> e.getValue() > 0).map(e -> e.getValue() + " " + e.getKey())
                        .collect(java.util.stream.Collectors.joining(", ")));
                return true;
            }
        }

        private void say(String line) {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        }
    }

    private FollowClock clock() {
        if (virtualClock == null) {
            return FollowClock.SYSTEM;
        }
        String[] parts = virtualClock.split("\\*", 2);
        try {
            return FollowClock.compressedWaits(Instant.parse(parts[0]), parts.length > 1 ? Double.parseDouble(parts[1]) : 1);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--virtual-clock " + virtualClock + " is not START*SPEED");
        }
    }

    private FollowOptions options(FollowClock clock) {
        int year = season != null ? season : clock.now().atZone(ZoneOffset.UTC).getYear();
        if (year < 1950 || year > clock.now().atZone(ZoneOffset.UTC).getYear() + 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--season " + year + " is not a season pitwall can follow (1950 .. next year)");
        }
        if (round != null && (round < 1 || round > 99)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--round " + round + " must be between 1 and 99");
        }
        if (!source.equals("livetiming") && !source.equals("openf1")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--source " + source + " is neither livetiming nor openf1");
        }
        signalR.validate(spec.commandLine());
        sources.validate(spec.commandLine());
        Set<String> codes = new LinkedHashSet<>();
        for (String code : sessionCodes) {
            String c = code.trim().toUpperCase(Locale.ROOT);
            if (!FollowOptions.ALL_SESSIONS.contains(c)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--sessions " + code + " is not one of "
                        + String.join(",", FollowOptions.ALL_SESSIONS));
            }
            codes.add(c);
        }
        List<Duration> after = new ArrayList<>();
        for (String d : resultsAfter) {
            after.add(duration("--results-after", d));
        }
        if (maxWait != null && !once) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-wait only goes with --once");
        }
        if (maxWait != null) {
            duration("--max-wait", maxWait);
        }
        return new FollowOptions(year, round, codes, duration("--lead-time", leadTime), after, duration("--results-retry", resultsRetry),
                Duration.ofHours(1), Duration.ofMinutes(30), duration("--catch-up", catchUp), source.equals("livetiming"));
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smhd])");

    /** {@code 90s}, {@code 10m}, {@code 2h}, {@code 3d}. */
    Duration duration(String flag, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), flag + " " + text + " is not a duration such as 90s, 10m, 2h or 3d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static String when(Instant t) {
        return WHEN.format(t);
    }
}

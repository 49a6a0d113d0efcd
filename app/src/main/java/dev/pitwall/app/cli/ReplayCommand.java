package dev.pitwall.app.cli;

import dev.pitwall.app.log.ConsoleLines;
import dev.pitwall.app.log.LogSetup;
import dev.pitwall.app.metrics.PrometheusText;
import dev.pitwall.app.runtime.CatchUp;
import dev.pitwall.app.runtime.DeadLetters;
import dev.pitwall.app.runtime.Pipeline;
import dev.pitwall.app.runtime.BrokerOnlyPipeline;
import dev.pitwall.app.runtime.PipelineSettings;
import dev.pitwall.app.runtime.Pipelines;
import dev.pitwall.loader.warehouse.QueryResult;
import dev.pitwall.producer.replay.ReplayRequest;
import dev.pitwall.producer.replay.ReplayResult;
import dev.pitwall.producer.jolpica.WeekendReader;
import dev.pitwall.producer.livetiming.LiveTimingReplayer;
import dev.pitwall.producer.openf1.ArchiveOpenF1Source;
import dev.pitwall.producer.openf1.HttpOpenF1Source;
import dev.pitwall.producer.openf1.OpenF1ReplayResult;
import dev.pitwall.producer.openf1.OpenF1Replayer;
import dev.pitwall.producer.openf1.OpenF1Source;
import dev.pitwall.producer.openf1.SessionResolver;
import dev.pitwall.producer.source.RaceSource;
import dev.pitwall.producer.replay.SeasonReplayer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Year;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a season (or one round) of Jolpica data through the pipeline.",
                "Returns once everything produced is queryable in the warehouse, then prints a summary."})
public final class ReplayCommand implements Callable<Integer> {
    static final int FIRST_SEASON = 1950;
    /** Starts the line said once everything produced is loaded and can be queried (`pitwall bench e2e` times it). */
    public static final String QUERYABLE = "  queryable:";

    @Mixin
    SchemaRegistryOptions registry;

    @Mixin
    CommonOptions common;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    SourceOptions sources;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Seasons seasons;

    static final class Seasons {
        @Option(names = "--season", paramLabel = "YYYY", description = "Season to replay, e.g. 2024.")
        Integer single;

        @Option(names = "--seasons", paramLabel = "FIRST..LAST", description = "Several seasons in order, e.g. 1996..2024.")
        String range;
    }

    /** F1's static live-timing archive keeps sessions from 2018 on. */
    static final int FIRST_LIVETIMING_SEASON = 2018;

    /** OpenF1 has data from 2023 on. */
    static final int FIRST_OPENF1_SEASON = 2023;

    private long filesBefore;
    private final long warningsBefore = ConsoleLines.printed();
    private long openF1Records;
    private long liveTimingMessages;
    private Double speedFactor;
    private int firstSeason;
    private int lastSeason;

    @Option(names = "--round", paramLabel = "N", description = "Only this round (default: every round of the season).")
    Integer round;

    @Option(names = "--speed", paramLabel = "max|FACTOR", defaultValue = "max",
            description = {"max (default): as fast as possible, one transaction per session.",
                    "FACTOR, e.g. 20: laps are sent in the order and at the pace of the day, FACTOR times faster."})
    String speed;

    @Option(names = "--refresh",
            description = "Fetch everything from the API again, even what <data-dir>/archive already keeps (e.g. results restated since).")
    boolean refresh;

    @Option(names = "--openf1",
            description = {"Also replay OpenF1's sessions of the same rounds (2023 on): laps with sectors and speed traps,",
                    "stints, pit, weather, race control. From --archive when given (needs its openf1/sessions listing), else --openf1-url."})
    boolean openF1;

    @Option(names = "--produce-only",
            description = {"Only produce into --bootstrap-servers and return once it is committed there: the stages run as",
                    "processes of their own (`pitwall streams|sink|load`), possibly several of each."})
    boolean produceOnly;

    @Option(names = "--livetiming",
            description = {"Also replay F1's live-timing sessions of the same rounds (static archive, 2018 on): laps with sectors,",
                    "gaps, intervals, tyres; track status. From --archive DIR/livetiming when given, else --livetiming-url."})
    boolean liveTiming;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long each stage may take to catch up before giving up (default: ${DEFAULT-VALUE}).")
    int waitTimeoutSeconds;

    @Override
    public Integer call() {
        validate();
        registry.install(spec.commandLine(), System.getenv());
        long t0 = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        Path dataDir = common.dataDir();
        PipelineSettings settings = connection.settings(spec.commandLine(), dataDir);
        try (Pipeline pipeline = produceOnly ? new BrokerOnlyPipeline(settings.bootstrapServers().orElseThrow())
                : Pipelines.attachOrStart(settings)) {
            Map<TopicPartition, Long> dlqMark = DeadLetters.mark(pipeline.kafkaProps());
            filesBefore = produceOnly ? 0 : filesLoaded(pipeline);
            ReplayResult produced;
            try (ReplayProgressPrinter progress = new ReplayProgressPrinter(err, ReplayProgressPrinter.systemTerminal())) {
                progress.pipelineCounts(countsSince(pipeline));
                produced = produceAll(pipeline, dataDir, progress);
                if (!produceOnly) {
                    progress.line("  produced; waiting for the pipeline to load it ...");
                    CatchUp.await(pipeline, Duration.ofSeconds(waitTimeoutSeconds));
                    progress.line(String.format(java.util.Locale.ROOT, "%s everything produced is in the warehouse after %.1f s",
                            QUERYABLE, (System.nanoTime() - t0) / 1e9));
                }
            }
            if (produceOnly) {
                spec.commandLine().getOut().printf("produced %d rounds, %d sessions: %s (committed to %s; the stages load it)%n",
                        produced.rounds(), produced.sessions(), produced.perTable().entrySet().stream().filter(e -> e.getValue() > 0)
                                .map(e -> e.getValue() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", ")),
                        settings.bootstrapServers().orElseThrow());
                spec.commandLine().getOut().flush();
                return 0;
            }
            long rejected = DeadLetters.countSince(pipeline.kafkaProps(), dlqMark);
            printSummary(pipeline, produced, rejected, (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }

    /** Every requested season (with OpenF1 and live timing when asked) into the pipeline's raw topics. */
    private ReplayResult produceAll(Pipeline pipeline, Path dataDir, ReplayProgressPrinter progress) {
        ReplayResult produced = new ReplayResult(0, 0, 0, 0);
        for (int season = firstSeason; season <= lastSeason; season++) {
            ReplayRequest request = new ReplayRequest(season, round, sources.jolpicaUrl(), sources.archive(),
                    sources.archive() == null ? dataDir.resolve("archive") : null, speedFactor, refresh);
            try (SeasonReplayer replayer = new SeasonReplayer(pipeline.kafkaProps(), "pitwall-replay-" + season,
                    sources.jolpicaSettings())) {
                produced = produced.plus(replayer.replay(request, progress));
            }
            if (openF1 && season >= FIRST_OPENF1_SEASON) {
                openF1Records += replayOpenF1(pipeline, season, dataDir, progress::line);
            }
            if (liveTiming && season >= FIRST_LIVETIMING_SEASON) {
                liveTimingMessages += replayLiveTiming(pipeline, season, dataDir, progress::line);
            }
        }
        return produced;
    }

    /** OpenF1's sessions of the replayed rounds, one transaction per session; returns the records sent. */
    private long replayOpenF1(Pipeline pipeline, int season, Path dataDir, java.util.function.Consumer<String> say) {
        OpenF1Source source = sources.archive() != null ? new ArchiveOpenF1Source(sources.archive())
                : new HttpOpenF1Source(sources.openF1Client(System.getenv()), dataDir.resolve("archive"));
        RaceSource schedule = sources.jolpica(dataDir);
        long sent = 0;
        try (source; schedule; OpenF1Replayer replayer = new OpenF1Replayer(pipeline.kafkaProps(), "pitwall-openf1-" + season,
                source, new SessionResolver(schedule))) {
            List<Integer> rounds = round != null ? List.of(round) : new WeekendReader(schedule).rounds(season);
            for (int r : rounds) {
                OpenF1ReplayResult result = replayer.replayWeekend(season, r);
                if (result.note() != null) {
                    say.accept("  openf1 " + season + " round " + r + ": " + result.note());
                    if (result.sessions().isEmpty() && source.sessions(season).isEmpty()) {
                        break; // nothing listed for the whole season: no point asking round by round
                    }
                }
                for (OpenF1ReplayResult.SessionOutcome session : result.sessions()) {
                    say.accept("  openf1 session " + session.sessionKey() + " (" + session.key() + "): "
                            + (session.skipped() ? "already replayed" : session.sent().entrySet().stream()
                                    .map(e -> e.getValue() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", "))));
                }
                sent += result.recordsSent();
            }
        }
        return sent;
    }

    /** The live-timing sessions of the replayed rounds, each once; returns the messages sent. */
    private long replayLiveTiming(Pipeline pipeline, int season, Path dataDir, java.util.function.Consumer<String> say) {
        RaceSource schedule = sources.jolpica(dataDir);
        long sent = 0;
        try (schedule; LiveTimingReplayer replayer = new LiveTimingReplayer(pipeline.kafkaProps(), "pitwall-livetiming-" + season,
                sources.liveTiming(dataDir), schedule)) {
            List<Integer> rounds = round != null ? List.of(round) : new WeekendReader(schedule).rounds(season);
            for (int r : rounds) {
                List<LiveTimingReplayer.Outcome> outcomes = replayer.replayRound(season, r, speedFactor);
                if (outcomes.isEmpty()) {
                    say.accept("  livetiming " + season + " round " + r + ": no archived session");
                }
                for (LiveTimingReplayer.Outcome o : outcomes) {
                    say.accept("  livetiming " + o.key() + " (" + o.path() + "): "
                            + (o.skipped() ? "already replayed" : o.messages() + " messages"));
                    sent += o.messages();
                }
            }
        }
        return sent;
    }

    private void validate() {
        if (seasons.single != null) {
            firstSeason = checkSeason("--season", seasons.single);
            lastSeason = firstSeason;
        } else {
            String[] ends = seasons.range.split("\\.\\.", -1);
            if (ends.length != 2 || !ends[0].matches("\\d{4}") || !ends[1].matches("\\d{4}")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--seasons " + seasons.range + " is not a range like 1996..2024");
            }
            firstSeason = checkSeason("--seasons", Integer.parseInt(ends[0]));
            lastSeason = checkSeason("--seasons", Integer.parseInt(ends[1]));
            if (firstSeason > lastSeason) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--seasons " + seasons.range + " runs backwards");
            }
            if (round != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--round needs a single --season");
            }
        }
        if (!speed.equals("max")) {
            try {
                speedFactor = Double.valueOf(speed);
            } catch (NumberFormatException e) {
                speedFactor = null;
            }
            if (speedFactor == null || !(speedFactor > 0) || speedFactor.isInfinite()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--speed " + speed + " is neither max nor a positive factor");
            }
        }
        if (round != null && (round < 1 || round > 40)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--round " + round + " is out of range 1..40");
        }
        if (refresh && sources.archive != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--refresh fetches from the API; it does not go with --archive");
        }
        sources.validate(spec.commandLine());
        if (produceOnly && (connection.bootstrapServers == null || connection.bootstrapServers.isBlank())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--produce-only needs --bootstrap-servers");
        }
    }

    /** Files loaded and records rejected since now, from the pipeline's /metrics (zeros when it serves none). */
    private static java.util.function.Supplier<ReplayProgressPrinter.PipelineCounts> countsSince(Pipeline pipeline) {
        java.util.Optional<java.net.URI> endpoint = pipeline.metricsEndpoint();
        if (endpoint.isEmpty()) {
            return () -> ReplayProgressPrinter.PipelineCounts.NONE;
        }
        java.util.function.Supplier<ReplayProgressPrinter.PipelineCounts> read = () -> {
            PrometheusText m = PrometheusText.scrape(endpoint.get());
            return new ReplayProgressPrinter.PipelineCounts((long) m.sum("pitwall_loader_files_total"),
                    (long) m.sum("pitwall_streams_rejected_total"));
        };
        ReplayProgressPrinter.PipelineCounts before;
        try {
            before = read.get();
        } catch (RuntimeException e) {
            before = ReplayProgressPrinter.PipelineCounts.NONE;
        }
        ReplayProgressPrinter.PipelineCounts start = before;
        return () -> {
            ReplayProgressPrinter.PipelineCounts now = read.get();
            return new ReplayProgressPrinter.PipelineCounts(now.filesLoaded() - start.filesLoaded(), now.rejected() - start.rejected());
        };
    }

    private long filesLoaded(Pipeline pipeline) {
        return count(pipeline, "select count(*) from staging.loaded_files");
    }

    private int checkSeason(String option, int season) {
        int last = Year.now().getValue() + 1;
        if (season < FIRST_SEASON || season > last) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " " + season + " is not a Formula 1 season (" + FIRST_SEASON + ".." + last + ")");
        }
        return season;
    }

    private void printSummary(Pipeline pipeline, ReplayResult produced, long rejected, double seconds) {
        String where = "season between " + firstSeason + " and " + lastSeason + (round == null ? "" : " and round = " + round);
        long results = count(pipeline, "select count(*) from analytics.results where " + where);
        long laps = count(pipeline, "select count(*) from analytics.laps where " + where);
        long files = filesLoaded(pipeline) - filesBefore;
        PrintWriter out = spec.commandLine().getOut();
        String what = firstSeason == lastSeason ? Integer.toString(firstSeason) : firstSeason + ".." + lastSeason;
        out.printf("replayed %s%s from %s in %.1f s%n", what, round == null ? "" : " round " + round,
                sources.archive != null ? "archive " + sources.archive : sources.jolpicaUrl(), seconds);
        out.printf("  produced    %d rounds, %d sessions: %s%n", produced.rounds(), produced.sessions(),
                produced.perTable().entrySet().stream().filter(e -> e.getValue() > 0)
                        .map(e -> e.getValue() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", ")));
        if (openF1) {
            out.printf("  openf1      %d records%n", openF1Records);
        }
        if (liveTiming) {
            long timingLaps = count(pipeline, "select count(*) from analytics.timing_laps where " + where);
            out.printf("  livetiming  %d messages, analytics.timing_laps %d rows%n", liveTimingMessages, timingLaps);
        }
        out.printf("  warehouse   analytics.results %d rows, analytics.laps %d rows%n", results, laps);
        out.printf("  files       %d loaded by this run%n", files);
        out.printf("  rejects     %d (f1.dlq)%n", rejected);
        if (ConsoleLines.printed() > warningsBefore) {
            LogSetup.logFile().ifPresent(log -> out.printf("  log         %d warnings or errors; the full log is %s%n",
                    ConsoleLines.printed() - warningsBefore, log));
        }
        out.flush();
    }

    private static long count(Pipeline pipeline, String sql) {
        QueryResult r = pipeline.query(sql);
        return ((Number) r.rows().get(0).get(0)).longValue();
    }
}

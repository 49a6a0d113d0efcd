package dev.pitwall.producer.livetiming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.replay.ReplayCheckpoints;
import dev.pitwall.producer.signalr.SignalRClient;
import dev.pitwall.producer.testing.Fixtures;
import dev.pitwall.producer.testing.FixtureSignalRServer;
import dev.pitwall.producer.testing.LiveTimingFollowerProcess;
import dev.pitwall.producer.testing.TopicReader;
import dev.pitwall.schemas.TopicCatalogue;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import dev.pitwall.schemas.avro.RawLiveTiming;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.schemas.serde.PitwallSerdes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live-timing follower against a local SignalR Core hub playing recorded sessions of the static
 * archive on a virtual clock: what lands on f1.raw.livetiming is what the archive replayer sends for
 * the same session (topic, text, offset, feed time, in order), through a dropped connection and a
 * stalled hub, and across a SIGKILL of the follower's JVM and a restart.
 */
class LiveTimingFollowerIT {
    private static final String ROOT = "2023/2023-04-30_Azerbaijan_Grand_Prix/";
    private static final Duration WAIT = Duration.ofSeconds(180);
    @TempDir
    static Path dir;
    static EmbeddedKafka broker;
    static RawArchiveSource schedule;
    private FixtureSignalRServer hub;
    private Process child;

    @BeforeAll
    static void startBroker() {
        Fixtures.jolpica();
        schedule = new RawArchiveSource(Fixtures.archive());
        broker = EmbeddedKafka.start(dir.resolve("broker"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicCatalogue.ensure(admin, (short) 1);
        }
        // the first transaction on a fresh broker creates the transaction state topic (seconds)
        Map<String, Object> warmUp = new HashMap<>(kafka());
        warmUp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "livetiming-it-warm-up");
        try (var producer = new KafkaProducer<>(warmUp, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.commitTransaction();
        }
    }

    @AfterEach
    void stopHub() {
        if (child != null) {
            child.destroyForcibly();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
        if (schedule != null) {
            schedule.close();
        }
    }

    private static Map<String, Object> kafka() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    }

    private LiveTimingRequest request(Path archiveDir, Duration idle) {
        SignalRClient.Settings settings = SignalRClient.Settings.of(hub.url(), null).withTimeouts(Duration.ofSeconds(1), idle);
        return new LiveTimingRequest("latest", settings, schedule, archiveDir, Duration.ofMillis(100), Duration.ofMillis(500),
                Duration.ofSeconds(2), 20);
    }

    @Test
    void aFollowedSessionIsWhatTheArchiveReplayerSends() throws Exception {
        String path = ROOT + "2023-04-29_Sprint/";
        hub = FixtureSignalRServer.start(Fixtures.archive().resolve("livetiming"), path, 500);
        Path kept = dir.resolve("kept");
        List<String> events = new ArrayList<>();
        LiveTimingFollower.Result result = new LiveTimingFollower(kafka(), request(kept, Duration.ofSeconds(30))).run(new LiveTimingFollower.Progress() {
            @Override
            public void named(String session, String p, boolean resumed) {
                events.add(session + " " + p + " " + resumed);
            }
        });

        assertThat(result.outcome()).isEqualTo(LiveTimingFollower.Outcome.FINISHED);
        assertThat(result.session()).isEqualTo("2023/4/S");
        assertThat(events).containsExactly("2023/4/S " + path + " false");
        List<RawLiveTiming> live = sent("2023/4/S/");
        List<RawLiveTiming> archived = archived(path, 2023, 4, "S");
        assertSame(live, archived);
        assertThat(result.sentTotal().get("TimingData")).isEqualTo(archived.stream().filter(m -> m.getTopic().equals("TimingData")).count());
        List<SessionEvent> control = control("2023/4/S");
        assertThat(control).extracting(SessionEvent::getType).containsExactly(SessionEventType.STARTED, SessionEventType.FINISHED);
        assertThat(control.get(1).getExpected()).containsEntry("timing_laps", result.sentTotal().get("TimingData"));
        assertThat(control.get(1).getSource()).isEqualTo(LiveTimingFollower.SOURCE);

        // kept in the static archive's layout: the archive reader replays it to the same lines
        List<RawLiveTiming> fromKept;
        try (LiveTimingReplayer replayer = new LiveTimingReplayer(kafka(), "lt-kept", new LocalLiveTimingArchive(kept.resolve("livetiming")), schedule)) {
            ArchivedSession session = new LocalLiveTimingArchive(kept.resolve("livetiming")).sessions(2023).stream()
                    .filter(s -> s.path().equals(path)).findFirst().orElseThrow();
            fromKept = replayer.read(session, 2023, 4, "S");
        }
        assertThat(fromKept).extracting(RawLiveTiming::getTopic, RawLiveTiming::getMessage, RawLiveTiming::getStreamOffsetMs)
                .isEqualTo(archived.stream().map(m -> org.assertj.core.groups.Tuple.tuple(m.getTopic(), m.getMessage(), m.getStreamOffsetMs())).toList());

        // the same command again: the job finished, nothing is sent
        hub.close();
        hub = FixtureSignalRServer.start(Fixtures.archive().resolve("livetiming"), path, 500);
        assertThat(new LiveTimingFollower(kafka(), request(null, Duration.ofSeconds(30))).run().outcome())
                .isEqualTo(LiveTimingFollower.Outcome.ALREADY_FINISHED);
        assertThat(sent("2023/4/S/")).hasSize(live.size());
    }

    @Test
    void aDroppedConnectionAndAStalledHubLoseNothingAndRepeatNothing() throws Exception {
        String path = ROOT + "2023-04-28_Qualifying/";
        hub = FixtureSignalRServer.start(Fixtures.archive().resolve("livetiming"), path, 400);
        int total = hub.lines().size();
        CompletableFuture<LiveTimingFollower.Result> run = CompletableFuture.supplyAsync(
                () -> new LiveTimingFollower(kafka(), request(null, Duration.ofSeconds(2))).run());
        await(() -> hub.sent() > total / 3);
        hub.dropConnections();
        await(() -> hub.subscriptions() >= 2 && hub.sent() > total * 2 / 3);
        hub.stall(Duration.ofSeconds(4));
        await(() -> hub.subscriptions() >= 3);
        hub.sendBroken();
        LiveTimingFollower.Result result = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(LiveTimingFollower.Outcome.FINISHED);
        assertThat(result.connections()).as("reconnected after the drop and after the watchdog saw the stall").isGreaterThanOrEqualTo(3);
        // frames in flight when the TCP connection died are lost; the resubscribe snapshot stands in for them
        List<Window> windows = assertLinesOnceInOrder(sent("2023/4/Q/"), archived(path, 2023, 4, "Q"));
        System.out.printf("drop and stall: %s%n", windows);
        assertThat(windows).as("at most one gap per reconnect").hasSizeLessThanOrEqualTo(result.connections() - 1);
        assertThat(control("2023/4/Q")).extracting(SessionEvent::getType).containsExactly(SessionEventType.STARTED, SessionEventType.FINISHED);
    }

    @Test
    void aKilledFollowerRestartedByTheSameCommandSendsEachMessageOnce() throws Exception {
        String path = "2018/2018-04-29_Azerbaijan_Grand_Prix/2018-04-29_Race/";
        hub = FixtureSignalRServer.start(Fixtures.archive().resolve("livetiming"), path, 250);
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), LiveTimingFollowerProcess.class.getName(),
                broker.bootstrapServers(), hub.url().toString(), Fixtures.archive().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("livetiming-child.log").toFile()).start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && child.isAlive()) {
            Optional<ProducerCheckpoint> at = ReplayCheckpoints.latest(kafka(), "livetiming-live/2018/4/R");
            long committed = at.map(c -> c.getSent().values().stream().mapToLong(Long::longValue).sum()).orElse(0L);
            // mid-race, and not while the child (slow to warm up on a loaded machine) lags far behind the hub
            if (at.map(c -> c.getSent().getOrDefault("TimingData", 0L)).orElse(0L) >= 6_000 && hub.sent() - committed < 400) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(child.isAlive()).as("the child follower was still running when killed; its log:%n%s",
                String.join("\n", Files.readAllLines(dir.resolve("livetiming-child.log")))).isTrue();
        child.destroyForcibly().waitFor();
        assertThat(hub.finished()).as("killed mid-session").isFalse();
        ProducerCheckpoint committed = ReplayCheckpoints.latest(kafka(), "livetiming-live/2018/4/R").orElseThrow();
        assertThat(committed.getFinished()).isFalse();
        System.out.printf("killed the live-timing follower with %s committed; the hub had sent %d of %d lines%n",
                committed.getSent(), hub.sent(), hub.lines().size());

        LiveTimingFollower.Result resumed = new LiveTimingFollower(kafka(), request(null, Duration.ofSeconds(30))).run();
        assertThat(resumed.outcome()).isEqualTo(LiveTimingFollower.Outcome.FINISHED);
        long thisRun = resumed.sentThisRun().values().stream().mapToLong(Long::longValue).sum();
        assertThat(thisRun).as("the restart did not start over").isLessThan(resumed.messages());

        List<RawLiveTiming> live = sent("2018/4/R/");
        List<RawLiveTiming> archived = archived(path, 2018, 4, "R");
        List<Window> windows = assertLinesOnceInOrder(live, archived);
        System.out.printf("restart: %d lines the killed follower had been sent but not committed, sent again as %d differences from the snapshot%n",
                windows.stream().mapToInt(Window::lines).sum(), windows.stream().mapToInt(Window::differences).sum());
        assertThat(windows).as("one gap, where the kill was").hasSizeLessThanOrEqualTo(1);
        assertThat(live).extracting(RawLiveTiming::getSequence).doesNotHaveDuplicates().isSorted();
        assertThat(control("2018/4/R")).extracting(SessionEvent::getType).containsExactly(SessionEventType.STARTED, SessionEventType.FINISHED);
    }

    @Test
    void aSecondFollowerOfTheSessionTakesOverAndTheFirstStops() throws Exception {
        String path = ROOT + "2023-04-29_Sprint_Shootout/";
        hub = FixtureSignalRServer.start(Fixtures.archive().resolve("livetiming"), path, 300);
        int total = hub.lines().size();
        CompletableFuture<LiveTimingFollower.Result> first = CompletableFuture.supplyAsync(
                () -> new LiveTimingFollower(kafka(), request(null, Duration.ofSeconds(30))).run());
        await(() -> hub.sent() > total / 3);
        CompletableFuture<LiveTimingFollower.Result> second = CompletableFuture.supplyAsync(
                () -> new LiveTimingFollower(kafka(), request(null, Duration.ofSeconds(30))).run());

        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).outcome()).isEqualTo(LiveTimingFollower.Outcome.REPLACED);
        LiveTimingFollower.Result result = second.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(LiveTimingFollower.Outcome.FINISHED);
        assertThat(result.session()).isEqualTo("2023/4/SQ");
        List<Window> windows = assertLinesOnceInOrder(sent("2023/4/SQ/"), archived(path, 2023, 4, "SQ"));
        System.out.printf("take-over: %s%n", windows);
        assertThat(control("2023/4/SQ")).extracting(SessionEvent::getType).containsExactly(SessionEventType.STARTED, SessionEventType.FINISHED);
    }

    /** Where the live messages differ from the archived lines: {@code differences} messages from a snapshot stand for {@code lines} lines. */
    record Window(int atLine, int lines, int differences) {}

    /**
     * Every live message is the next archived line (same topic, text, offset and feed time), or one of
     * a run of differences from a resubscribe snapshot (at most one per topic) standing for the lines
     * missed there; no line comes twice or out of order, and the feed state built is the same.
     */
    private static List<Window> assertLinesOnceInOrder(List<RawLiveTiming> live, List<RawLiveTiming> archived) {
        List<Window> windows = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < live.size()) {
            if (j < archived.size() && same(live.get(i), archived.get(j))) {
                i++;
                j++;
                continue;
            }
            int k = i;
            int m = -1;
            for (; k < live.size() && m < 0; k++) {
                for (int c = j; c < archived.size(); c++) {
                    if (same(live.get(k), archived.get(c))) {
                        m = c;
                        break;
                    }
                }
            }
            int end = m < 0 ? live.size() : k - 1;
            List<RawLiveTiming> differences = live.subList(i, end);
            assertThat(differences.stream().map(RawLiveTiming::getTopic).distinct().count()).as("one difference per topic at %d", i)
                    .isEqualTo(differences.size());
            windows.add(new Window(j, (m < 0 ? archived.size() : m) - j, differences.size()));
            i = end;
            j = m < 0 ? archived.size() : m;
        }
        assertThat(j).as("every archived line or a difference standing for it was sent").isEqualTo(archived.size());
        Map<String, JsonNode> built = merged(live);
        merged(archived).forEach((topic, state) -> assertThat(built.get(topic))
                .as("the %s state the raw topic builds; missing %s, extra %s", topic, FeedState.diff(built.get(topic), state), FeedState.diff(state, built.get(topic)))
                .isEqualTo(state));
        assertThat(built.keySet()).isEqualTo(merged(archived).keySet());
        return windows;
    }

    /** The same topic, text, offset and feed time, in the same order: Streams cannot tell the two apart. */
    private static void assertSame(List<RawLiveTiming> live, List<RawLiveTiming> archived) {
        assertThat(live).hasSameSizeAs(archived);
        for (int i = 0; i < archived.size(); i++) {
            RawLiveTiming a = archived.get(i);
            RawLiveTiming l = live.get(i);
            assertThat(same(l, a)).as("message %d: live %s / archived %s", i, l, a).isTrue();
            assertThat(l.getSource()).isEqualTo(LiveTimingFollower.SOURCE);
        }
    }

    private static boolean same(RawLiveTiming live, RawLiveTiming archived) {
        boolean timestamps = archived.getFeedTimestamp() == null || archived.getFeedTimestamp().equals(live.getFeedTimestamp());
        return live.getTopic().equals(archived.getTopic()) && live.getMessage().equals(archived.getMessage())
                && java.util.Objects.equals(live.getStreamOffsetMs(), archived.getStreamOffsetMs()) && timestamps;
    }

    private static Map<String, JsonNode> merged(List<RawLiveTiming> messages) {
        FeedState state = new FeedState();
        messages.forEach(m -> state.apply(m.getTopic(), m.getMessage()));
        Map<String, JsonNode> out = new HashMap<>();
        messages.forEach(m -> out.put(m.getTopic(), state.get(m.getTopic())));
        return out;
    }

    private List<RawLiveTiming> archived(String path, int season, int round, String code) {
        LocalLiveTimingArchive archive = new LocalLiveTimingArchive(Fixtures.archive().resolve("livetiming"));
        ArchivedSession session = archive.sessions(season).stream().filter(s -> s.path().equals(path)).findFirst().orElseThrow();
        try (LiveTimingReplayer replayer = new LiveTimingReplayer(kafka(), "lt-read", archive, schedule)) {
            return replayer.read(session, season, round, code);
        }
    }

    private static List<RawLiveTiming> sent(String prefix) {
        return TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_LIVETIMING, "read_committed").stream()
                .filter(r -> r.key().startsWith(prefix)).map(r -> PitwallSerdes.rawLiveTimingCodec().decode(r.value())).toList();
    }

    private static List<SessionEvent> control(String key) {
        return TopicReader.readAll(broker.bootstrapServers(), Topics.CONTROL, "read_committed").stream()
                .filter(r -> r.key().equals(key)).map(r -> PitwallSerdes.sessionEventCodec().decode(r.value())).toList();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", WAIT).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}

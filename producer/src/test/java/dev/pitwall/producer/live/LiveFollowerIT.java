package dev.pitwall.producer.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.http.ClientSettings;
import dev.pitwall.producer.http.RateLimit;
import dev.pitwall.producer.openf1.OpenF1Auth;
import dev.pitwall.producer.openf1.OpenF1Client;
import dev.pitwall.producer.openf1.OpenF1Dates;
import dev.pitwall.producer.openf1.OpenF1Endpoint;
import dev.pitwall.producer.replay.ReplayCheckpoints;
import dev.pitwall.producer.testing.FixtureOpenF1Server;
import dev.pitwall.producer.testing.Fixtures;
import dev.pitwall.producer.testing.LiveFollowerProcess;
import dev.pitwall.producer.testing.OpenF1Fixtures;
import dev.pitwall.producer.testing.OpenF1Topics;
import dev.pitwall.producer.testing.VirtualClock;
import dev.pitwall.schemas.TopicCatalogue;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live following against recorded races replayed "live" by the fixture server on a virtual clock
 * running {@value #SPEED} times faster than real time (a 95-minute race in about 11 s).
 */
class LiveFollowerIT {
    private static final double SPEED = 500;
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    static EmbeddedKafka broker;
    static RawArchiveSource schedule;
    private FixtureOpenF1Server server;
    private Process child;

    @BeforeAll
    static void startBroker() {
        OpenF1Fixtures.openF1();
        schedule = new RawArchiveSource(Fixtures.archive());
        broker = EmbeddedKafka.start(dir.resolve("broker"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicCatalogue.ensure(admin, (short) 1);
        }
        // the first transaction on a fresh broker creates the transaction state topic (seconds): not part of what is measured
        Map<String, Object> warmUp = new java.util.HashMap<>(kafka());
        warmUp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "live-it-warm-up");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(warmUp,
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.commitTransaction();
        }
    }

    @AfterEach
    void stopServer() {
        if (child != null) {
            child.destroyForcibly();
        }
        if (server != null) {
            server.close();
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

    /**
     * A server for one session whose virtual clock reaches the session's listed start (5 minutes before
     * its first lap) {@code leadMillis} of wall time from now.
     */
    private VirtualClock serve(int sessionKey, long leadMillis) {
        return serve(sessionKey, leadMillis, SPEED);
    }

    private VirtualClock serve(int sessionKey, long leadMillis, double speed) {
        FixtureOpenF1Server probe = FixtureOpenF1Server.start(OpenF1Fixtures.openF1(), List.of(sessionKey), null);
        Instant start = OpenF1Dates.parse(probe.sessionObject(sessionKey).path("date_start").asText());
        probe.close();
        VirtualClock clock = new VirtualClock(start, System.currentTimeMillis() + leadMillis, speed);
        server = FixtureOpenF1Server.start(OpenF1Fixtures.openF1(), List.of(sessionKey), clock);
        return clock;
    }

    private LiveRequest request(int sessionKey, VirtualClock clock) {
        OpenF1Client client = new OpenF1Client(server.baseUrl(), OpenF1Auth.anonymous(),
                ClientSettings.openF1().withRateLimit(RateLimit.unlimited()).withRetries(4, Duration.ofMillis(20)));
        return new LiveRequest(Integer.toString(sessionKey), client, schedule, POLL, GRACE, clock, null, null);
    }

    private Instant sessionEnd(int sessionKey) {
        return OpenF1Dates.parse(server.sessionObject(sessionKey).path("date_end").asText());
    }

    @Test
    void recordsArriveWhileTheSessionRunsAndEndAsTheRecordedSession() {
        VirtualClock clock = serve(9539, 500);
        List<Instant> lapsCommittedAt = Collections.synchronizedList(new ArrayList<>());
        LiveResult result = new LiveFollower(kafka(), request(9539, clock)).run((poll, at, records, sweep) -> {
            if (records.getOrDefault("laps", 0) > 0) {
                lapsCommittedAt.add(at);
            }
        });

        assertThat(result.outcome()).isEqualTo(LiveResult.Outcome.FINISHED);
        assertThat(result.session().key()).isEqualTo("2024/10/R");
        Instant end = sessionEnd(9539);
        assertThat(lapsCommittedAt.stream().filter(at -> at.isBefore(end)).count())
                .as("polls that committed laps while the virtual race was running").isGreaterThan(10);
        Map<String, Long> onTopics = assertFinalContentIsTheRecording(9539, "2024/10/R");
        assertThat(onTopics.get("openf1_laps")).as("laps sent again once OpenF1 filled in their duration").isGreaterThan(1310L);
        assertThat(result.sentTotal()).isEqualTo(onTopics);
        assertThat(result.sentThisRun()).isEqualTo(onTopics);
        List<SessionEvent> events = OpenF1Topics.events(broker.bootstrapServers(), "2024/10/R");
        assertThat(events).extracting(SessionEvent::getType).containsExactly(SessionEventType.STARTED, SessionEventType.FINISHED);
        assertThat(events.get(1).getExpected()).isEqualTo(onTopics);

        // the same command again: the job is finished, nothing is sent
        LiveResult again = new LiveFollower(kafka(), request(9539, clock)).run();
        assertThat(again.outcome()).isEqualTo(LiveResult.Outcome.ALREADY_FINISHED);
        assertThat(OpenF1Topics.events(broker.bootstrapServers(), "2024/10/R")).hasSize(2);
    }

    @Test
    void aKilledFollowerIsResumedByTheSameCommandWithoutLosingAnything() throws Exception {
        // slower: the kill must land mid-race however long the child JVM takes to start
        VirtualClock clock = serve(9550, 3000, 350);
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), LiveFollowerProcess.class.getName(),
                broker.bootstrapServers(), server.baseUrl().toString(), "9550", Fixtures.archive().toString(),
                Long.toString(clock.virtualStart().toEpochMilli()), Long.toString(clock.wallStartMillis()), Double.toString(clock.speed()),
                Long.toString(POLL.toMillis()), Long.toString(GRACE.toMillis()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("live-child.log").toFile()).start();

        long deadline = System.nanoTime() + WAIT.toNanos();
        Optional<ProducerCheckpoint> atKill = Optional.empty();
        while (System.nanoTime() < deadline && child.isAlive()) {
            atKill = ReplayCheckpoints.latest(kafka(), "live/9550");
            if (atKill.map(c -> c.getSent().getOrDefault("openf1_laps", 0L)).orElse(0L) >= 150) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(child.isAlive()).as("the child follower was still running when killed; its log:%n%s",
                String.join("\n", java.nio.file.Files.readAllLines(dir.resolve("live-child.log")).stream()
                        .filter(line -> !line.startsWith("\t")).toList())).isTrue();
        child.destroyForcibly().waitFor();
        assertThat(clock.instant()).as("killed mid-session").isBefore(sessionEnd(9550));
        ProducerCheckpoint committed = ReplayCheckpoints.latest(kafka(), "live/9550").orElseThrow();
        assertThat(committed.getFinished()).isFalse();
        assertThat(committed.getCursors()).containsKey("laps");
        System.out.printf("killed the live follower with %s committed, cursors %s%n", committed.getSent(), committed.getCursors());

        LiveResult resumed = new LiveFollower(kafka(), request(9550, clock)).run();
        assertThat(resumed.outcome()).isEqualTo(LiveResult.Outcome.FINISHED);
        assertThat(resumed.sentThisRun().get("openf1_laps")).as("the resumed run did not start over")
                .isLessThan(resumed.sentTotal().get("openf1_laps"));

        // the killed run's open transaction holds read_committed readers back until the broker aborts it
        awaitAsserted(() -> {
            Map<String, Long> onTopics = assertFinalContentIsTheRecording(9550, "2024/11/R");
            List<SessionEvent> events = OpenF1Topics.events(broker.bootstrapServers(), "2024/11/R");
            assertThat(events).extracting(SessionEvent::getType).containsExactly(SessionEventType.STARTED, SessionEventType.FINISHED);
            assertThat(events.get(1).getExpected()).isEqualTo(onTopics).isEqualTo(resumed.sentTotal());
        });
    }

    @Test
    void twoFollowersAtOnceBothFinishWithTheWholeSession() throws Exception {
        VirtualClock clock = serve(9558, 500);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<LiveResult> a = pool.submit(() -> new LiveFollower(kafka(), request(9558, clock)).run());
            Future<LiveResult> b = pool.submit(() -> new LiveFollower(kafka(), request(9558, clock)).run());
            assertThat(a.get(WAIT.toSeconds(), TimeUnit.SECONDS).outcome()).isEqualTo(LiveResult.Outcome.FINISHED);
            assertThat(b.get(WAIT.toSeconds(), TimeUnit.SECONDS).outcome()).isEqualTo(LiveResult.Outcome.FINISHED);
        } finally {
            pool.shutdownNow();
        }
        assertFinalContentIsTheRecording(9558, "2024/12/R");
        List<SessionEvent> events = OpenF1Topics.events(broker.bootstrapServers(), "2024/12/R");
        assertThat(events.stream().filter(e -> e.getType() == SessionEventType.FINISHED).count()).isBetween(1L, 2L);
        assertThat(events.stream().filter(e -> e.getType() == SessionEventType.STARTED).count()).isBetween(1L, 2L);
    }

    /** The last version of every key equals the recorded object; returns the raw records on the topics per table. */
    private Map<String, Long> assertFinalContentIsTheRecording(int sessionKey, String prefix) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (OpenF1Endpoint endpoint : OpenF1Endpoint.values()) {
            List<OpenF1Topics.Sent> sent = OpenF1Topics.records(broker.bootstrapServers(), endpoint, prefix);
            Map<String, JsonNode> expected = OpenF1Topics.byKey(prefix, endpoint, server.recorded(sessionKey, endpoint.path()));
            assertThat(OpenF1Topics.lastPerKey(sent)).as(endpoint.path()).isEqualTo(expected);
            counts.put(endpoint.table(), (long) sent.size());
        }
        return counts;
    }

    private static void awaitAsserted(Runnable assertion) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }
}

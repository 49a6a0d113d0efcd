package dev.pitwall.producer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.jolpica.SessionRecords;
import dev.pitwall.producer.jolpica.WeekendReader;
import dev.pitwall.producer.testing.FixtureJolpicaServer;
import dev.pitwall.producer.testing.TopicReader;
import dev.pitwall.producer.testing.Fixtures;
import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.TopicCatalogue;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.schemas.serde.PitwallSerdes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeasonReplayerIT {
    @TempDir
    static Path dir;
    static EmbeddedKafka broker;
    static FixtureJolpicaServer jolpica;

    @BeforeAll
    static void startBrokerAndServer() {
        Path fixtures = Fixtures.jolpica();
        broker = EmbeddedKafka.start(dir.resolve("broker"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicCatalogue.ensure(admin, (short) 1);
        }
        jolpica = FixtureJolpicaServer.start(fixtures);
    }

    @AfterAll
    static void stop() {
        if (jolpica != null) {
            jolpica.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aSprintWeekendLandsCommittedWithEachSessionOnOnePartition() {
        List<SessionRecords> expected;
        try (RawArchiveSource archive = new RawArchiveSource(Fixtures.archive())) {
            expected = new WeekendReader(archive).weekend(2024, 6, true);
        }
        List<String> progress = new ArrayList<>();

        ReplayResult result;
        try (SeasonReplayer replayer = new SeasonReplayer(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), "pitwall-it-" + UUID.randomUUID())) {
            result = replayer.replay(new ReplayRequest(2024, 6, jolpica.baseUrl(), null, null),
                    (season, round, session, results, laps) -> progress.add(season + "/" + round + "/" + session + ":" + results + "/" + laps));
        }

        long expectedResults = expected.stream().mapToLong(s -> s.results().size()).sum();
        long expectedLaps = expected.stream().mapToLong(s -> s.laps().size()).sum();
        assertThat(result).isEqualTo(new ReplayResult(1, expected.size(), expectedResults, expectedLaps));
        assertThat(progress).containsExactlyElementsOf(expected.stream()
                .map(s -> "2024/6/" + s.session() + ":" + s.results().size() + "/" + s.laps().size()).toList());

        List<ConsumerRecord<String, byte[]>> results = ofRound(TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_RESULTS, "read_committed"), "2024/6/");
        List<ConsumerRecord<String, byte[]>> laps = ofRound(TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_LAPS, "read_committed"), "2024/6/");
        List<ConsumerRecord<String, byte[]>> control = ofRound(TopicReader.readAll(broker.bootstrapServers(), Topics.CONTROL, "read_committed"), "2024/6/");
        for (SessionRecords session : expected) {
            String sessionKey = RecordKeys.session(2024, 6, session.session());
            List<ConsumerRecord<String, byte[]>> sessionResults = ofSession(results, sessionKey);
            List<ConsumerRecord<String, byte[]>> sessionLaps = ofSession(laps, sessionKey);
            List<SessionEvent> events = control.stream().filter(r -> r.key().equals(sessionKey))
                    .map(r -> PitwallSerdes.sessionEventCodec().decode(r.value())).toList();
            assertThat(sessionResults).hasSize(session.results().size());
            assertThat(sessionLaps).hasSize(session.laps().size());
            assertThat(sessionResults).extracting(r -> PitwallSerdes.rawResultCodec().decode(r.value())).containsExactlyElementsOf(
                    session.results().stream().map(r -> dev.pitwall.schemas.avro.RawResult.newBuilder(r).setSource("jolpica").build()).toList());
            assertThat(events).extracting(SessionEvent::getType).containsExactly(SessionEventType.STARTED, SessionEventType.FINISHED);
            assertThat(events.get(1).getExpected()).isEqualTo(Map.of(
                    "results", (long) session.results().size(), "laps", (long) session.laps().size()));
            assertThat(events).extracting(SessionEvent::getRunId).doesNotContainNull().containsOnly(events.get(0).getRunId());
            int controlPartition = control.stream().filter(r -> r.key().equals(sessionKey)).map(ConsumerRecord::partition).findFirst().orElseThrow();
            assertThat(sessionResults).extracting(ConsumerRecord::partition).containsOnly(controlPartition);
            assertThat(sessionLaps).extracting(ConsumerRecord::partition).allMatch(p -> p == controlPartition);
        }
        assertThat(results).hasSize((int) expectedResults);
        assertThat(laps).hasSize((int) expectedLaps);
        assertThat(control).hasSize(2 * expected.size());
    }

    @Test
    void aWholeSeasonFromTheArchiveSkipsRoundsNotRunYet() throws IOException {
        // computed from the recorded files: rounds with results, their sprint and race rows, and lap totals
        ObjectMapper json = new ObjectMapper();
        Path season = Fixtures.jolpica().resolve("2026");
        int rounds = 0;
        int sessions = 0;
        long results = 0;
        long laps = 0;
        for (JsonNode race : json.readTree(season.resolve("races.json").toFile()).path("MRData").path("RaceTable").path("Races")) {
            Path round = season.resolve(race.path("round").asText());
            int raceRows = rows(json, round.resolve("results.json"), "Results");
            int sprintRows = rows(json, round.resolve("sprint.json"), "SprintResults");
            rounds += raceRows + sprintRows > 0 ? 1 : 0;
            sessions += (raceRows > 0 ? 1 : 0) + (sprintRows > 0 ? 1 : 0);
            results += raceRows + sprintRows;
            if (raceRows > 0 && Files.exists(round.resolve("laps_page_000.json"))) {
                laps += json.readTree(round.resolve("laps_page_000.json").toFile()).path("MRData").path("total").asLong();
            }
        }
        assertThat(rounds).isPositive();

        ReplayResult result;
        try (SeasonReplayer replayer = new SeasonReplayer(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), "pitwall-it-" + UUID.randomUUID())) {
            result = replayer.replay(new ReplayRequest(2026, null, null, Fixtures.archive(), null), null);
        }

        assertThat(result).isEqualTo(new ReplayResult(rounds, sessions, results, laps));
        List<ConsumerRecord<String, byte[]>> control = TopicReader.readAll(broker.bootstrapServers(), Topics.CONTROL, "read_committed").stream()
                .filter(r -> r.key().startsWith("2026/")).toList();
        assertThat(control).hasSize(2 * sessions);
        assertThat(control).extracting(r -> PitwallSerdes.sessionEventCodec().decode(r.value()).getSource()).containsOnly("archive");
    }

    private static int rows(ObjectMapper json, Path file, String field) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        JsonNode races = json.readTree(file.toFile()).path("MRData").path("RaceTable").path("Races");
        return races.isEmpty() ? 0 : races.get(0).path(field).size();
    }

    @Test
    void aFailedSendAbortsTheSessionsTransaction() {
        List<ConsumerRecord<String, byte[]>> controlBefore = TopicReader.readAll(broker.bootstrapServers(), Topics.CONTROL, "read_uncommitted");
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        // a control event fits, a result with its full JSON payload does not: the transaction fails midway
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 400);

        try (SeasonReplayer replayer = new SeasonReplayer(props, "pitwall-it-" + UUID.randomUUID())) {
            assertThatThrownBy(() -> replayer.replay(new ReplayRequest(2024, 1, jolpica.baseUrl(), null, null), null))
                    .isInstanceOf(KafkaException.class);
        }

        String sessionKey = RecordKeys.session(2024, 1, "R");
        // Whether the STARTED event reached the log before the abort depends on batching timing; if it
        // did, it belongs to this session and is aborted. What must hold: nothing of the session is committed.
        List<ConsumerRecord<String, byte[]>> uncommitted = TopicReader.readAll(broker.bootstrapServers(), Topics.CONTROL, "read_uncommitted");
        assertThat(uncommitted.subList(controlBefore.size(), uncommitted.size())).extracting(ConsumerRecord::key)
                .allMatch(sessionKey::equals);
        assertThat(ofSession(TopicReader.readAll(broker.bootstrapServers(), Topics.CONTROL, "read_committed"), sessionKey)).isEmpty();
        assertThat(ofSession(TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_RESULTS, "read_committed"), sessionKey)).isEmpty();
    }

    @Test
    void aRoundAgainstAThrottlingServerLandsExactlyOnceWithinTheBurstLimit() {
        List<SessionRecords> expected;
        try (RawArchiveSource archive = new RawArchiveSource(Fixtures.archive())) {
            expected = new WeekendReader(archive).weekend(2024, 5, true);
        }
        List<String> fetched = new ArrayList<>();
        ReplayResult result;
        try (FixtureJolpicaServer throttling = FixtureJolpicaServer.start(Fixtures.jolpica());
             SeasonReplayer replayer = new SeasonReplayer(
                     Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), "pitwall-it-" + UUID.randomUUID())) {
            throttling.throttleEvery(3, Duration.ofSeconds(1));
            throttling.throttleBurstsOver(4, Duration.ofSeconds(1));
            result = replayer.replay(new ReplayRequest(2024, 5, throttling.baseUrl(), null, null), new ReplayProgress() {
                @Override
                public void sessionProduced(int season, int round, String session, long results, long laps) {}

                @Override
                public void documentFetched(String location) {
                    fetched.add(location);
                }
            });

            assertThat(throttling.maxRequestsInAnyWindow(Duration.ofSeconds(1))).isLessThanOrEqualTo(4);
            assertThat(throttling.requests() - fetched.size()).as("every third request was throttled and asked again")
                    .isGreaterThanOrEqualTo(throttling.requests() / 3).isPositive();
        }

        assertThat(result.sessions()).isEqualTo(expected.size());
        List<ConsumerRecord<String, byte[]>> results = ofRound(TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_RESULTS, "read_committed"), "2024/5/");
        List<ConsumerRecord<String, byte[]>> laps = ofRound(TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_LAPS, "read_committed"), "2024/5/");
        for (SessionRecords session : expected) {
            String sessionKey = RecordKeys.session(2024, 5, session.session());
            assertThat(ofSession(results, sessionKey)).extracting(r -> PitwallSerdes.rawResultCodec().decode(r.value()))
                    .containsExactlyElementsOf(session.results().stream()
                            .map(r -> dev.pitwall.schemas.avro.RawResult.newBuilder(r).setSource("jolpica").build()).toList());
            assertThat(ofSession(laps, sessionKey)).extracting(r -> PitwallSerdes.rawLapCodec().decode(r.value()))
                    .containsExactlyElementsOf(session.laps().stream()
                            .map(l -> dev.pitwall.schemas.avro.RawLap.newBuilder(l).setSource("jolpica").build()).toList());
        }
    }

    @Test
    void aPacedRaceGoesOutOnItsTimelineOneTransactionPerLapGroup() {
        SessionRecords race = LapTimelineTest.race(2024, 7);
        String sessionKey = RecordKeys.session(2024, 7, "R");
        List<Long> committed = new ArrayList<>();
        try (SeasonReplayer replayer = new SeasonReplayer(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), "pitwall-it-" + UUID.randomUUID())) {
            // a million times faster than on the day: the whole race paces out in milliseconds
            ReplayResult result = replayer.replay(new ReplayRequest(2024, 7, null, Fixtures.archive(), null, 1e6), new ReplayProgress() {
                @Override
                public void sessionProduced(int season, int round, String session, long results, long laps) {}

                @Override
                public void recordsCommitted(int season, int round, String session, long records) {
                    committed.add(records);
                }
            });
            assertThat(result).isEqualTo(new ReplayResult(1, 1, race.results().size(), race.laps().size()));
        }

        List<dev.pitwall.schemas.avro.RawLap> sent = ofSession(TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_LAPS, "read_committed"), sessionKey).stream()
                .map(r -> PitwallSerdes.rawLapCodec().decode(r.value())).toList();
        assertThat(sent).containsExactlyInAnyOrderElementsOf(race.laps());
        Map<String, Long> elapsed = new HashMap<>();
        long previous = 0;
        for (dev.pitwall.schemas.avro.RawLap lap : sent) {
            long at = elapsed.merge(lap.getDriverId(), LapTimeline.millis(lap.getTime()), Long::sum);
            assertThat(at).as("laps leave in the order they were completed on the day").isGreaterThanOrEqualTo(previous);
            previous = at;
        }
        int groups = LapTimeline.groups(race.laps()).size();
        List<dev.pitwall.schemas.avro.ProducerCheckpoint> checkpoints = TopicReader.readAll(broker.bootstrapServers(), Topics.PRODUCER_CHECKPOINTS, "read_committed").stream()
                .filter(r -> r.key().equals("jolpica/2024/7")).map(r -> ReplayCheckpoints.CODEC.decode(r.value())).toList();
        // one transaction (and checkpoint) per lap group, one for results and FINISHED, one marking the job finished
        assertThat(checkpoints).hasSize(groups + 2);
        assertThat(committed).hasSize(groups + 1);
        assertThat(committed.subList(0, groups).stream().mapToLong(Long::longValue).sum()).isEqualTo(race.laps().size());
        assertThat(checkpoints.subList(0, groups)).extracting(c -> c.getOpenSessionLaps()).isSorted().last().isEqualTo((long) race.laps().size());
        assertThat(checkpoints.get(groups).getCompletedSessions()).containsExactly(sessionKey);
        assertThat(checkpoints.get(groups + 1).getFinished()).isTrue();
        List<SessionEvent> events = ofSession(TopicReader.readAll(broker.bootstrapServers(), Topics.CONTROL, "read_committed"), sessionKey).stream()
                .map(r -> PitwallSerdes.sessionEventCodec().decode(r.value())).toList();
        assertThat(events).extracting(SessionEvent::getType).containsExactly(SessionEventType.STARTED, SessionEventType.FINISHED);
        assertThat(events.get(1).getExpected()).isEqualTo(Map.of("results", (long) race.results().size(), "laps", (long) race.laps().size()));

        // the job finished, so asking again replays everything, at full speed in one transaction
        try (SeasonReplayer again = new SeasonReplayer(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), "pitwall-it-" + UUID.randomUUID())) {
            assertThat(again.replay(new ReplayRequest(2024, 7, null, Fixtures.archive(), null), null))
                    .isEqualTo(new ReplayResult(1, 1, race.results().size(), race.laps().size()));
        }
        assertThat(ofSession(TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_LAPS, "read_committed"), sessionKey)).hasSize(2 * race.laps().size());
    }

    @Test
    void theBenchmarkRunsOnASmallSeason() {
        dev.pitwall.producer.bench.ReplayBenchmark.Result result =
                dev.pitwall.producer.bench.ReplayBenchmark.run(broker.bootstrapServers(), Fixtures.archive(), 1950);

        assertThat(result.sessions()).isPositive();
        assertThat(result.records()).isEqualTo(TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_RESULTS, "read_committed").stream()
                .filter(r -> r.key().startsWith("1950/")).count());
        assertThat(result.toString()).contains("records/s");
    }

    private static List<ConsumerRecord<String, byte[]>> ofRound(List<ConsumerRecord<String, byte[]>> records, String roundPrefix) {
        return records.stream().filter(r -> r.key().startsWith(roundPrefix)).toList();
    }

    private static List<ConsumerRecord<String, byte[]>> ofSession(List<ConsumerRecord<String, byte[]>> records, String sessionKey) {
        return records.stream().filter(r -> RecordKeys.sessionPrefix(r.key()).equals(sessionKey)).toList();
    }

}

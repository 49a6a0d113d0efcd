package dev.pitwall.producer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.http.ClientSettings;
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
        assertThat(expected).extracting(SessionRecords::session).containsExactly("S", "Q", "R");
        assertThat(result).isEqualTo(totals(1, expected));
        assertThat(result.results()).isEqualTo(expectedResults);
        assertThat(result.laps()).isEqualTo(expectedLaps);
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
            assertThat(events.get(1).getExpected()).isEqualTo(session.expected());
            assertThat(events).extracting(SessionEvent::getRunId).doesNotContainNull().containsOnly(events.get(0).getRunId());
            int controlPartition = control.stream().filter(r -> r.key().equals(sessionKey)).map(ConsumerRecord::partition).findFirst().orElseThrow();
            assertThat(sessionResults).extracting(ConsumerRecord::partition).allMatch(p -> p == controlPartition);
            assertThat(sessionLaps).extracting(ConsumerRecord::partition).allMatch(p -> p == controlPartition);
            List<ConsumerRecord<String, byte[]>> sessionQualifying = ofSession(
                    TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_QUALIFYING, "read_committed"), sessionKey);
            assertThat(sessionQualifying).hasSize(session.qualifying().size());
            assertThat(sessionQualifying).extracting(ConsumerRecord::partition).allMatch(p -> p == controlPartition);
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
        long qualifying = 0;
        long pitStops = 0;
        long driverStandings = 0;
        long constructorStandings = 0;
        for (JsonNode race : json.readTree(season.resolve("races.json").toFile()).path("MRData").path("RaceTable").path("Races")) {
            Path round = season.resolve(race.path("round").asText());
            int raceRows = rows(json, round.resolve("results.json"), "Results");
            int sprintRows = rows(json, round.resolve("sprint.json"), "SprintResults");
            int qualifyingRows = raceRows + sprintRows > 0 ? rows(json, round.resolve("qualifying.json"), "QualifyingResults") : 0;
            rounds += raceRows + sprintRows > 0 ? 1 : 0;
            sessions += (raceRows > 0 ? 1 : 0) + (sprintRows > 0 ? 1 : 0) + (qualifyingRows > 0 ? 1 : 0);
            results += raceRows + sprintRows;
            qualifying += qualifyingRows;
            if (raceRows > 0 && Files.exists(round.resolve("laps_page_000.json"))) {
                laps += json.readTree(round.resolve("laps_page_000.json").toFile()).path("MRData").path("total").asLong();
            }
            if (raceRows > 0) {
                pitStops += rows(json, round.resolve("pitstops.json"), "PitStops");
                driverStandings += standingsRows(json, round.resolve("driverStandings.json"), "DriverStandings");
                constructorStandings += standingsRows(json, round.resolve("constructorStandings.json"), "ConstructorStandings");
            }
        }
        assertThat(rounds).isPositive();
        assertThat(qualifying + pitStops + driverStandings + constructorStandings).isPositive();

        ReplayResult result;
        try (SeasonReplayer replayer = new SeasonReplayer(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), "pitwall-it-" + UUID.randomUUID())) {
            result = replayer.replay(new ReplayRequest(2026, null, null, Fixtures.archive(), null), null);
        }

        assertThat(result).isEqualTo(new ReplayResult(rounds, sessions, results, laps, qualifying, pitStops, driverStandings, constructorStandings));
        List<ConsumerRecord<String, byte[]>> control = TopicReader.readAll(broker.bootstrapServers(), Topics.CONTROL, "read_committed").stream()
                .filter(r -> r.key().startsWith("2026/")).toList();
        assertThat(control).hasSize(2 * sessions);
        assertThat(control).extracting(r -> PitwallSerdes.sessionEventCodec().decode(r.value()).getSource()).containsOnly("archive");
    }

    private static int standingsRows(ObjectMapper json, Path file, String field) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        JsonNode lists = json.readTree(file.toFile()).path("MRData").path("StandingsTable").path("StandingsLists");
        return lists.isEmpty() ? 0 : lists.get(0).path(field).size();
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
            assertThatThrownBy(() -> replayer.replay(new ReplayRequest(2024, 3, jolpica.baseUrl(), null, null), null))
                    .isInstanceOf(KafkaException.class);
        }

        // qualifying is the weekend's first session: its transaction fails
        String sessionKey = RecordKeys.session(2024, 3, "Q");
        // Whether the STARTED event reached the log before the abort depends on batching timing; if it
        // did, it belongs to this session and is aborted. What must hold: nothing of the session is committed.
        List<ConsumerRecord<String, byte[]>> uncommitted = TopicReader.readAll(broker.bootstrapServers(), Topics.CONTROL, "read_uncommitted");
        assertThat(uncommitted.subList(controlBefore.size(), uncommitted.size())).extracting(ConsumerRecord::key)
                .allMatch(sessionKey::equals);
        assertThat(ofSession(TopicReader.readAll(broker.bootstrapServers(), Topics.CONTROL, "read_committed"), sessionKey)).isEmpty();
        for (String topic : List.of(Topics.RAW_RESULTS, Topics.RAW_LAPS, Topics.RAW_QUALIFYING, Topics.RAW_PITSTOPS,
                Topics.RAW_DRIVER_STANDINGS, Topics.RAW_CONSTRUCTOR_STANDINGS)) {
            assertThat(ofRound(TopicReader.readAll(broker.bootstrapServers(), topic, "read_committed"), "2024/3/")).as(topic).isEmpty();
        }
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

            // arrivals, not sends: 200 ms left for a request delayed on a loaded machine (RequestPacerTest is exact)
            assertThat(throttling.maxRequestsInAnyWindow(Duration.ofMillis(800))).isLessThanOrEqualTo(4);
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
        List<SessionRecords> weekend;
        try (RawArchiveSource archive = new RawArchiveSource(Fixtures.archive())) {
            weekend = new WeekendReader(archive).weekend(2024, 7, true);
        }
        assertThat(weekend).extracting(SessionRecords::session).containsExactly("Q", "R");
        SessionRecords qualifying = weekend.get(0);
        SessionRecords race = weekend.get(1);
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
            assertThat(result).isEqualTo(totals(1, weekend));
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
        // qualifying in one transaction; then one per lap group, one for results, pit stops, standings and FINISHED,
        // one marking the job finished
        assertThat(checkpoints).hasSize(1 + groups + 2);
        assertThat(committed).hasSize(1 + groups + 1);
        assertThat(committed.get(0)).isEqualTo(qualifying.records());
        assertThat(committed.subList(1, 1 + groups).stream().mapToLong(Long::longValue).sum()).isEqualTo(race.laps().size());
        assertThat(committed.get(1 + groups)).isEqualTo(race.records() - race.laps().size());
        assertThat(checkpoints.get(0).getCompletedSessions()).containsExactly(RecordKeys.session(2024, 7, "Q"));
        assertThat(checkpoints.subList(1, 1 + groups)).extracting(c -> c.getOpenSessionLaps()).isSorted().last().isEqualTo((long) race.laps().size());
        assertThat(checkpoints.get(1 + groups).getCompletedSessions()).containsExactly(RecordKeys.session(2024, 7, "Q"), sessionKey);
        assertThat(checkpoints.get(1 + groups + 1).getFinished()).isTrue();
        // pit stops and standings go out with the race's last part, before FINISHED
        assertThat(ofSession(TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_PITSTOPS, "read_committed"), sessionKey))
                .hasSize(race.pitStops().size()).isNotEmpty();
        assertThat(ofSession(TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_DRIVER_STANDINGS, "read_committed"), sessionKey))
                .hasSize(race.driverStandings().size()).isNotEmpty();
        List<SessionEvent> events = ofSession(TopicReader.readAll(broker.bootstrapServers(), Topics.CONTROL, "read_committed"), sessionKey).stream()
                .map(r -> PitwallSerdes.sessionEventCodec().decode(r.value())).toList();
        assertThat(events).extracting(SessionEvent::getType).containsExactly(SessionEventType.STARTED, SessionEventType.FINISHED);
        assertThat(events.get(1).getExpected()).isEqualTo(race.expected());

        // the job finished, so asking again replays everything, at full speed in one transaction
        try (SeasonReplayer again = new SeasonReplayer(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), "pitwall-it-" + UUID.randomUUID())) {
            assertThat(again.replay(new ReplayRequest(2024, 7, null, Fixtures.archive(), null), null))
                    .isEqualTo(totals(1, weekend));
        }
        assertThat(ofSession(TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_LAPS, "read_committed"), sessionKey)).hasSize(2 * race.laps().size());
    }

    /** Every table's topic, keyed as DESIGN §2 and the producer doc say. */
    private static final Map<String, String> NEW_TOPICS = Map.of(
            "qualifying", Topics.RAW_QUALIFYING, "pitstops", Topics.RAW_PITSTOPS,
            "driver_standings", Topics.RAW_DRIVER_STANDINGS, "constructor_standings", Topics.RAW_CONSTRUCTOR_STANDINGS);

    @Test
    void aRoundsQualifyingPitStopsAndStandingsLandAsRecordedAndReplayFromTheKeptArchiveWithoutRequests() throws IOException {
        Path round = Fixtures.jolpica().resolve("2024/1");
        ObjectMapper json = new ObjectMapper();
        JsonNode qualifyingRows = json.readTree(round.resolve("qualifying.json").toFile()).path("MRData").path("RaceTable").path("Races").get(0).path("QualifyingResults");
        JsonNode pitStopRows = json.readTree(round.resolve("pitstops.json").toFile()).path("MRData").path("RaceTable").path("Races").get(0).path("PitStops");
        JsonNode driverRows = json.readTree(round.resolve("driverStandings.json").toFile()).path("MRData").path("StandingsTable").path("StandingsLists").get(0).path("DriverStandings");
        JsonNode constructorRows = json.readTree(round.resolve("constructorStandings.json").toFile()).path("MRData").path("StandingsTable").path("StandingsLists").get(0).path("ConstructorStandings");
        List<String> qualifyingKeys = new ArrayList<>();
        qualifyingRows.forEach(r -> qualifyingKeys.add("2024/1/Q/" + r.path("Driver").path("driverId").asText()));
        List<String> pitStopKeys = new ArrayList<>();
        pitStopRows.forEach(r -> pitStopKeys.add("2024/1/R/" + r.path("driverId").asText() + "/" + r.path("stop").asText()));
        List<String> driverKeys = new ArrayList<>();
        driverRows.forEach(r -> driverKeys.add("2024/1/R/" + r.path("Driver").path("driverId").asText()));
        List<String> constructorKeys = new ArrayList<>();
        constructorRows.forEach(r -> constructorKeys.add("2024/1/R/" + r.path("Constructor").path("constructorId").asText()));
        Path bronze = dir.resolve("bronze-2024-1");

        Map<String, List<ConsumerRecord<String, byte[]>>> first;
        ReplayResult result;
        try (FixtureJolpicaServer server = FixtureJolpicaServer.start(Fixtures.jolpica());
             SeasonReplayer replayer = new SeasonReplayer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                     "pitwall-it-" + UUID.randomUUID(),
                     // pacing is covered by the throttling test; here it would only slow the test down
                     ClientSettings.jolpica().withRateLimit(dev.pitwall.producer.http.RateLimit.unlimited()))) {
            result = replayer.replay(new ReplayRequest(2024, 1, server.baseUrl(), null, bronze), null);
            int requests = server.requests();
            int lapPages = (json.readTree(round.resolve("laps_page_000.json").toFile()).path("MRData").path("total").asInt() + 99) / 100;
            // schedule, results, qualifying, the lap pages, pit stops, two standings
            assertThat(requests).isEqualTo(3 + lapPages + 3);
            first = roundTopics("2024/1/");

            ReplayResult again = replayer.replay(new ReplayRequest(2024, 1, server.baseUrl(), null, bronze), null);
            assertThat(server.requests()).as("the second replay is served from the kept archive").isEqualTo(requests);
            assertThat(again).isEqualTo(result);
        }

        assertThat(result.qualifying()).isEqualTo(qualifyingRows.size());
        assertThat(result.pitStops()).isEqualTo(pitStopRows.size());
        assertThat(result.driverStandings()).isEqualTo(driverRows.size());
        assertThat(result.constructorStandings()).isEqualTo(constructorRows.size());
        assertTopic(first.get("qualifying"), qualifyingRows, qualifyingKeys, r -> PitwallSerdes.rawQualifyingCodec().decode(r).getPayload());
        assertTopic(first.get("pitstops"), pitStopRows, pitStopKeys, r -> PitwallSerdes.rawPitStopCodec().decode(r).getPayload());
        assertTopic(first.get("driver_standings"), driverRows, driverKeys, r -> PitwallSerdes.rawStandingCodec().decode(r).getPayload());
        assertTopic(first.get("constructor_standings"), constructorRows, constructorKeys, r -> PitwallSerdes.rawStandingCodec().decode(r).getPayload());
        assertThat(first.get("pitstops")).extracting(r -> PitwallSerdes.rawPitStopCodec().decode(r.value()))
                .allSatisfy(p -> {
                    assertThat(p.getRaceDate()).isEqualTo("2024-03-02");
                    assertThat(p.getRaceTime()).isEqualTo("15:00:00Z");
                    assertThat(p.getSource()).isEqualTo("jolpica");
                });
        assertThat(first.get("constructor_standings")).extracting(r -> PitwallSerdes.rawStandingCodec().decode(r.value()).getKind())
                .containsOnly("constructor");

        // qualifying is its own session; pit stops and standings are counted with the race
        List<SessionEvent> qualifyingEvents = first.get("control").stream().filter(r -> r.key().equals("2024/1/Q"))
                .map(r -> PitwallSerdes.sessionEventCodec().decode(r.value())).toList();
        assertThat(qualifyingEvents).extracting(SessionEvent::getType).containsExactly(SessionEventType.STARTED, SessionEventType.FINISHED);
        assertThat(qualifyingEvents.get(1).getExpected()).isEqualTo(Map.of("qualifying", (long) qualifyingRows.size()));
        List<SessionEvent> raceEvents = first.get("control").stream().filter(r -> r.key().equals("2024/1/R"))
                .map(r -> PitwallSerdes.sessionEventCodec().decode(r.value())).toList();
        assertThat(raceEvents).extracting(SessionEvent::getType).containsExactly(SessionEventType.STARTED, SessionEventType.FINISHED);
        assertThat(raceEvents.get(1).getExpected()).isEqualTo(Map.of(
                "results", result.results(), "laps", result.laps(), "pitstops", (long) pitStopRows.size(),
                "driver_standings", (long) driverRows.size(), "constructor_standings", (long) constructorRows.size()));
        int qualifyingPartition = first.get("control").stream().filter(r -> r.key().equals("2024/1/Q")).findFirst().orElseThrow().partition();
        int racePartition = first.get("control").stream().filter(r -> r.key().equals("2024/1/R")).findFirst().orElseThrow().partition();
        assertThat(first.get("qualifying")).extracting(ConsumerRecord::partition).containsOnly(qualifyingPartition);
        for (String table : List.of("pitstops", "driver_standings", "constructor_standings")) {
            assertThat(first.get(table)).extracting(ConsumerRecord::partition).as(table).containsOnly(racePartition);
        }
        List<dev.pitwall.schemas.avro.ProducerCheckpoint> checkpoints = TopicReader.readAll(broker.bootstrapServers(), Topics.PRODUCER_CHECKPOINTS, "read_committed").stream()
                .filter(r -> r.key().equals("jolpica/2024/1")).map(r -> ReplayCheckpoints.CODEC.decode(r.value())).toList();
        assertThat(checkpoints.get(0).getCompletedSessions()).containsExactly("2024/1/Q");

        // the second replay appended exactly the same records again, session by session (control events carry a time and run id)
        Map<String, List<ConsumerRecord<String, byte[]>>> both = roundTopics("2024/1/");
        for (String table : first.keySet()) {
            for (String session : List.of("2024/1/Q", "2024/1/R")) {
                List<ConsumerRecord<String, byte[]>> once = ofSession(first.get(table), session);
                List<ConsumerRecord<String, byte[]>> all = ofSession(both.get(table), session);
                int n = once.size();
                assertThat(all).as(table + " of " + session).hasSize(2 * n);
                if (table.equals("control")) {
                    assertThat(all.subList(n, 2 * n)).extracting(r -> PitwallSerdes.sessionEventCodec().decode(r.value()))
                            .extracting(SessionEvent::getType, SessionEvent::getExpected)
                            .isEqualTo(once.stream().map(r -> PitwallSerdes.sessionEventCodec().decode(r.value()))
                                    .map(e -> org.assertj.core.groups.Tuple.tuple(e.getType(), e.getExpected())).toList());
                    continue;
                }
                assertThat(all.subList(n, 2 * n)).extracting(ConsumerRecord::key, r -> new String(r.value(), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(table + " of " + session)
                        .isEqualTo(once.stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.key(),
                                new String(r.value(), java.nio.charset.StandardCharsets.ISO_8859_1))).toList());
            }
        }
    }

    private static Map<String, List<ConsumerRecord<String, byte[]>>> roundTopics(String prefix) {
        Map<String, List<ConsumerRecord<String, byte[]>>> topics = new HashMap<>();
        NEW_TOPICS.forEach((table, topic) -> topics.put(table, inOffsetOrder(ofRound(TopicReader.readAll(broker.bootstrapServers(), topic, "read_committed"), prefix))));
        topics.put("results", inOffsetOrder(ofRound(TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_RESULTS, "read_committed"), prefix)));
        topics.put("laps", inOffsetOrder(ofRound(TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_LAPS, "read_committed"), prefix)));
        topics.put("control", inOffsetOrder(ofRound(TopicReader.readAll(broker.bootstrapServers(), Topics.CONTROL, "read_committed"), prefix)));
        return topics;
    }

    /** A session lives on one partition, so offset order within the round's partitions is send order. */
    private static List<ConsumerRecord<String, byte[]>> inOffsetOrder(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().sorted(java.util.Comparator.<ConsumerRecord<String, byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset)).toList();
    }

    private static void assertTopic(List<ConsumerRecord<String, byte[]>> records, JsonNode rows, List<String> keys,
                                    java.util.function.Function<byte[], String> payload) throws IOException {
        ObjectMapper json = new ObjectMapper();
        assertThat(records).hasSize(rows.size()).isNotEmpty();
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyElementsOf(keys);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(json.readTree(payload.apply(records.get(i).value()))).isEqualTo(rows.get(i));
        }
    }

    private static ReplayResult totals(int rounds, List<SessionRecords> sessions) {
        return new ReplayResult(rounds, sessions.size(),
                sessions.stream().mapToLong(s -> s.results().size()).sum(),
                sessions.stream().mapToLong(s -> s.laps().size()).sum(),
                sessions.stream().mapToLong(s -> s.qualifying().size()).sum(),
                sessions.stream().mapToLong(s -> s.pitStops().size()).sum(),
                sessions.stream().mapToLong(s -> s.driverStandings().size()).sum(),
                sessions.stream().mapToLong(s -> s.constructorStandings().size()).sum());
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

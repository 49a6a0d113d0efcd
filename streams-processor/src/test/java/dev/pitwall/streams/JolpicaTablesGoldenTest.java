package dev.pitwall.streams;

import static dev.pitwall.streams.TopologyHarness.rejected;
import static dev.pitwall.streams.TopologyHarness.rows;
import static dev.pitwall.streams.fixture.JolpicaRace.fixtureMillis;
import static dev.pitwall.streams.fixture.JolpicaRace.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.CleanConstructorStanding;
import dev.pitwall.schemas.avro.CleanDriverStanding;
import dev.pitwall.schemas.avro.CleanPitStop;
import dev.pitwall.schemas.avro.CleanQualifying;
import dev.pitwall.schemas.avro.CloseReason;
import dev.pitwall.schemas.avro.RawOpenF1;
import dev.pitwall.schemas.avro.RawPitStop;
import dev.pitwall.schemas.avro.RejectedRecord;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.streams.fixture.JolpicaRace;
import dev.pitwall.streams.fixture.JolpicaTables;
import dev.pitwall.streams.fixture.OpenF1Recorded;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2024 round 1 (Bahrain) qualifying, pit stops and both standings as recorded, through the topology:
 * hand-checked values, fixture counts, and the race session closed by two FINISHED events (Jolpica's
 * and OpenF1's, naming disjoint tables) in either order.
 */
class JolpicaTablesGoldenTest {
    @TempDir
    Path stateDir;

    private final JolpicaTables tables = JolpicaTables.load(2024, 1);
    private final JolpicaRace race = JolpicaRace.load(2024, 1);
    /** OpenF1 session 9472 is the same race. */
    private final OpenF1Recorded openf1 = new OpenF1Recorded(2024, 1, "R");

    @Test
    void qualifyingBecomesOneBatchWithEveryDriversTimes() {
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            topology.pipe(Topics.RAW_QUALIFYING, tables.rawQualifying());
            topology.pipeEvent(finished("Q", Map.of("qualifying", (long) tables.qualifyingItems().size())));

            List<KeyValue<String, CleanQualifying>> clean = topology.clean(Topics.CLEAN_QUALIFYING, CleanQualifying.class);
            assertThat(clean).hasSize(20).hasSize(tables.qualifyingItems().size());
            Map<String, CleanQualifying> byDriver = clean.stream()
                    .collect(Collectors.toMap(kv -> kv.value.getDriverId(), kv -> kv.value));
            CleanQualifying ver = byDriver.get("max_verstappen");
            assertThat(ver.getPosition()).isEqualTo(1);
            assertThat(ver.getDriverCode()).isEqualTo("VER");
            assertThat(ver.getDriverNumber()).isEqualTo(1);
            assertThat(ver.getConstructorId()).isEqualTo("red_bull");
            assertThat(ver.getQ1Ms()).isEqualTo(90_031L);
            assertThat(ver.getQ2Ms()).isEqualTo(89_374L);
            assertThat(ver.getQ3Ms()).as("pole: 1:29.179").isEqualTo(89_179L);
            assertThat(ver.getRevision()).isEqualTo(1);
            assertThat(ver.getSource()).isEqualTo(JolpicaTables.SOURCE);
            assertThat(byDriver.get("gasly")).satisfies(g -> {
                assertThat(g.getPosition()).isEqualTo(20);
                assertThat(g.getQ1Ms()).isEqualTo(90_948L);
                assertThat(g.getQ2Ms()).as("out in Q1").isNull();
                assertThat(g.getQ3Ms()).isNull();
            });
            assertThat(clean).extracting(kv -> kv.key).contains("2024/1/Q/max_verstappen");
            for (JsonNode item : tables.qualifyingItems()) {
                CleanQualifying q = byDriver.get(item.path("Driver").path("driverId").asText());
                assertThat(q.getPosition()).isEqualTo(item.path("position").asInt());
                assertThat(q.getQ1Ms()).isEqualTo(millisOrNull(text(item, "Q1")));
                assertThat(q.getQ2Ms()).isEqualTo(millisOrNull(text(item, "Q2")));
                assertThat(q.getQ3Ms()).isEqualTo(millisOrNull(text(item, "Q3")));
            }

            assertThat(topology.batches()).singleElement().satisfies(b -> {
                assertThat(b.getBatchId()).isEqualTo("qualifying-2024-1-Q-000000");
                assertThat(b.getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED);
                assertThat(rows(b, CleanQualifying.class)).containsExactlyElementsOf(clean.stream().map(kv -> kv.value).toList());
            });
        }
    }

    @Test
    void raceTablesCloseOnTheirOwnFinishedEventAndRejectsOnceAllNamedTablesAreComplete() {
        List<KeyValue<String, RawOpenF1>> openF1First = openf1.raw("laps", OpenF1Recorded.objects(9472, "laps_driver_01"));
        List<KeyValue<String, RawOpenF1>> openF1Rest = new ArrayList<>(openf1.raw("laps", OpenF1Recorded.objects(9472, "laps_driver_11")));
        List<KeyValue<String, RawOpenF1>> stints = openf1.raw("stints", OpenF1Recorded.objects(9472, "stints_driver_01"));
        List<JsonNode> weatherObjects = OpenF1Recorded.objects(9472, "weather");
        List<KeyValue<String, RawOpenF1>> weather = new ArrayList<>(openf1.raw("weather", weatherObjects));
        weather.add(openf1.record("weather", weatherObjects.get(0),
                weatherObjects.get(0).toString().replace("2024-03-02 14:03:56.523000+00:00", "NaT")));
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            topology.pipe(Topics.RAW_OPENF1_LAPS, openF1First);
            List<KeyValue<String, RawPitStop>> pitStops = pipeJolpicaRace(topology);
            topology.pipeEvent(jolpicaFinished(pitStops.size()));

            Map<String, Batch> jolpica = byTable(topology.batches());
            assertThat(jolpica).containsOnlyKeys("results", "laps", "pitstops", "driver_standings", "constructor_standings", "rejected");
            assertThat(jolpica.values()).allSatisfy(b -> assertThat(b.getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED));
            assertThat(jolpica.get("results").getRows()).hasSize(20);
            assertThat(jolpica.get("laps").getRows()).hasSize(race.timings.size());
            assertThat(jolpica.get("pitstops").getRows()).hasSize(43);
            assertThat(jolpica.get("driver_standings").getRows()).hasSize(20);
            assertThat(jolpica.get("constructor_standings").getRows()).hasSize(10);
            assertThat(jolpica.get("rejected").getBatchId()).isEqualTo("rejected-2024-1-R-000000");
            assertThat(rejected(jolpica.get("rejected"))).extracting(RejectedRecord::getSourceTable, RejectedRecord::getErrorCode)
                    .containsExactly(tuple("pitstops", "PW-2009"));
            checkJolpicaValues(jolpica);

            topology.pipe(Topics.RAW_OPENF1_LAPS, openF1Rest);
            topology.pipe(Topics.RAW_OPENF1_STINTS, stints);
            topology.pipe(Topics.RAW_OPENF1_WEATHER, weather);
            assertThat(topology.batches()).as("OpenF1 tables wait for their own FINISHED").isEmpty();
            topology.pipeEvent(openF1Finished(openF1First.size() + openF1Rest.size(), stints.size(), weather.size()));

            Map<String, Batch> openF1Batches = byTable(topology.batches());
            assertThat(openF1Batches).containsOnlyKeys("openf1_laps", "stints", "weather", "rejected");
            assertThat(openF1Batches.values()).allSatisfy(b -> assertThat(b.getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED));
            assertThat(openF1Batches.get("openf1_laps").getRows()).hasSize(openF1First.size() + openF1Rest.size());
            assertThat(openF1Batches.get("stints").getRows()).hasSize(stints.size());
            assertThat(openF1Batches.get("weather").getRows()).hasSize(weatherObjects.size());
            assertThat(openF1Batches.get("rejected").getBatchId()).isEqualTo("rejected-2024-1-R-000001");
            assertThat(rejected(openF1Batches.get("rejected"))).extracting(RejectedRecord::getSourceTable, RejectedRecord::getErrorCode)
                    .containsExactly(tuple("weather", "PW-2014"));
        }
    }

    @Test
    void rejectedWaitsForEveryTableNamedSoFarWhateverTheOrderOfTheFinishedEvents() {
        List<KeyValue<String, RawOpenF1>> laps = openf1.raw("laps", OpenF1Recorded.objects(9472, "laps_driver_01"));
        List<JsonNode> weatherObjects = OpenF1Recorded.objects(9472, "weather");
        KeyValue<String, RawOpenF1> badWeather = openf1.record("weather", weatherObjects.get(0), "{\"date\": \"NaT\"}");
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            // OpenF1 announces first, then its records trickle in around Jolpica's whole race
            topology.pipeEvent(openF1Finished(laps.size(), 0, 1));
            topology.pipe(Topics.RAW_OPENF1_WEATHER, List.of(badWeather));
            topology.pipe(Topics.RAW_OPENF1_LAPS, laps.subList(0, 10));
            List<KeyValue<String, RawPitStop>> pitStops = pipeJolpicaRace(topology);
            topology.pipeEvent(jolpicaFinished(pitStops.size()));

            Map<String, Batch> first = byTable(topology.batches());
            assertThat(first).as("Jolpica's tables are complete; OpenF1's laps are not, so rejects stay open")
                    .containsOnlyKeys("results", "laps", "pitstops", "driver_standings", "constructor_standings");

            topology.pipe(Topics.RAW_OPENF1_LAPS, laps.subList(10, laps.size()));
            Map<String, Batch> last = byTable(topology.batches());
            assertThat(last).containsOnlyKeys("openf1_laps", "rejected");
            assertThat(last.get("openf1_laps").getRows()).hasSize(laps.size());
            assertThat(last.get("rejected").getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED);
            assertThat(rejected(last.get("rejected"))).extracting(RejectedRecord::getSourceTable, RejectedRecord::getErrorCode)
                    .containsExactly(tuple("weather", "PW-2014"), tuple("pitstops", "PW-2009"));
        }
    }

    /** Results, laps, pit stops (plus one broken stop) and both standings of the race; returns the pit stops sent. */
    private List<KeyValue<String, RawPitStop>> pipeJolpicaRace(TopologyHarness topology) {
        topology.pipeResults(race.rawResults("R"));
        topology.pipeLaps(race.rawLaps());
        List<KeyValue<String, RawPitStop>> pitStops = new ArrayList<>(tables.rawPitStops());
        KeyValue<String, RawPitStop> first = pitStops.get(0);
        pitStops.add(KeyValue.pair(first.key, RawPitStop.newBuilder(first.value)
                .setPayload(first.value.getPayload().replace("\"stop\":\"1\"", "\"stop\":\"2\"").replace("36.604", "36,604")).build()));
        topology.pipe(Topics.RAW_PITSTOPS, pitStops);
        topology.pipe(Topics.RAW_DRIVER_STANDINGS, tables.rawDriverStandings());
        topology.pipe(Topics.RAW_CONSTRUCTOR_STANDINGS, tables.rawConstructorStandings());
        return pitStops;
    }

    private void checkJolpicaValues(Map<String, Batch> batches) {
        Map<String, CleanPitStop> stops = rows(batches.get("pitstops"), CleanPitStop.class).stream()
                .collect(Collectors.toMap(p -> p.getDriverId() + "/" + p.getStop(), Function.identity()));
        assertThat(stops.get("hulkenberg/1")).satisfies(p -> {
            assertThat(p.getLap()).isEqualTo(1);
            assertThat(p.getDurationMs()).isEqualTo(36_604L);
            assertThat(p.getLocalTime()).isEqualTo("18:05:33");
            assertThat(p.getSession()).isEqualTo("R");
        });
        for (JsonNode item : tables.pitStopItems()) {
            CleanPitStop p = stops.get(item.path("driverId").asText() + "/" + item.path("stop").asText());
            assertThat(p.getDurationMs()).isEqualTo(fixtureMillis(item.path("duration").asText()));
            assertThat(p.getLap()).isEqualTo(item.path("lap").asInt());
        }
        Map<String, CleanDriverStanding> drivers = rows(batches.get("driver_standings"), CleanDriverStanding.class).stream()
                .collect(Collectors.toMap(CleanDriverStanding::getDriverId, Function.identity()));
        assertThat(drivers.get("max_verstappen")).satisfies(d -> {
            assertThat(d.getPosition()).isEqualTo(1);
            assertThat(d.getPositionText()).isEqualTo("1");
            assertThat(d.getPoints()).isEqualTo(26.0);
            assertThat(d.getWins()).isEqualTo(1);
            assertThat(d.getConstructorIds()).isEqualTo("red_bull");
        });
        assertThat(drivers.get("perez").getPoints()).isEqualTo(18.0);
        assertThat(drivers.get("sargeant")).satisfies(d -> {
            assertThat(d.getPosition()).isEqualTo(20);
            assertThat(d.getPoints()).isEqualTo(0.0);
            assertThat(d.getWins()).isEqualTo(0);
            assertThat(d.getConstructorIds()).isEqualTo("williams");
        });
        for (JsonNode item : tables.driverStandingItems()) {
            CleanDriverStanding d = drivers.get(item.path("Driver").path("driverId").asText());
            assertThat(d.getPoints()).isEqualTo(new BigDecimal(item.path("points").asText()).doubleValue());
            assertThat(d.getWins()).isEqualTo(item.path("wins").asInt());
        }
        Map<String, CleanConstructorStanding> constructors = rows(batches.get("constructor_standings"), CleanConstructorStanding.class)
                .stream().collect(Collectors.toMap(CleanConstructorStanding::getConstructorId, Function.identity()));
        assertThat(constructors.get("red_bull")).satisfies(c -> {
            assertThat(c.getPosition()).isEqualTo(1);
            assertThat(c.getPoints()).isEqualTo(44.0);
            assertThat(c.getWins()).isEqualTo(1);
        });
        assertThat(constructors.get("ferrari").getPoints()).isEqualTo(27.0);
        assertThat(constructors.keySet()).containsExactlyInAnyOrderElementsOf(tables.constructorStandingItems().stream()
                .map(i -> i.path("Constructor").path("constructorId").asText()).toList());
    }

    private SessionEvent jolpicaFinished(long pitStops) {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("results", (long) race.raceResults.size());
        expected.put("laps", (long) race.timings.size());
        expected.put("pitstops", pitStops);
        expected.put("driver_standings", (long) tables.driverStandingItems().size());
        expected.put("constructor_standings", (long) tables.constructorStandingItems().size());
        return finished("R", expected);
    }

    private static SessionEvent openF1Finished(long laps, long stints, long weather) {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("openf1_laps", laps);
        expected.put("stints", stints);
        expected.put("openf1_pit", 0L);
        expected.put("weather", weather);
        expected.put("race_control", 0L);
        return finished("R", expected, "openf1");
    }

    private static SessionEvent finished(String session, Map<String, Long> expected) {
        return finished(session, expected, JolpicaTables.SOURCE);
    }

    static SessionEvent finished(String session, Map<String, Long> expected, String source) {
        return SessionEvent.newBuilder()
                .setSeason(2024).setRound(1).setSession(session)
                .setType(SessionEventType.FINISHED).setSource(source).setRunId("test-run")
                .setExpected(expected).setEmittedAtMs(0)
                .build();
    }

    static Map<String, Batch> byTable(List<Batch> batches) {
        return batches.stream().collect(Collectors.toMap(Batch::getTable, Function.identity()));
    }

    private static Long millisOrNull(String time) {
        return time == null || time.isEmpty() ? null : fixtureMillis(time);
    }
}

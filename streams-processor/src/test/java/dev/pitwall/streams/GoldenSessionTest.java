package dev.pitwall.streams;

import static dev.pitwall.streams.TopologyHarness.laps;
import static dev.pitwall.streams.TopologyHarness.results;
import static dev.pitwall.streams.fixture.JolpicaRace.fixtureMillis;
import static dev.pitwall.streams.fixture.JolpicaRace.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.schemas.avro.CloseReason;
import dev.pitwall.streams.fixture.JolpicaRace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real recorded weekends through the topology with default batch sizes: each table/session closes
 * as exactly one batch on its FINISHED event, holding every fixture row, normalised.
 */
class GoldenSessionTest {
    @TempDir
    Path stateDir;

    @ParameterizedTest(name = "{0} round {1} ({2})")
    @CsvSource({
            "2024, 1, normal race",
            "2024, 6, sprint weekend",
            "2023, 3, red-flagged race with 10+ minute laps",
            "2021, 12, one-lap race"})
    void weekendBecomesOneBatchPerTableAndSession(int season, int round, String what) {
        JolpicaRace race = JolpicaRace.load(season, round);
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            topology.pipeResults(race.rawResults("R"));
            if (!race.sprintResults.isEmpty()) {
                topology.pipeResults(race.rawResults("S"));
            }
            topology.pipeLaps(race.rawLaps());
            topology.pipeEvent(race.finished("R", race.raceResults.size(), race.timings.size()));
            if (!race.sprintResults.isEmpty()) {
                topology.pipeEvent(race.finished("S", race.sprintResults.size(), 0));
            }

            List<Batch> batches = topology.batches();
            Map<String, Batch> byKey = batches.stream()
                    .collect(Collectors.toMap(b -> b.getTable() + "/" + b.getSession(), Function.identity()));
            assertThat(byKey).containsOnlyKeys(race.sprintResults.isEmpty()
                    ? List.of("results/R", "laps/R") : List.of("results/R", "results/S", "laps/R"));
            assertThat(batches).allSatisfy(b -> {
                assertThat(b.getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED);
                assertThat(b.getSequence()).isZero();
                assertThat(b.getBatchId()).isEqualTo(b.getTable() + "-" + season + "-" + round + "-" + b.getSession() + "-000000");
            });
            assertThat(topology.deadLetters()).isEmpty();

            assertRaceResults(race, race.raceResults, byKey.get("results/R"), 0);
            if (!race.sprintResults.isEmpty()) {
                assertRaceResults(race, race.sprintResults, byKey.get("results/S"), race.raceResults.size());
            }
            assertLaps(race, byKey.get("laps/R"));

            assertThat(topology.cleanResults()).hasSize(race.raceResults.size() + race.sprintResults.size());
            assertThat(topology.cleanLaps()).hasSize(race.timings.size());
        }
    }

    private static void assertRaceResults(JolpicaRace race, List<JsonNode> fixture, Batch batch, long firstOffset) {
        List<CleanResult> rows = results(batch);
        assertThat(rows).hasSize(fixture.size());
        assertLineage(batch, Topics.RAW_RESULTS, firstOffset);

        String fixtureWinner = fixture.stream().filter(r -> "1".equals(text(r, "positionText")))
                .map(r -> r.path("Driver").path("driverId").asText()).findFirst().orElseThrow();
        assertThat(rows.stream().filter(r -> Integer.valueOf(1).equals(r.getPosition())).map(CleanResult::getDriverId))
                .containsExactly(fixtureWinner);

        Map<String, CleanResult> byDriver = rows.stream().collect(Collectors.toMap(CleanResult::getDriverId, Function.identity()));
        for (JsonNode f : fixture) {
            CleanResult r = byDriver.get(f.path("Driver").path("driverId").asText());
            assertThat(r).isNotNull();
            String positionText = text(f, "positionText");
            assertThat(r.getPositionText()).isEqualTo(positionText);
            assertThat(r.getPosition()).isEqualTo(positionText.matches("\\d+") ? Integer.valueOf(positionText) : null);
            assertThat(r.getPositionOrder()).isEqualTo(Integer.valueOf(text(f, "position")));
            assertThat(r.getDriverGivenName()).isEqualTo(text(f.path("Driver"), "givenName"));
            assertThat(r.getDriverFamilyName()).isEqualTo(text(f.path("Driver"), "familyName"));
            assertThat(r.getPoints()).isEqualTo(Double.parseDouble(text(f, "points")));
            assertThat(r.getDriverCode()).isEqualTo(f.path("Driver").path("code").asText());
            assertThat(r.getDriverNumber()).isEqualTo(Integer.valueOf(text(f, "number")));
            assertThat(r.getConstructorId()).isEqualTo(f.path("Constructor").path("constructorId").asText());
            assertThat(r.getGrid()).isEqualTo(Integer.valueOf(text(f, "grid")));
            assertThat(r.getLaps()).isEqualTo(Integer.valueOf(text(f, "laps")));
            assertThat(r.getStatus()).isEqualTo(text(f, "status"));
            String millis = text(f.path("Time"), "millis");
            assertThat(r.getTimeMs()).isEqualTo(millis == null ? null : Long.valueOf(millis));
            String fastest = text(f.path("FastestLap").path("Time"), "time");
            assertThat(r.getFastestLapMs()).isEqualTo(fastest == null ? null : fixtureMillis(fastest));
            assertThat(r.getStatusCategory()).isEqualTo(expectedCategory(text(f, "status"), positionText));
            assertThat(r.getRaceName()).isEqualTo(race.raceName);
            assertThat(r.getCircuitId()).isEqualTo(race.circuitId);
            assertThat(r.getRaceDate()).isEqualTo(race.raceDate);
            assertThat(r.getRevision()).isEqualTo(1);
        }
    }

    /** The categories these four weekends need; other statuses are covered in StatusCategoryTest. */
    private static String expectedCategory(String status, String positionText) {
        if (status.equals("Finished")) {
            return "finished";
        }
        if (status.equals("Lapped") || status.matches("\\+\\d+ Laps?")) {
            return "lapped";
        }
        assertThat(positionText).isEqualTo("R");
        return "retired";
    }

    private static void assertLaps(JolpicaRace race, Batch batch) {
        List<CleanLap> rows = laps(batch);
        assertThat(rows).hasSize(race.timings.size());
        assertLineage(batch, Topics.RAW_LAPS, 0);

        Map<String, Long> fixtureSums = new TreeMap<>();
        race.timings.forEach(t -> fixtureSums.merge(t.driverId(), fixtureMillis(t.time()), Long::sum));
        Map<String, Long> batchSums = new TreeMap<>();
        rows.forEach(l -> batchSums.merge(l.getDriverId(), l.getLapTimeMs(), Long::sum));
        assertThat(batchSums).isEqualTo(fixtureSums);

        long fixtureRedFlagLaps = race.timings.stream().filter(t -> fixtureMillis(t.time()) >= 600_000).count();
        assertThat(rows.stream().filter(l -> l.getLapTimeMs() >= 600_000).count()).isEqualTo(fixtureRedFlagLaps);

        Map<String, Long> fixtureLapCounts = race.timings.stream()
                .collect(Collectors.groupingBy(JolpicaRace.Timing::driverId, TreeMap::new, Collectors.counting()));
        Map<String, Long> batchLapCounts = rows.stream()
                .collect(Collectors.groupingBy(CleanLap::getDriverId, TreeMap::new, Collectors.counting()));
        assertThat(batchLapCounts).isEqualTo(fixtureLapCounts);

        for (int i = 0; i < rows.size(); i++) {
            JolpicaRace.Timing t = race.timings.get(i);
            CleanLap l = rows.get(i);
            assertThat(l.getLap()).isEqualTo(Integer.parseInt(t.lap()));
            assertThat(l.getDriverId()).isEqualTo(t.driverId());
            assertThat(l.getPosition()).isEqualTo(Integer.valueOf(t.position()));
        }
    }

    /** Rows keep the raw record's coordinates: here one partition and consecutive offsets in order. */
    private static void assertLineage(Batch batch, String topic, long firstOffset) {
        assertThat(batch.getRows()).extracting(BatchRow::getTopic).containsOnly(topic);
        assertThat(batch.getRows()).extracting(BatchRow::getOffset)
                .containsExactlyElementsOf(LongStream.range(firstOffset, firstOffset + batch.getRows().size()).boxed().toList());
    }
}

package dev.pitwall.loader.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.loader.fixture.RecordedSeason;
import dev.pitwall.loader.fixture.RecordedSources;
import dev.pitwall.loader.fixture.SinkObject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole recorded 2024 season through DuckDB with the further Jolpica sources (qualifying, pit
 * stops, published standings) next to the race and sprint results SeasonViewsTest loads, plus the
 * OpenF1 stints of the Spanish Grand Prix (round 10, session_key 9539).
 *
 * <p>{@code analytics.standings_check} agrees for every driver after every round of 2024: the
 * standings Jolpica published are exactly those computed from its results. No 2024 penalty shows
 * up as a difference because Jolpica stores results as amended by the stewards (e.g. Russell's
 * disqualification at Spa, round 14, is in the recorded results, so both sides lack his win).
 */
class SeasonSourcesTest {
    private static final int SEASON = 2024;

    @TempDir
    static Path dir;
    private static DuckDbWarehouse warehouse;
    private static List<Integer> rounds;

    @BeforeAll
    static void loadTheSeason() throws Exception {
        RecordedSeason season = RecordedSeason.load(SEASON);
        rounds = season.rounds();
        warehouse = new DuckDbWarehouse(dir.resolve("pitwall.duckdb"));
        warehouse.migrate();
        Path files = Files.createDirectories(dir.resolve("files"));
        for (int round : rounds) {
            List<SinkObject> objects = new ArrayList<>(season.resultObjects(round));
            RecordedSources.qualifying(SEASON, round).ifPresent(objects::add);
            RecordedSources.pitStops(SEASON, round).ifPresent(objects::add);
            RecordedSources.driverStandings(SEASON, round).ifPresent(objects::add);
            RecordedSources.constructorStandings(SEASON, round).ifPresent(objects::add);
            for (SinkObject object : objects) {
                assertThat(warehouse.load(object.fileWritten("b"), object.writeTo(files)).rows()).isEqualTo(object.rows());
            }
        }
        SinkObject stints = RecordedSources.stints(9539, SEASON, 10, "R");
        warehouse.load(stints.fileWritten("b"), stints.writeTo(files));
    }

    @AfterAll
    static void close() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    void computedAndPublishedStandingsAgreeForEveryDriverAfterEveryRound() {
        assertThat(rounds).hasSize(24);
        long published = 0;
        for (int round : rounds) {
            published += RecordedSources.jolpica(SEASON, round, "driverStandings.json", "/MRData/StandingsTable/StandingsLists/0")
                    .orElseThrow().get("DriverStandings").size();
        }
        List<List<Object>> disagreements = warehouse.query("SELECT round, driver_id, computed_points, published_points, "
                + "computed_position, published_position FROM analytics.standings_check WHERE season = 2024 AND NOT agrees "
                + "ORDER BY round, driver_id").rows();
        assertThat(disagreements).as("standings_check rows that do not agree").isEmpty();
        assertThat(single("SELECT count(*) FROM analytics.standings_check WHERE season = 2024 AND agrees "
                + "AND computed_points IS NOT NULL AND published_points IS NOT NULL")).isEqualTo(published);
        assertThat(single("SELECT count(DISTINCT round) FROM analytics.standings_check WHERE season = 2024")).isEqualTo(24L);
        // The champion after the final round, as published.
        assertThat(warehouse.query("SELECT driver_id, published_points, published_position FROM analytics.standings_check "
                + "WHERE season = 2024 AND round = 24 AND published_position = 1").rows())
                .containsExactly(List.of("max_verstappen", new BigDecimal("437.00"), 1));
    }

    @Test
    void poleSitterOfEveryRoundIsJolpicasAndSetTheFastestQ3() {
        Map<Integer, String> expected = new TreeMap<>();
        for (int round : rounds) {
            JsonNode race = RecordedSources.jolpica(SEASON, round, "qualifying.json", "/MRData/RaceTable/Races/0").orElseThrow();
            for (JsonNode q : race.get("QualifyingResults")) {
                if (q.path("position").asInt() == 1) {
                    expected.put(round, q.at("/Driver/driverId").asText());
                }
            }
        }
        Map<Integer, String> actual = new TreeMap<>();
        for (List<Object> row : warehouse.query("SELECT round, driver_id FROM analytics.qualifying "
                + "WHERE season = 2024 AND session = 'Q' AND position = 1").rows()) {
            actual.put((Integer) row.get(0), (String) row.get(1));
        }
        assertThat(actual).hasSize(24).isEqualTo(expected);
        assertThat(actual.get(10)).isEqualTo("norris");
        // Pole is the fastest Q3 time of the round, every round.
        assertThat(warehouse.query("SELECT round FROM analytics.qualifying q WHERE season = 2024 AND position = 1 "
                + "AND q3_ms <> (SELECT min(q3_ms) FROM analytics.qualifying o WHERE o.season = q.season AND o.round = q.round)")
                .rows()).isEmpty();
        assertThat(warehouse.query("SELECT q1_ms, q2_ms, q3_ms, best_ms FROM analytics.qualifying "
                + "WHERE season = 2024 AND round = 10 AND driver_id = 'norris'").rows())
                .containsExactly(List.of(72_386L, 71_872L, 71_383L, 71_383L));
        // Zhou set no Q1 time in round 2 (Saudi Arabia): nothing to be best of.
        assertThat(warehouse.query("SELECT q1_ms, best_ms FROM analytics.qualifying WHERE season = 2024 AND round = 2 "
                + "AND driver_id = 'zhou'").rows()).containsExactly(java.util.Arrays.asList(null, null));
    }

    @Test
    void pitStopsAndConstructorStandingsMatchTheRecordedFiles() {
        for (int round : rounds) {
            JsonNode stops = RecordedSources.jolpica(SEASON, round, "pitstops.json", "/MRData/RaceTable/Races/0/PitStops").orElseThrow();
            assertThat(single("SELECT count(*) FROM analytics.pit_stops WHERE season = 2024 AND round = " + round))
                    .as("pit stops of round %d", round).isEqualTo((long) stops.size());
            JsonNode leader = RecordedSources.jolpica(SEASON, round, "constructorStandings.json",
                    "/MRData/StandingsTable/StandingsLists/0/ConstructorStandings/0").orElseThrow();
            assertThat(warehouse.query("SELECT constructor_id, points, wins FROM analytics.published_constructor_standings "
                    + "WHERE season = 2024 AND round = " + round + " AND position = 1").rows())
                    .as("constructors' leader after round %d", round)
                    .containsExactly(List.of(leader.at("/Constructor/constructorId").asText(),
                            new BigDecimal(leader.get("points").asText()).setScale(2), leader.get("wins").asInt()));
        }
        // Suzuka (round 4) was red-flagged on lap 1: the tyre changes during the stoppage count the
        // whole stoppage as pit lane time, up to "26:26.793".
        assertThat(single("SELECT max(duration_ms) FROM analytics.pit_stops WHERE season = 2024 AND round = 4"))
                .isEqualTo(maxDuration(4)).isEqualTo(26 * 60_000L + 26_793L);
        assertThat(warehouse.query("SELECT stop, lap, local_time, duration_ms FROM analytics.pit_stops "
                + "WHERE season = 2024 AND round = 10 AND driver_id = 'zhou' AND stop = 1").rows())
                .containsExactly(List.of(1, 9, "15:15:47", 22_523L));
    }

    @Test
    void tyreStrategyOfTheSpanishGrandPrixIsOpenF1sStintsInOrder() {
        Map<Integer, List<JsonNode>> byDriver = new TreeMap<>();
        for (JsonNode s : RecordedSources.stintNodes(9539)) {
            byDriver.computeIfAbsent(s.get("driver_number").asInt(), d -> new ArrayList<>()).add(s);
        }
        Map<Integer, List<Object>> expected = new LinkedHashMap<>();
        byDriver.forEach((number, stints) -> {
            stints.sort(Comparator.comparingInt(s -> s.get("stint_number").asInt()));
            String compounds = String.join("-", stints.stream().map(s -> s.get("compound").asText()).toList());
            expected.put(number, List.of(compounds, (long) stints.size() - 1));
        });
        Map<Integer, List<Object>> actual = new LinkedHashMap<>();
        for (List<Object> row : warehouse.query("SELECT driver_number, compounds, stops, driver_id FROM analytics.tyre_strategy "
                + "WHERE session_key = 9539 ORDER BY driver_number").rows()) {
            actual.put((Integer) row.get(0), List.of(row.get(1), row.get(2)));
            assertThat(row.get(3)).as("driver_id of car %s from the race result", row.get(0)).isNotNull();
        }
        assertThat(actual).hasSize(20).isEqualTo(expected);
        assertThat(warehouse.query("SELECT driver_id, compounds, stints, stops, first_lap, last_lap FROM analytics.tyre_strategy "
                + "WHERE season = 2024 AND round = 10 AND session = 'R' AND driver_number = 1").rows())
                .containsExactly(List.of("max_verstappen", "SOFT-MEDIUM-SOFT", 3L, 2L, 1, 66));
        assertThat(warehouse.query("SELECT stint_number, lap_start, lap_end, laps, compound FROM analytics.stints "
                + "WHERE session_key = 9539 AND driver_id = 'max_verstappen' ORDER BY stint_number").rows())
                .containsExactly(List.of(1, 1, 17, 17, "SOFT"), List.of(2, 18, 44, 27, "MEDIUM"), List.of(3, 45, 66, 22, "SOFT"));
    }

    private static long maxDuration(int round) {
        long max = 0;
        Optional<JsonNode> stops = RecordedSources.jolpica(SEASON, round, "pitstops.json", "/MRData/RaceTable/Races/0/PitStops");
        for (JsonNode s : stops.orElseThrow()) {
            max = Math.max(max, dev.pitwall.loader.fixture.RecordedRace.LapTiming.millis(s.get("duration").asText()));
        }
        return max;
    }

    private static Object single(String sql) {
        return warehouse.query(sql).rows().get(0).get(0);
    }
}

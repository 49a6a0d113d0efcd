package dev.pitwall.loader.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.loader.fixture.RecordedSeason;
import dev.pitwall.loader.fixture.SinkObject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole recorded seasons (race and sprint results, as the sink writes them) through DuckDB: the
 * views must give Jolpica's own race classification and its driver standings after every round.
 * No real-world penalty makes our standings differ from Jolpica's in 2023-2026: Jolpica stores the
 * results as amended by the stewards, and the views rebuild the table from those results.
 * One case differs, and it is Jolpica being inconsistent with itself: see {@link #UNRANKED_IN_VIEW}.
 */
class SeasonViewsTest {

    /**
     * 2026 after rounds 2 and 3: Alonso and Stroll have no points and no classified race finish
     * (retirements, a sprint finish). Jolpica now ranks them last, yet in 2023-2025 it leaves every
     * driver in that situation unranked ("-"), e.g. Alonso after 2025 round 2 with the same record.
     * The view follows the rule of the three full seasons, so these stay unranked.
     */
    private static final Map<String, Set<String>> UNRANKED_IN_VIEW = Map.of(
            "2026/2", Set.of("alonso", "stroll"),
            "2026/3", Set.of("stroll"));

    @TempDir
    Path dir;

    @ParameterizedTest(name = "season {0}")
    @ValueSource(ints = {2023, 2024, 2025, 2026})
    void viewsAgreeWithJolpicaAfterEveryRound(int year) throws Exception {
        RecordedSeason season = RecordedSeason.load(year);
        List<Integer> rounds = season.rounds();
        assertThat(rounds).isNotEmpty();
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(dir.resolve("pitwall.duckdb"))) {
            warehouse.migrate();
            Path files = Files.createDirectories(dir.resolve("files"));
            for (int round : rounds) {
                for (SinkObject object : season.resultObjects(round)) {
                    assertThat(warehouse.load(object.fileWritten("b"), object.writeTo(files)).rows()).isEqualTo(object.rows());
                }
            }

            int standingsCompared = 0;
            for (int round : rounds) {
                assertClassification(warehouse, season, round);
                Optional<JsonNode> standings = season.driverStandings(round);
                if (standings.isPresent()) {
                    assertStandings(warehouse, year, round, standings.get());
                    standingsCompared++;
                }
            }
            assertThat(standingsCompared).as("rounds with recorded standings").isPositive();
        }
    }

    /**
     * Entry by entry: position text, laps and points in Jolpica's order. Drivers out on the same
     * lap with the same outcome (e.g. three retirements on lap 0 at Melbourne 2025) are compared
     * as a group: Jolpica orders them by the stewards' retirement order, which no record carries.
     */
    private static void assertClassification(Warehouse warehouse, RecordedSeason season, int round) {
        List<JsonNode> recorded = season.raceResults(round);
        List<List<Object>> rows = warehouse.query("SELECT classified_order, driver_id, position_text, laps, points "
                + "FROM analytics.race_classification WHERE season = " + season.season() + " AND round = " + round
                + " ORDER BY classified_order").rows();
        assertThat(rows).as("classification of round %d", round).hasSize(recorded.size());
        Map<String, List<String>> expectedGroups = new TreeMap<>();
        Map<String, List<String>> actualGroups = new TreeMap<>();
        for (int i = 0; i < recorded.size(); i++) {
            JsonNode r = recorded.get(i);
            List<Object> row = rows.get(i);
            String where = "round " + round + " entry " + (i + 1);
            assertThat(row.get(0)).as(where).isEqualTo((long) i + 1);
            assertThat(row.get(2)).as(where).isEqualTo(r.get("positionText").asText());
            assertThat(row.get(3)).as(where).isEqualTo(r.get("laps").asInt());
            assertThat((BigDecimal) row.get(4)).as(where).isEqualByComparingTo(r.get("points").asText());
            String group = r.get("positionText").asText() + "/" + r.get("laps").asText()
                    + (r.get("positionText").asText().matches("\\d+") ? "" : "/unclassified");
            expectedGroups.computeIfAbsent(group, g -> new ArrayList<>()).add(r.at("/Driver/driverId").asText());
            actualGroups.computeIfAbsent(group, g -> new ArrayList<>()).add((String) row.get(1));
        }
        expectedGroups.values().forEach(java.util.Collections::sort);
        actualGroups.values().forEach(java.util.Collections::sort);
        assertThat(actualGroups).as("drivers per place in round %d", round).isEqualTo(expectedGroups);
    }

    /** Driver by driver: position (none when Jolpica's positionText is "-"), points, wins. */
    private static void assertStandings(Warehouse warehouse, int season, int round, JsonNode standings) {
        assertThat(standings.get("round").asInt()).isEqualTo(round);
        Set<String> unranked = UNRANKED_IN_VIEW.getOrDefault(season + "/" + round, Set.of());
        Map<String, List<Object>> expected = new TreeMap<>();
        for (JsonNode s : standings.get("DriverStandings")) {
            String driver = s.at("/Driver/driverId").asText();
            if (unranked.contains(driver)) {
                assertThat(s.hasNonNull("position")).as("Jolpica still ranks %s after %d round %d", driver, season, round).isTrue();
            }
            expected.put(driver, List.of(
                    s.hasNonNull("position") && !unranked.contains(driver) ? s.get("position").asText() : "-",
                    new BigDecimal(s.get("points").asText()).stripTrailingZeros().toPlainString(),
                    s.get("wins").asText()));
        }
        Map<String, List<Object>> actual = new TreeMap<>();
        for (List<Object> row : warehouse.query("SELECT driver_id, position, points, wins FROM analytics.driver_standings "
                + "WHERE season = " + season + " AND round = " + round).rows()) {
            List<Object> values = new ArrayList<>();
            values.add(row.get(1) == null ? "-" : row.get(1).toString());
            values.add(((BigDecimal) row.get(2)).stripTrailingZeros().toPlainString());
            values.add(row.get(3).toString());
            actual.put((String) row.get(0), values);
        }
        assertThat(actual).as("driver standings %d after round %d", season, round).isEqualTo(expected);
    }
}

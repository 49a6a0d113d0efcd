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
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole recorded seasons (race and sprint results, as the sink writes them) through DuckDB: the
 * views must give Jolpica's own race classification and its driver standings after every round.
 * No real-world penalty makes our standings differ from Jolpica's in 2023-2026: Jolpica stores the
 * results as amended by the stewards, and the views rebuild the table from those results.
 * One convention differs: Jolpica leaves a driver with no points and no classified finish yet
 * unranked ("-", e.g. Ocon, Leclerc and Piastri after 2023 round 1), the view ranks such drivers
 * by count-back after everyone else, as the official tables of every season to 2024 do (and
 * Jolpica itself in 2026, e.g. Alonso and Stroll after round 2). Drivers level on points with the
 * same classified finishes (count-back cannot part them) may be listed in either order, holding the
 * same places: e.g. Gasly and Hadjar after 2025 round 2, each with one 11th place.
 */
class SeasonViewsTest {

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

    /** Driver by driver: position, points, wins; a driver Jolpica leaves unranked ranks after all it ranks. */
    private static void assertStandings(Warehouse warehouse, int season, int round, JsonNode standings) {
        assertThat(standings.get("round").asInt()).isEqualTo(round);
        Map<String, List<Object>> expected = new TreeMap<>();
        int ranked = 0;
        for (JsonNode s : standings.get("DriverStandings")) {
            ranked += s.hasNonNull("position") ? 1 : 0;
            expected.put(s.at("/Driver/driverId").asText(), List.of(
                    s.hasNonNull("position") ? s.get("position").asText() : "unranked",
                    new BigDecimal(s.get("points").asText()).stripTrailingZeros().toPlainString(),
                    s.get("wins").asText()));
        }
        Map<String, List<Object>> actual = new TreeMap<>();
        for (List<Object> row : warehouse.query("SELECT driver_id, position, points, wins FROM analytics.driver_standings "
                + "WHERE season = " + season + " AND round = " + round).rows()) {
            String driver = (String) row.get(0);
            long position = ((Number) row.get(1)).longValue();
            boolean unranked = expected.containsKey(driver) && "unranked".equals(expected.get(driver).get(0));
            if (unranked) {
                assertThat(position).as("%s after %d round %d ranks after Jolpica's ranked drivers", driver, season, round)
                        .isGreaterThan(ranked);
            }
            List<Object> values = new ArrayList<>();
            values.add(unranked ? "unranked" : Long.toString(position));
            values.add(((BigDecimal) row.get(2)).stripTrailingZeros().toPlainString());
            values.add(row.get(3).toString());
            actual.put(driver, values);
        }
        Map<String, String> finishes = new TreeMap<>();
        for (List<Object> row : warehouse.query("SELECT driver_id, string_agg(CAST(position AS VARCHAR), ',' ORDER BY position) "
                + "FROM analytics.race_classification WHERE season = " + season + " AND round <= " + round
                + " AND position IS NOT NULL GROUP BY driver_id").rows()) {
            finishes.put((String) row.get(0), (String) row.get(1));
        }
        Map<String, Set<Object>> expectedPlaces = new TreeMap<>();
        Map<String, Set<Object>> actualPlaces = new TreeMap<>();
        actual.forEach((driver, values) -> {
            String group = values.get(1) + "/" + finishes.getOrDefault(driver, "");
            actualPlaces.computeIfAbsent(group, g -> new TreeSet<>()).add(values.get(0));
            if (expected.containsKey(driver)) {
                expectedPlaces.computeIfAbsent(group, g -> new TreeSet<>()).add(expected.get(driver).get(0));
            }
        });
        actual.forEach((driver, values) -> {
            String group = values.get(1) + "/" + finishes.getOrDefault(driver, "");
            if (expected.containsKey(driver) && !values.get(0).equals(expected.get(driver).get(0))
                    && actualPlaces.get(group).size() > 1 && actualPlaces.get(group).equals(expectedPlaces.get(group))) {
                values.set(0, expected.get(driver).get(0));
            }
        });
        assertThat(actual).as("driver standings %d after round %d", season, round).isEqualTo(expected);
    }
}

package dev.pitwall.loader.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitwall.loader.fixture.OfficialStandings;
import dev.pitwall.loader.fixture.RecordedHistory;
import dev.pitwall.loader.fixture.RecordedSeason;
import dev.pitwall.loader.fixture.StandingsComparison;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every season 1950-2025 (race and sprint results of the Ergast CSV dump, loaded as the sink writes
 * them, see {@link RecordedHistory}) through DuckDB's computed championships, against the official final tables:
 * the Ergast CSV dump for 1950-2024, Jolpica's standings for 2025 (the dump's 2025 is incomplete).
 * Entrant by entrant: points, wins, position. {@link #KNOWN_DRIVER_DIFFERENCES} lists the only
 * places the official table cannot be derived from the results it was published with.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfficialStandingsTest {

    /**
     * The published tables order these against the rules of their own results: 1951, Ayulo shared
     * McGrath's third-placed car at Indianapolis (2 points each, the same finish) yet is listed four
     * places lower, behind drivers with worse finishes; 2011, Karthikeyan's 14th place (Canada)
     * beats all of Glock's finishes on count-back, yet Glock is listed ahead.
     */
    static final List<String> KNOWN_DRIVER_DIFFERENCES = List.of(
            "1951 ayulo", "1951 ball", "1951 cabantous", "1951 graffenried", "1951 mcgrath",
            "2011 glock", "2011 karthikeyan");

    @TempDir
    Path dir;

    DuckDbWarehouse warehouse;
    OfficialStandings official;

    @BeforeAll
    void loadHistory(@TempDir Path tmp) {
        official = OfficialStandings.load();
        warehouse = new DuckDbWarehouse(tmp.resolve("pitwall.duckdb"));
        warehouse.migrate();
        long started = System.nanoTime();
        long rows = RecordedHistory.loadResults(warehouse, tmp);
        System.out.printf("loaded %d result rows of 1950-2025 in %.1f s%n", rows, (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    void close() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    void driversChampionshipEqualsTheOfficialTableEverySeason() {
        long started = System.nanoTime();
        Map<Integer, StandingsComparison.Season> seasons = StandingsComparison.compare(warehouse, "analytics.driver_standings",
                "driver_id", upTo2024(official.drivers()), lastRounds());
        System.out.printf("drivers' championship, computed vs official (%.1f s):%n%s%n", (System.nanoTime() - started) / 1e9,
                StandingsComparison.tally(seasons));
        printTotals("drivers", seasons);
        assertThat(seasons.keySet()).as("seasons compared").hasSize(75).contains(1950, 2024);
        List<String> differing = new ArrayList<>();
        seasons.values().forEach(s -> s.differences().forEach(d -> differing.add(d.substring(0, d.indexOf(':')))));
        seasons.values().forEach(s -> s.differences().forEach(System.out::println));
        assertThat(differing).as("drivers differing beyond the order inside a tie").containsExactlyInAnyOrderElementsOf(KNOWN_DRIVER_DIFFERENCES);
    }

    @Test
    void constructorsChampionshipEqualsTheOfficialTableEverySeasonFrom1958() {
        Map<Integer, StandingsComparison.Season> seasons = StandingsComparison.compare(warehouse, "analytics.constructor_standings",
                "constructor_id", upTo2024(official.constructors()), lastRounds());
        System.out.printf("constructors' championship, computed vs official:%n%s%n", StandingsComparison.tally(seasons));
        printTotals("constructors", seasons);
        assertThat(seasons.keySet()).as("seasons compared").hasSize(67).contains(1958, 2024);
        seasons.values().forEach(s -> assertThat(s.differences()).as("constructors %d", s.season()).isEmpty());
    }

    /** 2025 against Jolpica's own tables after the last recorded round. */
    @Test
    void season2025EqualsJolpicasTables() throws Exception {
        int round = RecordedSeason.load(2025).rounds().stream().mapToInt(Integer::intValue).max().orElseThrow();
        Path roundDir = RecordedSeason.fixtures().resolve("jolpica/2025/" + round);
        ObjectMapper json = new ObjectMapper();
        JsonNode drivers = json.readTree(roundDir.resolve("driverStandings.json").toFile()).at("/MRData/StandingsTable/StandingsLists/0");
        JsonNode constructors = json.readTree(roundDir.resolve("constructorStandings.json").toFile()).at("/MRData/StandingsTable/StandingsLists/0");
        assertThat(drivers.get("round").asInt()).isEqualTo(round);
        assertThat(table("analytics.driver_standings", "driver_id", 2025, round))
                .isEqualTo(jolpica(drivers.get("DriverStandings"), "/Driver/driverId"));
        assertThat(table("analytics.constructor_standings", "constructor_id", 2025, round))
                .isEqualTo(jolpica(constructors.get("ConstructorStandings"), "/Constructor/constructorId"));
        System.out.printf("2025 after round %d: %d drivers and %d constructors equal Jolpica's tables%n", round,
                drivers.get("DriverStandings").size(), constructors.get("ConstructorStandings").size());
    }

    private Map<Integer, Integer> lastRounds() {
        Map<Integer, Integer> last = new TreeMap<>();
        official.drivers().keySet().forEach(season -> last.put(season, official.lastRound(season)));
        return last;
    }

    /** 1950-2024: the dump's 2025 stops before the season's end. */
    private static <T> Map<Integer, T> upTo2024(Map<Integer, T> seasons) {
        return new TreeMap<>(seasons).headMap(2025);
    }

    private static void printTotals(String championship, Map<Integer, StandingsComparison.Season> seasons) {
        int exactSeasons = 0, entrants = 0, exact = 0, tie = 0, differ = 0;
        for (StandingsComparison.Season s : seasons.values()) {
            exactSeasons += s.exact() == s.entrants() ? 1 : 0;
            entrants += s.entrants();
            exact += s.exact();
            tie += s.tieOrder();
            differ += s.differences().size();
        }
        System.out.printf("%s: %d of %d seasons exact; %d entrants: %d exact, %d equal but for the order inside a tie, %d differ%n",
                championship, exactSeasons, seasons.size(), entrants, exact, tie, differ);
    }

    private Map<String, List<String>> table(String view, String idColumn, int season, int round) {
        Map<String, List<String>> rows = new TreeMap<>();
        for (List<Object> row : warehouse.query("SELECT " + idColumn + ", position, points, wins FROM " + view
                + " WHERE season = " + season + " AND round = " + round).rows()) {
            rows.put((String) row.get(0), List.of(String.valueOf(row.get(1)),
                    ((BigDecimal) row.get(2)).stripTrailingZeros().toPlainString(), row.get(3).toString()));
        }
        return rows;
    }

    /** Jolpica leaves a driver with no points and no classified finish unranked: the view ranks them last. */
    private Map<String, List<String>> jolpica(JsonNode standings, String idPointer) {
        Map<String, List<String>> rows = new TreeMap<>();
        for (JsonNode s : standings) {
            rows.put(s.at(idPointer).asText(), List.of(s.hasNonNull("position") ? s.get("position").asText() : "unranked",
                    new BigDecimal(s.get("points").asText()).stripTrailingZeros().toPlainString(), s.get("wins").asText()));
        }
        return rows;
    }
}

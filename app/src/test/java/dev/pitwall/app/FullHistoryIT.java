package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #10's promise, as a new user would check it: every recorded season 1950-2025 replayed from the
 * archive with one command, then `pitwall verify` finds every session table equal to the files and nothing
 * dead-lettered; sampled sessions, the odd ones among them, equal the files value by value; every field
 * nulled is a warning row, and exactly the fields the files cannot give are nulled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FullHistoryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIRST = "1950";
    private static final String LAST = "2025";

    @TempDir
    static Path work;

    private Path fixtures;
    private Path dataDir;

    @BeforeAll
    void replayEverySeason() {
        fixtures = JolpicaFixtures.root();
        dataDir = work.resolve("data");
        long t0 = System.nanoTime();
        ReplayEndToEndIT.Run run = ReplayEndToEndIT.pitwall("replay", "--seasons", FIRST + ".." + LAST,
                "--archive", fixtures.toString(), "--data-dir", dataDir.toString());
        assertThat(run.exitCode()).as("replay failed: %s", run.err()).isZero();
        System.out.printf("full history: replay %s..%s took %.1f s%n%s", FIRST, LAST, (System.nanoTime() - t0) / 1e9, run.out());
        assertThat(run.out()).contains("rejects     0 (f1.dlq)");
    }

    @Test
    void verifyFindsEverySessionTableEqualToTheArchive() {
        ReplayEndToEndIT.Run verify = ReplayEndToEndIT.pitwall("verify", "--seasons", FIRST + ".." + LAST, "--skip-standings",
                "--archive", fixtures.toString(), "--data-dir", dataDir.toString());
        System.out.println("full history: " + verify.out());
        assertThat(verify.out()).as(verify.err()).contains(" session tables equal the archive, 0 rejected, ").endsWith("; no differences" + System.lineSeparator());
        assertThat(verify.exitCode()).isZero();
        // one line only: the total
        assertThat(verify.out().lines()).hasSize(1);
    }

    /** The archive publishes standings for 2023-2025: the computed final tables equal them, driver by driver. */
    @Test
    void verifyFindsTheComputedFinalStandingsEqualToThePublished() {
        ReplayEndToEndIT.Run verify = ReplayEndToEndIT.pitwall("verify", "--seasons", FIRST + ".." + LAST,
                "--archive", fixtures.toString(), "--data-dir", dataDir.toString());
        System.out.println("full history: " + verify.out());
        assertThat(verify.out()).as(verify.err()).contains("; final driver standings 3 of 3 seasons equal the published; no differences");
        assertThat(verify.exitCode()).isZero();
    }

    @Test
    void theOddSessionsEqualTheFilesValueByValue() {
        // shared drives (1950 Belgium, 1955 Argentina), unnumbered entrants (1962 Netherlands), a sprint
        for (int[] s : new int[][] {{1950, 6}, {1955, 1}, {1962, 4}, {1963, 10}, {2024, 5}, {2021, 10}}) {
            assertResultsEqualTheFile(s[0], s[1], "R");
        }
        assertResultsEqualTheFile(2024, 5, "S");
        // laps through a red flag of over an hour, laps without a running position
        for (int[] s : new int[][] {{2011, 7}, {2014, 9}, {2014, 1}, {2008, 4}, {2018, 14}}) {
            assertLapsEqualTheFiles(s[0], s[1]);
        }
    }

    @Test
    void everyNulledFieldIsAWarningAndOnlyThoseTheFilesCannotGive() {
        Set<String> expected = new HashSet<>();
        for (int season = Integer.parseInt(FIRST); season <= Integer.parseInt(LAST); season++) {
            Path dir = fixtures.resolve("jolpica").resolve(Integer.toString(season));
            if (!Files.isDirectory(dir)) {
                continue;
            }
            for (Path round : list(dir).stream().filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches("\\d+")).toList()) {
                for (String file : new String[] {"results.json", "sprint.json"}) {
                    Path f = round.resolve(file);
                    if (Files.exists(f)) {
                        for (JsonNode r : firstRace(f).path(file.equals("sprint.json") ? "SprintResults" : "Results")) {
                            if (r.path("number").asText("").equals("None")) {
                                expected.add(season + "/" + round.getFileName() + "/results/" + r.path("Driver").path("driverId").asText());
                            }
                        }
                    }
                }
                for (JolpicaFixtures.Lap lap : lapsWithoutPosition(season, Integer.parseInt(round.getFileName().toString()))) {
                    expected.add(season + "/" + round.getFileName() + "/laps/" + lap.driverId() + "#" + lap.lap());
                }
            }
        }
        List<String[]> rows = ReplayEndToEndIT.csv(dataDir, "select season, round, source_table, record_key, error_code, message "
                + "from staging.rejected where severity = 'warning' order by 1, 2, 4");
        Set<String> warned = new HashSet<>();
        for (String[] r : rows) {
            String key = r[3].substring(r[3].lastIndexOf('/') + 1);
            if (r[2].equals("laps")) {
                key = key + "#" + r[5].replaceAll(".* on lap (\\d+) .*", "$1");
            }
            warned.add(r[0] + "/" + r[1] + "/" + r[2] + "/" + key);
        }
        System.out.println("full history: " + rows.size() + " warnings (fields nulled), " + expected.size() + " 'None' values in the files");
        assertThat(warned).isEqualTo(expected);
        assertThat(expected).hasSizeGreaterThanOrEqualTo(20);
        assertThat(ReplayEndToEndIT.csv(dataDir, "select count(*) from staging.rejected where severity <> 'warning'").get(0)[0]).isEqualTo("0");
    }

    /**
     * An archive whose 2024 round 5 race has one result fewer than was loaded (a copy of the recorded season,
     * made in the temp dir): verify names that session table, says nothing of the others, and exits 1.
     */
    @Test
    void verifyNamesADifferenceAndExitsOne() throws IOException {
        Path season = work.resolve("archive").resolve("jolpica").resolve("2024");
        Path recorded = fixtures.resolve("jolpica").resolve("2024");
        try (Stream<Path> files = Files.walk(recorded)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = season.resolve(recorded.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        Path results = season.resolve("5").resolve("results.json");
        JsonNode doc = JSON.readTree(results.toFile());
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.path("MRData").path("RaceTable").path("Races").get(0).path("Results")).remove(19);
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.path("MRData")).put("total", "19");
        JSON.writeValue(results.toFile(), doc);

        ReplayEndToEndIT.Run verify = ReplayEndToEndIT.pitwall("verify", "--season", "2024", "--skip-standings",
                "--archive", work.resolve("archive").toString(), "--data-dir", dataDir.toString());
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out().lines()).containsExactly("2024 round 5 R results: archive 19, analytics 20",
                verify.out().lines().toList().get(1));
        assertThat(verify.out()).endsWith("; 1 difference" + System.lineSeparator());

        ReplayEndToEndIT.Run backwards = ReplayEndToEndIT.pitwall("verify", "--seasons", "2024..2020", "--data-dir", dataDir.toString());
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.err().lines().filter(l -> !l.isBlank()).findFirst().orElseThrow()).contains("--seasons 2024..2020 runs backwards");
    }

    private List<JolpicaFixtures.Lap> lapsWithoutPosition(int season, int round) {
        if (list(fixtures.resolve("jolpica").resolve(Integer.toString(season)).resolve(Integer.toString(round))).stream()
                .noneMatch(p -> p.getFileName().toString().startsWith("laps_page_"))) {
            return List.of();
        }
        return JolpicaFixtures.laps(season, round).stream().filter(l -> l.position() == null).toList();
    }

    private void assertResultsEqualTheFile(int season, int round, String session) {
        Path file = JolpicaFixtures.round(season, round).resolve(session.equals("S") ? "sprint.json" : "results.json");
        List<String> expected = new ArrayList<>();
        for (JsonNode r : firstRace(file).path(session.equals("S") ? "SprintResults" : "Results")) {
            String number = r.path("number").asText("");
            expected.add(String.join("|", r.path("Driver").path("driverId").asText(), number.matches("\\d+") ? number : "",
                    r.path("Constructor").path("constructorId").asText(), r.path("grid").asText(""), r.path("positionText").asText(),
                    Double.toString(Double.parseDouble(r.path("points").asText("0"))), r.path("laps").asText(""), r.path("status").asText("")));
        }
        List<String> landed = new ArrayList<>();
        for (String[] r : ReplayEndToEndIT.csv(dataDir, "select driver_id, driver_number, constructor_id, grid, position_text, points, laps, status "
                + "from analytics.results where season = " + season + " and round = " + round + " and session = '" + session + "'")) {
            landed.add(String.join("|", r[0], r[1], r[2], r[3], r[4], Double.toString(Double.parseDouble(r[5])), r[6], r[7]));
        }
        assertThat(landed).as("%d round %d %s results", season, round, session).containsExactlyInAnyOrderElementsOf(expected);
    }

    private void assertLapsEqualTheFiles(int season, int round) {
        List<String> expected = JolpicaFixtures.laps(season, round).stream()
                .map(l -> l.driverId() + "|" + l.lap() + "|" + (l.position() == null ? "" : l.position()) + "|" + l.millis()).toList();
        List<String> landed = ReplayEndToEndIT.csv(dataDir, "select driver_id, lap, position, lap_time_ms from analytics.laps where season = "
                + season + " and round = " + round + " and session = 'R'").stream().map(r -> String.join("|", r)).toList();
        assertThat(landed).as("%d round %d laps", season, round).hasSameSizeAs(expected).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode firstRace(Path file) {
        try {
            // a scheduled round not run yet answers with no race
            return JSON.readTree(file.toFile()).path("MRData").path("RaceTable").path("Races").path(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

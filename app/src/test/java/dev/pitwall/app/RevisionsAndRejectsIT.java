package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's acceptance through the CLI: a race replayed twice does not grow staging; a restated
 * result adds exactly one revision that the views show; with 5 % of lap times corrupted, every
 * other lap lands, each reject is in staging.rejected with a reason, and landed + rejected = source.
 * The altered races are written by the test into a temporary archive, from the recorded files.
 */
class RevisionsAndRejectsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEASON = 2024;
    private static final int ROUND = 3;

    @TempDir
    Path work;

    @Test
    void replayTwiceRestateThenCorrupt() throws IOException {
        Path pristine = archiveCopy("pristine");
        Path dataDir = work.resolve("data");
        replay(pristine, dataDir);
        long laps = count(dataDir, "staging.laps");
        long results = count(dataDir, "staging.results");
        assertThat(laps).isEqualTo(JolpicaFixtures.laps(SEASON, ROUND).size());

        replay(pristine, dataDir);
        assertThat(count(dataDir, "staging.laps")).as("a second identical replay adds nothing").isEqualTo(laps);
        assertThat(count(dataDir, "staging.results")).isEqualTo(results);

        // the stewards disqualify the driver classified tenth
        Path restated = archiveCopy("restated");
        Path resultsFile = restated.resolve("jolpica/" + SEASON + "/" + ROUND + "/results.json");
        JsonNode doc = JSON.readTree(resultsFile.toFile());
        ObjectNode tenth = (ObjectNode) doc.path("MRData").path("RaceTable").path("Races").get(0).path("Results").get(9);
        String driver = tenth.path("Driver").path("driverId").asText();
        tenth.put("position", "20").put("positionText", "D").put("points", "0").put("status", "Disqualified");
        JSON.writeValue(resultsFile.toFile(), doc);
        replay(restated, dataDir);
        assertThat(count(dataDir, "staging.results")).as("one restated result = one new row").isEqualTo(results + 1);
        assertThat(count(dataDir, "staging.laps")).isEqualTo(laps);
        List<String[]> row = ReplayEndToEndIT.csv(dataDir, "select position_text, points, status, revision from analytics.results"
                + " where season = " + SEASON + " and round = " + ROUND + " and session = 'R' and driver_id = '" + driver + "'");
        assertThat(row).hasSize(1);
        assertThat(row.get(0)).containsExactly("D", "0.00", "Disqualified", "2");

        // a race this warehouse has not seen, with every 20th lap time corrupted
        Path corrupted = archiveCopy("corrupted");
        int corruptedRows = corruptLapTimes(corrupted.resolve("jolpica/" + SEASON + "/" + ROUND), 20);
        Path fresh = work.resolve("fresh");
        replay(corrupted, fresh);
        long source = JolpicaFixtures.laps(SEASON, ROUND).size();
        long landed = count(fresh, "staging.laps");
        List<String[]> rejected = ReplayEndToEndIT.csv(fresh,
                "select error_code, count(*) from staging.rejected where season = " + SEASON + " and round = " + ROUND + " group by 1");
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0)[0]).isEqualTo("PW-2002");
        assertThat(Long.parseLong(rejected.get(0)[1])).isEqualTo(corruptedRows);
        assertThat(landed + corruptedRows).as("landed + rejected = source rows").isEqualTo(source);
    }

    private void replay(Path archive, Path dataDir) {
        ReplayEndToEndIT.Run run = ReplayEndToEndIT.pitwall("replay", "--season", Integer.toString(SEASON),
                "--round", Integer.toString(ROUND), "--archive", archive.toString(), "--data-dir", dataDir.toString());
        assertThat(run.exitCode()).as("replay failed: %s", run.err()).isZero();
    }

    private static long count(Path dataDir, String table) {
        return Long.parseLong(ReplayEndToEndIT.csv(dataDir, "select count(*) from " + table + " where season = " + SEASON
                + " and round = " + ROUND).get(0)[0]);
    }

    /** The recorded schedule and round, copied into a temporary archive the test may alter. */
    private Path archiveCopy(String name) throws IOException {
        Path from = JolpicaFixtures.root().resolve("jolpica/" + SEASON);
        Path to = work.resolve(name).resolve("jolpica/" + SEASON);
        Files.createDirectories(to.resolve(Integer.toString(ROUND)));
        Files.copy(from.resolve("races.json"), to.resolve("races.json"));
        try (Stream<Path> files = Files.list(from.resolve(Integer.toString(ROUND)))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(Integer.toString(ROUND)).resolve(f.getFileName()));
            }
        }
        return work.resolve(name);
    }

    /** Sets every {@code every}-th timing row's time to 1:75.000 (75 seconds: invalid); returns how many. */
    private static int corruptLapTimes(Path round, int every) throws IOException {
        int seen = 0;
        int corrupted = 0;
        try (Stream<Path> files = Files.list(round)) {
            for (Path page : files.filter(p -> p.getFileName().toString().matches("laps_page_\\d{3}\\.json")).sorted().toList()) {
                JsonNode doc = JSON.readTree(page.toFile());
                for (JsonNode race : doc.path("MRData").path("RaceTable").path("Races")) {
                    for (JsonNode lap : race.path("Laps")) {
                        for (JsonNode timing : (ArrayNode) lap.path("Timings")) {
                            if (++seen % every == 0) {
                                ((ObjectNode) timing).put("time", "1:75.000");
                                corrupted++;
                            }
                        }
                    }
                }
                JSON.writeValue(page.toFile(), doc);
            }
        }
        return corrupted;
    }
}

package dev.pitwall.sink.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CleanResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Clean records made from the recorded Jolpica responses (system property {@code pitwall.fixtures}),
 * normalised just enough to fill the clean schemas; the sink only carries them.
 */
public final class FixtureBatches {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    private FixtureBatches(Path root) {
        this.root = root;
    }

    /** Skips the calling test, with the reason printed, when the fixtures folder is absent. */
    public static FixtureBatches require() {
        Path root = Path.of(System.getProperty("pitwall.fixtures", "../../shared/fixtures"));
        boolean present = Files.isDirectory(root.resolve("jolpica"));
        if (!present) {
            System.out.println("skipping: no recorded fixtures under " + root.toAbsolutePath());
        }
        Assumptions.assumeTrue(present, "no recorded fixtures under " + root.toAbsolutePath());
        return new FixtureBatches(root);
    }

    public List<CleanResult> results(int season, int round) {
        JsonNode race = race(root.resolve("jolpica/" + season + "/" + round + "/results.json"));
        List<CleanResult> out = new ArrayList<>();
        for (JsonNode r : race.path("Results")) {
            String positionText = r.path("positionText").asText();
            String status = r.path("status").asText(null);
            out.add(CleanResult.newBuilder()
                    .setSeason(season).setRound(round).setSession("R")
                    .setDriverId(r.path("Driver").path("driverId").asText())
                    .setDriverCode(text(r.path("Driver").path("code")))
                    .setDriverNumber(integer(r.path("number")))
                    .setConstructorId(text(r.path("Constructor").path("constructorId")))
                    .setGrid(integer(r.path("grid")))
                    .setPosition(positionText.chars().allMatch(Character::isDigit) ? integer(r.path("position")) : null)
                    .setPositionText(positionText)
                    .setPoints(r.path("points").asDouble())
                    .setLaps(integer(r.path("laps")))
                    .setStatus(status)
                    .setStatusCategory(status == null ? null : status.equals("Finished") ? "finished"
                            : status.startsWith("+") ? "lapped" : "retired")
                    .setTimeMs(r.path("Time").has("millis") ? r.path("Time").path("millis").asLong() : null)
                    .setFastestLapRank(integer(r.path("FastestLap").path("rank")))
                    .setFastestLapMs(r.path("FastestLap").has("Time")
                            ? lapMillis(r.path("FastestLap").path("Time").path("time").asText()) : null)
                    .setRaceName(text(race.path("raceName")))
                    .setCircuitId(text(race.path("Circuit").path("circuitId")))
                    .setRaceDate(text(race.path("date")))
                    .setSource("jolpica")
                    .build());
        }
        return out;
    }

    public List<CleanLap> laps(int season, int round, int page) {
        JsonNode race = race(root.resolve(String.format("jolpica/%d/%d/laps_page_%03d.json", season, round, page)));
        List<CleanLap> out = new ArrayList<>();
        for (JsonNode lap : race.path("Laps")) {
            for (JsonNode t : lap.path("Timings")) {
                out.add(CleanLap.newBuilder()
                        .setSeason(season).setRound(round).setSession("R")
                        .setDriverId(t.path("driverId").asText())
                        .setLap(lap.path("number").asInt())
                        .setPosition(integer(t.path("position")))
                        .setLapTimeMs(lapMillis(t.path("time").asText()))
                        .setSource("jolpica")
                        .build());
            }
        }
        return out;
    }

    private static JsonNode race(Path file) {
        try {
            return JSON.readTree(file.toFile()).path("MRData").path("RaceTable").path("Races").get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static Integer integer(JsonNode node) {
        return node.isMissingNode() || node.isNull() || node.asText().isEmpty() ? null : Integer.valueOf(node.asText());
    }

    /** "1:38.524" or "58.123" to milliseconds. */
    static long lapMillis(String time) {
        String[] parts = time.split(":");
        double seconds = Double.parseDouble(parts[parts.length - 1]);
        long minutes = parts.length > 1 ? Long.parseLong(parts[0]) : 0;
        return minutes * 60_000 + Math.round(seconds * 1000);
    }
}

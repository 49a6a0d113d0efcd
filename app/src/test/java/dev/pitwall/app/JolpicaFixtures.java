package dev.pitwall.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Expected warehouse content computed straight from the recorded Jolpica files, independently of
 * the pipeline's own parsing, so the end-to-end tests compare the pipeline with the source.
 */
final class JolpicaFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Lap(String driverId, int lap, Integer position, long millis) {}

    record Result(String driverId, Integer position, String positionText) {}

    private JolpicaFixtures() {}

    static Path root() {
        Path fixtures = Path.of(System.getProperty("pitwall.fixtures", "../../shared/fixtures")).toAbsolutePath().normalize();
        if (!Files.isDirectory(fixtures.resolve("jolpica"))) {
            System.out.println("SKIPPED: recorded fixtures not found at " + fixtures + " (set -Dpitwall.fixtures=DIR)");
        }
        assumeTrue(Files.isDirectory(fixtures.resolve("jolpica")), "recorded fixtures not found at " + fixtures);
        return fixtures;
    }

    static Path round(int season, int round) {
        return root().resolve("jolpica").resolve(Integer.toString(season)).resolve(Integer.toString(round));
    }

    /** Results of a session: "R" from results.json, "S" from sprint.json; empty when the file is absent. */
    static List<Result> results(int season, int round, String session) {
        Path file = round(season, round).resolve(session.equals("S") ? "sprint.json" : "results.json");
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode races = read(file).path("MRData").path("RaceTable").path("Races");
        List<Result> out = new ArrayList<>();
        for (JsonNode r : races.get(0).path(session.equals("S") ? "SprintResults" : "Results")) {
            String text = r.path("positionText").asText();
            out.add(new Result(r.path("Driver").path("driverId").asText(),
                    text.matches("\\d+") ? Integer.valueOf(text) : null, text));
        }
        return out;
    }

    /** Race laps from every recorded page, merged by (lap, driver) as Jolpica may split a lap across pages. */
    static List<Lap> laps(int season, int round) {
        Map<String, Lap> merged = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(round(season, round))) {
            for (Path page : files.filter(p -> p.getFileName().toString().matches("laps_page_\\d{3}\\.json")).sorted().toList()) {
                for (JsonNode race : read(page).path("MRData").path("RaceTable").path("Races")) {
                    for (JsonNode lap : race.path("Laps")) {
                        int number = lap.path("number").asInt();
                        for (JsonNode t : lap.path("Timings")) {
                            String driver = t.path("driverId").asText();
                            String pos = t.path("position").asText("");
                            merged.putIfAbsent(driver + "#" + number, new Lap(driver, number,
                                    pos.matches("\\d+") ? Integer.valueOf(pos) : null, millis(t.path("time").asText())));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(merged.values());
    }

    static Map<String, Long> lapMillisPerDriver(List<Lap> laps) {
        Map<String, Long> sums = new TreeMap<>();
        laps.forEach(l -> sums.merge(l.driverId(), l.millis(), Long::sum));
        return sums;
    }

    /** "1:32.456", "12:05.123", "59.123" or "2:04:54.505" (a lap through a long red flag) to milliseconds. */
    static long millis(String time) {
        String[] parts = time.split(":");
        double seconds = Double.parseDouble(parts[parts.length - 1]);
        long minutes = parts.length > 1 ? Long.parseLong(parts[parts.length - 2]) : 0;
        long hours = parts.length > 2 ? Long.parseLong(parts[0]) : 0;
        return hours * 3_600_000 + minutes * 60_000 + Math.round(seconds * 1000);
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

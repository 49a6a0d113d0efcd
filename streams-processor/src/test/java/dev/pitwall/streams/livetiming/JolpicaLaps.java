package dev.pitwall.streams.livetiming;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Jolpica's recorded laps and classification of one race ({@code jolpica/<season>/<round>}), keyed by car number. */
final class JolpicaLaps {
    record Lap(String driverId, int lap, int position, Long timeMs) {}

    record Classified(String driverId, int number, Integer position, String positionText, int laps, Long fastestLapMs) {}

    final Map<String, Lap> laps = new HashMap<>();
    final Map<Integer, Classified> results = new HashMap<>();
    final Map<String, Integer> numberOf = new HashMap<>();

    JolpicaLaps(Path raceDir) {
        try {
            JsonNode race = RecordedLiveTiming.JSON.readTree(raceDir.resolve("results.json").toFile())
                    .path("MRData").path("RaceTable").path("Races").get(0);
            for (JsonNode r : race.path("Results")) {
                String id = r.path("Driver").path("driverId").asText();
                int number = r.path("number").asInt();
                numberOf.put(id, number);
                String fastest = r.path("FastestLap").path("Time").path("time").asText(null);
                results.put(number, new Classified(id, number, r.path("position").asInt(), r.path("positionText").asText(),
                        r.path("laps").asInt(), FeedValues.timeMs(fastest)));
            }
            try (Stream<Path> pages = Files.list(raceDir)) {
                for (Path page : pages.filter(p -> p.getFileName().toString().startsWith("laps_page_")).sorted().toList()) {
                    JsonNode races = RecordedLiveTiming.JSON.readTree(page.toFile()).path("MRData").path("RaceTable").path("Races");
                    for (JsonNode lap : races.path(0).path("Laps")) {
                        int n = lap.path("number").asInt();
                        for (JsonNode t : lap.path("Timings")) {
                            String id = t.path("driverId").asText();
                            laps.put(id + "/" + n, new Lap(id, n, t.path("position").asInt(), FeedValues.timeMs(t.path("time").asText(null))));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

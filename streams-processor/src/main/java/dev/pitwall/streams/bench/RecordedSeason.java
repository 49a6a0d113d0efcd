package dev.pitwall.streams.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The race sessions of one season from a recorded Jolpica archive ({@code jolpica/<season>/<round>/results.json}
 * and {@code laps_page_NNN.json}), as the raw records the producer would send: benchmark input.
 */
record RecordedSeason(int season, List<Race> races) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One race session's raw records. */
    record Race(int round, List<RawResult> results, List<RawLap> laps) {}

    static RecordedSeason load(Path archive, int season) {
        Path seasonDir = archive.resolve("jolpica").resolve(Integer.toString(season));
        if (!Files.isDirectory(seasonDir)) {
            throw new IllegalArgumentException("no recorded season at " + seasonDir.toAbsolutePath());
        }
        List<Race> races = new ArrayList<>();
        try (Stream<Path> rounds = Files.list(seasonDir)) {
            for (Path dir : rounds.filter(d -> d.getFileName().toString().matches("\\d+") && Files.exists(d.resolve("results.json")))
                    .sorted((a, b) -> Integer.compare(round(a), round(b))).toList()) {
                races.add(race(season, round(dir), dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RecordedSeason(season, races);
    }

    RecordedSeason first(int count) {
        return new RecordedSeason(season, races.subList(0, Math.min(count, races.size())));
    }

    long records() {
        return races.stream().mapToLong(r -> r.results().size() + r.laps().size()).sum();
    }

    private static int round(Path dir) {
        return Integer.parseInt(dir.getFileName().toString());
    }

    private static Race race(int season, int round, Path dir) throws IOException {
        JsonNode race = JSON.readTree(dir.resolve("results.json").toFile()).path("MRData").path("RaceTable").path("Races").path(0);
        String raceName = race.path("raceName").asText(null);
        String circuitId = race.path("Circuit").path("circuitId").asText(null);
        String date = race.path("date").asText(null);
        List<RawResult> results = new ArrayList<>();
        for (JsonNode row : race.path("Results")) {
            results.add(RawResult.newBuilder().setSource("archive").setSeason(season).setRound(round).setSession("R")
                    .setDriverId(row.path("Driver").path("driverId").asText(null))
                    .setRaceName(raceName).setCircuitId(circuitId).setRaceDate(date)
                    .setPayload(row.toString()).build());
        }
        // pages overlap at their edges: keep the first timing of each (lap, driver)
        Map<String, RawLap> laps = new LinkedHashMap<>();
        try (Stream<Path> pages = Files.list(dir)) {
            for (Path page : pages.filter(p -> p.getFileName().toString().startsWith("laps_page_")).sorted().toList()) {
                for (JsonNode r : JSON.readTree(page.toFile()).path("MRData").path("RaceTable").path("Races")) {
                    for (JsonNode lap : r.path("Laps")) {
                        for (JsonNode t : lap.path("Timings")) {
                            String number = lap.path("number").asText();
                            String driverId = t.path("driverId").asText();
                            laps.putIfAbsent(number + "/" + driverId, RawLap.newBuilder().setSource("archive")
                                    .setSeason(season).setRound(round).setSession("R").setDriverId(driverId)
                                    .setLap(number).setPosition(t.path("position").asText(null)).setTime(t.path("time").asText(null))
                                    .build());
                        }
                    }
                }
            }
        }
        return new Race(round, results, new ArrayList<>(laps.values()));
    }
}

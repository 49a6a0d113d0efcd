package dev.pitwall.producer.jolpica;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.source.SourceDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges the pages of a {@code laps.json} answer. Jolpica pages over timing rows, not laps, so one
 * lap's {@code Timings} can start on one page and end on the next: rows are merged by lap number and
 * driver, each pair kept once, and the merged count must equal {@code MRData.total}.
 */
public final class LapPages {
    private LapPages() {}

    /** @return the timings grouped by lap in the order the laps first appear */
    public static List<LapTiming> merge(int season, int round, List<SourceDocument> pages) {
        Map<String, Map<String, LapTiming>> byLap = new LinkedHashMap<>();
        PageTotal total = new PageTotal("lap pages");
        for (SourceDocument page : pages) {
            ResponseEnvelope envelope = total.open(page);
            int rows = 0;
            for (JsonNode race : envelope.races()) {
                JsonNode laps = RaceCheck.rows(race, "Laps", season, round, page.location());
                for (JsonNode lap : laps) {
                    String number = text(lap.path("number"));
                    JsonNode timings = lap.path("Timings");
                    if (number == null || !timings.isArray()) {
                        throw ResponseEnvelope.badShape(page.location(), "lap without a number or Timings array");
                    }
                    Map<String, LapTiming> drivers = byLap.computeIfAbsent(number, n -> new LinkedHashMap<>());
                    for (JsonNode timing : timings) {
                        rows++;
                        String driverId = text(timing.path("driverId"));
                        drivers.putIfAbsent(Objects.requireNonNullElse(driverId, ""),
                                new LapTiming(number, driverId, text(timing.path("position")), text(timing.path("time"))));
                    }
                }
            }
            envelope.checkPageRows(rows, "lap timings");
        }
        List<LapTiming> merged = new ArrayList<>();
        byLap.values().forEach(drivers -> merged.addAll(drivers.values()));
        total.checkMerged(season, round, pages.size(), merged.size(), "lap pages", "distinct timings");
        return merged;
    }

    static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
}

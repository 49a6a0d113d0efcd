package dev.pitwall.producer.jolpica;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.source.SourceDocument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the pages of a {@code pitstops.json} answer. Every page must be for the round asked for and
 * agree on {@code MRData.total}; the distinct stops (driver and stop number, each kept once) summed
 * over the pages must equal that total. A page holding more than one page's worth (an archive that
 * kept every stop of a race in one file) is accepted when the sum is right; with several pages, each
 * must also hold exactly what its paging numbers promise.
 */
public final class PitStopPages {
    private PitStopPages() {}

    /**
     * @param race the race object of the first page that has one (for its date and time), or null
     * @param stops every stop's JSON object in the order received
     */
    public record Stops(JsonNode race, List<JsonNode> stops) {}

    /** @return the race's stops; no race and no stops when the source has none */
    public static Stops merge(int season, int round, List<SourceDocument> pages) {
        Map<String, JsonNode> stops = new LinkedHashMap<>();
        JsonNode firstRace = null;
        PageTotal total = new PageTotal("pit stop pages");
        for (SourceDocument page : pages) {
            ResponseEnvelope envelope = total.open(page);
            if (envelope.races().size() > 1) {
                throw ResponseEnvelope.badShape(page.location(), envelope.races().size() + " races where one was expected");
            }
            int rows = 0;
            for (JsonNode race : envelope.races()) {
                JsonNode pitStops = RaceCheck.rows(race, "PitStops", season, round, page.location());
                firstRace = firstRace == null ? race : firstRace;
                for (JsonNode stop : pitStops) {
                    rows++;
                    stops.putIfAbsent(LapPages.text(stop.path("driverId")) + "/" + LapPages.text(stop.path("stop")), stop);
                }
            }
            if (pages.size() > 1) {
                envelope.checkPageRows(rows, "pit stops");
            }
        }
        total.checkMerged(season, round, pages.size(), stops.size(), "pit stop page(s)", "distinct stops");
        return new Stops(firstRace, List.copyOf(stops.values()));
    }
}

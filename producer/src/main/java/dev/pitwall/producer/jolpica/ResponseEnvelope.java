package dev.pitwall.producer.jolpica;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.source.SourceDocument;
import dev.pitwall.producer.source.SourceException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code MRData} envelope of a Jolpica response: paging numbers (sent as strings) and the races
 * (or, for standings, the standings lists).
 *
 * @param location where the response came from
 */
public record ResponseEnvelope(String location, int total, int limit, int offset, List<JsonNode> races) {

    /** A {@code RaceTable} answer (schedule, results, qualifying, laps, pit stops): {@link #races()} holds its {@code Races}. */
    public static ResponseEnvelope of(SourceDocument document) {
        return of(document, "RaceTable", "Races");
    }

    /**
     * A {@code StandingsTable} answer (driver or constructor standings): {@link #races()} holds its
     * {@code StandingsLists}, which carry {@code season} and {@code round} like races do.
     */
    public static ResponseEnvelope ofStandings(SourceDocument document) {
        return of(document, "StandingsTable", "StandingsLists");
    }

    /** {@code MRData.total} of any answer, whatever its table. */
    public static int totalOf(SourceDocument document) {
        return number(document.body().path("MRData"), "total", document.location());
    }

    private static ResponseEnvelope of(SourceDocument document, String table, String list) {
        JsonNode mrData = document.body().path("MRData");
        String location = document.location();
        JsonNode races = mrData.path(table).path(list);
        if (!races.isArray()) {
            throw badShape(location, "no MRData." + table + "." + list + " array");
        }
        List<JsonNode> raceList = new ArrayList<>();
        races.forEach(raceList::add);
        return new ResponseEnvelope(location,
                number(mrData, "total", location),
                number(mrData, "limit", location),
                number(mrData, "offset", location),
                List.copyOf(raceList));
    }

    /**
     * Checks that a single page holds as many rows as its paging numbers promise.
     *
     * @return true when the page holds every row of the answer, false when the answer continues on later pages
     */
    public boolean checkPageRows(int rows, String what) {
        int promised = Math.max(0, Math.min(limit, total - offset));
        if (rows != promised) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, location + " holds " + rows + " " + what
                    + " but its MRData (total " + total + ", limit " + limit + ", offset " + offset + ") promises " + promised);
        }
        return offset == 0 && rows == total;
    }

    static SourceException badShape(String location, String problem) {
        return new SourceException(SourceException.Kind.BAD_RESPONSE, "unexpected response from " + location + ": " + problem);
    }

    private static int number(JsonNode mrData, String field, String location) {
        JsonNode node = mrData.path(field);
        if (node.isTextual() && node.asText().matches("\\d{1,9}")) {
            return Integer.parseInt(node.asText());
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        throw badShape(location, "MRData." + field + " is " + (node.isMissingNode() ? "missing" : "not a number: " + node));
    }
}

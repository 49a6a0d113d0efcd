package dev.pitwall.producer.openf1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.schemas.Topics;

/**
 * The OpenF1 endpoints pitwall ingests, with their raw topic, the table name Streams counts them
 * under (the FINISHED event's {@code expected} keys), the object's own time field (what live
 * cursors follow; stints have none) and the key suffix that identifies one object in a session.
 */
public enum OpenF1Endpoint {
    LAPS("laps", Topics.RAW_OPENF1_LAPS, "openf1_laps", "date_start"),
    STINTS("stints", Topics.RAW_OPENF1_STINTS, "stints", null),
    PIT("pit", Topics.RAW_OPENF1_PIT, "openf1_pit", "date"),
    WEATHER("weather", Topics.RAW_OPENF1_WEATHER, "weather", "date"),
    RACE_CONTROL("race_control", Topics.RAW_OPENF1_RACE_CONTROL, "race_control", "date");

    private final String path;
    private final String topic;
    private final String table;
    private final String dateField;

    OpenF1Endpoint(String path, String topic, String table, String dateField) {
        this.path = path;
        this.topic = topic;
        this.table = table;
        this.dateField = dateField;
    }

    /** The URL path segment and the archive file name, e.g. {@code race_control}. */
    public String path() {
        return path;
    }

    public String topic() {
        return topic;
    }

    /** The name in a FINISHED event's {@code expected} map. */
    public String table() {
        return table;
    }

    /** {@code date_start}, {@code date}, or null when the endpoint has no time field (stints). */
    public String dateField() {
        return dateField;
    }

    /** The object's time as sent, or null. */
    public String date(JsonNode object) {
        return dateField == null ? null : text(object.get(dateField));
    }

    /**
     * What follows {@code season/round/session} in the record key: laps {@code /<driver>/<lap>},
     * stints {@code /<driver>/<stint>}, pit {@code /<driver>/<date>}, weather and race control {@code /<date>}.
     */
    public String keySuffix(JsonNode object) {
        return switch (this) {
            case LAPS -> "/" + text(object.get("driver_number")) + "/" + text(object.get("lap_number"));
            case STINTS -> "/" + text(object.get("driver_number")) + "/" + text(object.get("stint_number"));
            case PIT -> "/" + text(object.get("driver_number")) + "/" + text(object.get("date"));
            case WEATHER, RACE_CONTROL -> "/" + text(object.get("date"));
        };
    }

    /** The driver number of the object, or null (weather; race control messages for the whole track). */
    public static Integer driverNumber(JsonNode object) {
        JsonNode number = object.get("driver_number");
        return number != null && number.canConvertToInt() && number.isIntegralNumber() ? number.asInt() : null;
    }

    public static OpenF1Endpoint ofPath(String path) {
        for (OpenF1Endpoint endpoint : values()) {
            if (endpoint.path.equals(path)) {
                return endpoint;
            }
        }
        throw new IllegalArgumentException("unknown OpenF1 endpoint " + path);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }
}

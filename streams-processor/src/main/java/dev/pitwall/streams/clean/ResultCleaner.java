package dev.pitwall.streams.clean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.schemas.avro.RawResult;

/**
 * Reads one driver's classification from the source's JSON object (Jolpica {@code Results[]},
 * {@code SprintResults[]} or {@code QualifyingResults[]} shape) into a clean result.
 */
public final class ResultCleaner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FieldWarnings warnings;

    public ResultCleaner() {
        this(new FieldWarnings());
    }

    /** Car number, grid, laps, time, fastest-lap rank and position order the warehouse can hold as null: unreadable ones are nulled with a warning. */
    public ResultCleaner(FieldWarnings warnings) {
        this.warnings = warnings;
    }

    public CleanResult clean(RawResult raw) throws Rejection {
        JsonNode row = parse(raw.getPayload());
        String driverId = text(row.path("Driver"), "driverId");
        if (driverId == null) {
            driverId = raw.getDriverId() == null || raw.getDriverId().isBlank() ? null : raw.getDriverId().trim();
        }
        if (driverId == null) {
            throw new Rejection(RejectReason.MISSING_DRIVER, "result row has no Driver.driverId");
        }
        // qualifying rows have no positionText; their position is the classification
        String positionText = text(row, "positionText");
        if (positionText == null) {
            positionText = text(row, "position");
        }
        if (positionText == null) {
            throw new Rejection(RejectReason.BAD_POSITION, "result row of " + driverId + " has neither positionText nor position");
        }
        Integer position = Numbers.wholeNumber(positionText) == null ? null : LapCleaner.position(positionText);
        if (position == null && !positionText.chars().allMatch(Character::isLetter)) {
            throw new Rejection(RejectReason.BAD_POSITION, "positionText '" + positionText + "' of " + driverId + " is neither a number nor a letter code");
        }
        String status = text(row, "status");
        JsonNode fastestLap = row.path("FastestLap");
        String fastestLapTime = text(fastestLap.path("Time"), "time");
        return CleanResult.newBuilder()
                .setSeason(raw.getSeason())
                .setRound(raw.getRound())
                .setSession(raw.getSession())
                .setDriverId(driverId)
                .setDriverCode(text(row.path("Driver"), "code"))
                .setDriverNumber(optionalInt(row, "number", driverId))
                .setConstructorId(text(row.path("Constructor"), "constructorId"))
                .setGrid(optionalInt(row, "grid", driverId))
                .setPosition(position)
                .setPositionText(positionText)
                .setPoints(points(row, driverId))
                .setLaps(optionalInt(row, "laps", driverId))
                .setStatus(status)
                .setStatusCategory(StatusCategory.of(status, positionText))
                .setTimeMs(optionalLong(row.path("Time"), "millis", driverId))
                .setFastestLapRank(optionalInt(fastestLap, "rank", driverId))
                .setFastestLapMs(fastestLapMillis(fastestLapTime))
                .setRaceName(raw.getRaceName())
                .setCircuitId(raw.getCircuitId())
                .setRaceDate(raw.getRaceDate())
                .setSource(raw.getSource())
                .setRevision(1)
                // the source orders retirements too; the championship's count-back needs that order
                .setPositionOrder(optionalInt(row, "position", driverId))
                .setDriverGivenName(text(row.path("Driver"), "givenName"))
                .setDriverFamilyName(text(row.path("Driver"), "familyName"))
                .build();
    }

    private static JsonNode parse(String payload) throws Rejection {
        if (payload == null || payload.isBlank()) {
            throw new Rejection(RejectReason.BAD_RESULT_JSON, "result payload is empty");
        }
        try {
            JsonNode node = JSON.readTree(payload);
            if (node == null || !node.isObject()) {
                throw new Rejection(RejectReason.BAD_RESULT_JSON, "result payload is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new Rejection(RejectReason.BAD_RESULT_JSON, "result payload is not JSON: " + e.getOriginalMessage());
        }
    }

    /** A present, non-blank scalar as text; null otherwise. */
    private static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String value = node.asText().trim();
        return value.isEmpty() ? null : value;
    }

    /** Jolpica writes {@code "None"} for a car number it does not know (1950s-60s entries such as 1962 round 4). */
    private Integer optionalInt(JsonNode parent, String field, String driverId) {
        String value = text(parent, field);
        if (value == null) {
            return null;
        }
        Integer number = Numbers.wholeNumber(value);
        if (number == null) {
            warnings.add(RejectReason.BAD_NUMBER, field + " '" + value + "' of " + driverId + " is not a whole number: nulled");
        }
        return number;
    }

    private Long optionalLong(JsonNode parent, String field, String driverId) {
        String value = text(parent, field);
        if (value == null) {
            return null;
        }
        Long number = Numbers.wholeLong(value);
        if (number == null) {
            warnings.add(RejectReason.BAD_NUMBER, field + " '" + value + "' of " + driverId + " is not a whole number: nulled");
        }
        return number;
    }

    /** Qualifying rows carry no points: they score none. */
    private static double points(JsonNode row, String driverId) throws Rejection {
        String value = text(row, "points");
        if (value == null) {
            return 0.0;
        }
        try {
            double points = Double.parseDouble(value);
            if (!Double.isFinite(points)) {
                throw new NumberFormatException("not finite");
            }
            return points;
        } catch (NumberFormatException e) {
            throw new Rejection(RejectReason.BAD_RESULT_JSON, "points '" + value + "' of " + driverId + " is not a decimal number");
        }
    }

    /**
     * The fastest lap is a side fact of a result: a broken one must not cost the classification.
     * Real case: 2024 round 5, Sargeant's recorded FastestLap time is "1". Kept as null.
     */
    private static Long fastestLapMillis(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LapTime.toMillis(text);
        } catch (Rejection e) {
            return null;
        }
    }
}

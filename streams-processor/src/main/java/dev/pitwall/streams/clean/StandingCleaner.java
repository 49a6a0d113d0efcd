package dev.pitwall.streams.clean;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.schemas.avro.CleanConstructorStanding;
import dev.pitwall.schemas.avro.CleanDriverStanding;
import dev.pitwall.schemas.avro.RawStanding;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one row of a championship table after a round (Jolpica {@code DriverStandings[]} or
 * {@code ConstructorStandings[]} object). Points are decimal (half points happen); a driver excluded
 * from the championship has {@code positionText "-"} and no position, which is kept with a null position.
 */
public final class StandingCleaner {
    /** Early seasons had well over 40 classified drivers. */
    static final int MAX_POSITION = 999;

    public CleanDriverStanding driver(RawStanding raw) throws Rejection {
        kind(raw, "driver");
        Payload row = Payload.parse(raw.getPayload(), "driver standing");
        String driverId = JolpicaRows.driverId(row, raw.getEntityId());
        row = row.describedAs("driver standing of " + driverId);
        String positionText = positionText(row);
        List<String> constructors = new ArrayList<>();
        for (JsonNode constructor : row.node().path("Constructors")) {
            JsonNode id = constructor.get("constructorId");
            if (id != null && id.isTextual() && !id.asText().isBlank()) {
                constructors.add(id.asText().trim());
            }
        }
        return CleanDriverStanding.newBuilder()
                .setSeason(raw.getSeason())
                .setRound(raw.getRound())
                .setSession(raw.getSession())
                .setDriverId(driverId)
                .setPosition(position(row, positionText))
                .setPositionText(positionText)
                .setPoints(points(row))
                .setWins(row.requiredWholeNumber("wins", 0, 999))
                .setConstructorIds(constructors.isEmpty() ? null : String.join(",", constructors))
                .setSource(raw.getSource())
                .setRevision(1)
                .build();
    }

    public CleanConstructorStanding constructor(RawStanding raw) throws Rejection {
        kind(raw, "constructor");
        Payload row = Payload.parse(raw.getPayload(), "constructor standing");
        String constructorId = row.child("Constructor").text("constructorId");
        if (constructorId == null && raw.getEntityId() != null && !raw.getEntityId().isBlank()) {
            constructorId = raw.getEntityId().trim();
        }
        if (constructorId == null) {
            throw new Rejection(RejectReason.MISSING_CONSTRUCTOR, "constructor standing has no Constructor.constructorId");
        }
        row = row.describedAs("constructor standing of " + constructorId);
        String positionText = positionText(row);
        return CleanConstructorStanding.newBuilder()
                .setSeason(raw.getSeason())
                .setRound(raw.getRound())
                .setSession(raw.getSession())
                .setConstructorId(constructorId)
                .setPosition(position(row, positionText))
                .setPositionText(positionText)
                .setPoints(points(row))
                .setWins(row.requiredWholeNumber("wins", 0, 999))
                .setSource(raw.getSource())
                .setRevision(1)
                .build();
    }

    private static void kind(RawStanding raw, String expected) throws Rejection {
        if (!expected.equals(raw.getKind())) {
            throw new Rejection(RejectReason.WRONG_KIND, "a standing of kind '" + raw.getKind() + "' on the " + expected + " standings topic");
        }
    }

    private static String positionText(Payload row) {
        String text = row.text("positionText");
        return text != null ? text : row.text("position");
    }

    /** Numeric positionText (or position) -> the position; "-" or a letter code -> null. */
    private static Integer position(Payload row, String positionText) throws Rejection {
        if (positionText == null) {
            throw new Rejection(RejectReason.BAD_POSITION, row.what() + " has neither positionText nor position");
        }
        Integer position = Numbers.wholeNumber(positionText);
        if (position != null && position >= 1 && position <= MAX_POSITION) {
            return position;
        }
        if (position == null && (positionText.equals("-") || positionText.chars().allMatch(Character::isLetter))) {
            return null;
        }
        throw new Rejection(RejectReason.BAD_POSITION, "positionText '" + positionText + "' of " + row.what()
                + " is neither a position from 1 to " + MAX_POSITION + ", '-' nor a letter code");
    }

    private static double points(Payload row) throws Rejection {
        BigDecimal points = row.decimal("points");
        if (points == null || points.signum() < 0) {
            throw new Rejection(RejectReason.BAD_NUMBER, row.what() + " has " + (points == null ? "no points" : "negative points " + points));
        }
        return points.doubleValue();
    }
}

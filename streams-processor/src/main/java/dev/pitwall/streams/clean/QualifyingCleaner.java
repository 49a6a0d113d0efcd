package dev.pitwall.streams.clean;

import dev.pitwall.schemas.avro.CleanQualifying;
import dev.pitwall.schemas.avro.RawQualifying;

/**
 * Reads one driver's qualifying result (Jolpica {@code QualifyingResults[]} object). Q1/Q2/Q3 are lap
 * times; a driver knocked out earlier has no Q2/Q3 (absent or empty), which is null, not a rejection.
 */
public final class QualifyingCleaner {
    public CleanQualifying clean(RawQualifying raw) throws Rejection {
        Payload row = Payload.parse(raw.getPayload(), "qualifying row");
        String driverId = JolpicaRows.driverId(row, raw.getDriverId());
        row = row.describedAs("qualifying row of " + driverId);
        String position = row.text("position");
        if (position == null) {
            throw new Rejection(RejectReason.BAD_POSITION, row.what() + " has no position");
        }
        return CleanQualifying.newBuilder()
                .setSeason(raw.getSeason())
                .setRound(raw.getRound())
                .setSession(raw.getSession())
                .setDriverId(driverId)
                .setDriverCode(row.child("Driver").text("code"))
                .setDriverNumber(row.wholeNumber("number", 0, 999))
                .setConstructorId(row.child("Constructor").text("constructorId"))
                .setPosition(LapCleaner.position(position))
                .setQ1Ms(lapTime(row, "Q1"))
                .setQ2Ms(lapTime(row, "Q2"))
                .setQ3Ms(lapTime(row, "Q3"))
                .setSource(raw.getSource())
                .setRevision(1)
                .build();
    }

    private static Long lapTime(Payload row, String field) throws Rejection {
        String text = row.text(field);
        if (text == null) {
            return null;
        }
        try {
            return LapTime.toMillis(text);
        } catch (Rejection e) {
            throw new Rejection(RejectReason.BAD_LAP_TIME, field + " of " + row.what() + ": " + e.getMessage());
        }
    }
}

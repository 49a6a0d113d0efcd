package dev.pitwall.streams.clean;

import dev.pitwall.schemas.avro.CleanRaceControl;
import dev.pitwall.schemas.avro.RawOpenF1;

/** Reads one OpenF1 race-control message (flag, safety car, penalty, track limits...). */
public final class RaceControlCleaner {
    public CleanRaceControl clean(RawOpenF1 raw) throws Rejection {
        Payload message = OpenF1Rows.payload(raw, "race_control");
        String text = message.text("message");
        if (text == null) {
            throw new Rejection(RejectReason.MISSING_FIELD, message.what() + " has no message");
        }
        Integer driverNumber = message.wholeNumber("driver_number", 1, OpenF1Rows.MAX_CAR_NUMBER);
        Integer lap;
        try {
            lap = message.wholeNumber("lap_number", 1, 999);
        } catch (Rejection e) {
            throw new Rejection(RejectReason.BAD_LAP_NUMBER, e.getMessage());
        }
        return CleanRaceControl.newBuilder()
                .setSeason(raw.getSeason())
                .setRound(raw.getRound())
                .setSession(raw.getSession())
                .setSessionKey(raw.getSessionKey())
                .setDateUtc(OpenF1Rows.requiredDate(message, raw, "date"))
                .setCategory(message.text("category"))
                .setFlag(message.text("flag"))
                .setScope(message.text("scope"))
                .setSector(message.wholeNumber("sector", 0, 999))
                .setLap(lap)
                .setDriverNumber(driverNumber != null ? driverNumber : raw.getDriverNumber())
                .setQualifyingPhase(message.wholeNumber("qualifying_phase", 1, 3))
                .setMessage(text)
                .setSource(raw.getSource())
                .setRevision(1)
                .build();
    }
}

package dev.pitwall.streams.clean;

import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.RawLap;

/** Validates one raw lap row and normalises it: numbers parsed, lap time in milliseconds. */
public final class LapCleaner {
    static final int MAX_POSITION = 40;

    public CleanLap clean(RawLap raw) throws Rejection {
        String driverId = raw.getDriverId();
        if (driverId == null || driverId.isBlank()) {
            throw new Rejection(RejectReason.MISSING_DRIVER, "lap " + raw.getLap() + " has no driverId");
        }
        int lap = lapNumber(raw.getLap());
        Integer position = position(raw.getPosition());
        long lapTimeMs = LapTime.toMillis(raw.getTime());
        return CleanLap.newBuilder()
                .setSeason(raw.getSeason())
                .setRound(raw.getRound())
                .setSession(raw.getSession())
                .setDriverId(driverId.trim())
                .setLap(lap)
                .setPosition(position)
                .setLapTimeMs(lapTimeMs)
                .setSource(raw.getSource())
                .setRevision(1)
                .build();
    }

    private static int lapNumber(String text) throws Rejection {
        Integer lap = Numbers.wholeNumber(text);
        if (lap == null || lap < 1) {
            throw new Rejection(RejectReason.BAD_LAP_NUMBER, "lap number '" + text + "' is not a whole number of at least 1");
        }
        return lap;
    }

    /** Empty means the source had no running order for that lap, which is allowed. */
    static Integer position(String text) throws Rejection {
        if (text == null || text.isBlank()) {
            return null;
        }
        Integer position = Numbers.wholeNumber(text);
        if (position == null || position < 1 || position > MAX_POSITION) {
            throw new Rejection(RejectReason.BAD_POSITION, "position '" + text + "' is not from 1 to " + MAX_POSITION);
        }
        return position;
    }
}

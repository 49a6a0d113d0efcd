package dev.pitwall.streams.clean;

import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.RawLap;

/**
 * Validates one raw lap row and normalises it: numbers parsed, lap time in milliseconds. A lap with no
 * driver, lap number or readable time is no fact and is rejected; an unreadable running position (Jolpica
 * writes {@code "None"} for a few laps, e.g. 2014 round 1) is nulled with a warning.
 */
public final class LapCleaner {
    static final int MAX_POSITION = 40;

    private final FieldWarnings warnings;

    public LapCleaner() {
        this(new FieldWarnings());
    }

    public LapCleaner(FieldWarnings warnings) {
        this.warnings = warnings;
    }

    public CleanLap clean(RawLap raw) throws Rejection {
        String driverId = raw.getDriverId();
        if (driverId == null || driverId.isBlank()) {
            throw new Rejection(RejectReason.MISSING_DRIVER, "lap " + raw.getLap() + " has no driverId");
        }
        int lap = lapNumber(raw.getLap());
        Integer position = runningPosition(raw.getPosition(), driverId, lap);
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

    private Integer runningPosition(String text, String driverId, int lap) {
        try {
            return position(text);
        } catch (Rejection e) {
            warnings.add(e.reason(), "position '" + text + "' of " + driverId.trim() + " on lap " + lap + " nulled: " + e.getMessage());
            return null;
        }
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

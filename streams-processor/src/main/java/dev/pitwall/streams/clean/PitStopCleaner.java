package dev.pitwall.streams.clean;

import dev.pitwall.schemas.avro.CleanPitStop;
import dev.pitwall.schemas.avro.RawPitStop;
import java.util.regex.Pattern;

/**
 * Reads one Jolpica pit stop ({@code {driverId, lap, stop, time, duration}}). The time is the circuit's
 * local time of day with no zone, so it is validated and kept as text; the duration (pit-lane time) is
 * seconds or, for stops across a red flag, minutes and seconds.
 */
public final class PitStopCleaner {
    private static final Pattern TIME_OF_DAY = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d");

    public CleanPitStop clean(RawPitStop raw) throws Rejection {
        Payload row = Payload.parse(raw.getPayload(), "pit stop");
        String driverId = JolpicaRows.driverId(row, raw.getDriverId());
        row = row.describedAs("pit stop of " + driverId);
        int stop = row.requiredWholeNumber("stop", 1, 99);
        String lapText = row.text("lap");
        Integer lap = Numbers.wholeNumber(lapText);
        if (lap == null || lap < 1) {
            throw new Rejection(RejectReason.BAD_LAP_NUMBER, "lap '" + lapText + "' of " + row.what() + " is not a whole number of at least 1");
        }
        String localTime = row.text("time");
        if (localTime != null && !TIME_OF_DAY.matcher(localTime).matches()) {
            throw new Rejection(RejectReason.BAD_TIME_OF_DAY, "time '" + localTime + "' of " + row.what() + " is not HH:MM:SS");
        }
        Long durationMs;
        try {
            durationMs = Durations.toMillis(row.text("duration"));
        } catch (Rejection e) {
            throw new Rejection(RejectReason.BAD_DURATION, e.getMessage() + " (" + row.what() + ", stop " + stop + ")");
        }
        return CleanPitStop.newBuilder()
                .setSeason(raw.getSeason())
                .setRound(raw.getRound())
                .setSession(raw.getSession())
                .setDriverId(driverId)
                .setStop(stop)
                .setLap(lap)
                .setLocalTime(localTime)
                .setDurationMs(durationMs)
                .setSource(raw.getSource())
                .setRevision(1)
                .build();
    }
}

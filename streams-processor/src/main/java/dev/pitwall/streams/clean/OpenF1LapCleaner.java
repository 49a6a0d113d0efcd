package dev.pitwall.streams.clean;

import dev.pitwall.schemas.avro.CleanOpenF1Lap;
import dev.pitwall.schemas.avro.RawOpenF1;

/**
 * Reads one OpenF1 lap: durations in seconds become milliseconds, speeds stay km/h. OpenF1 leaves
 * sectors, speeds, even the lap duration null on out-laps and laps it lost; those stay null.
 */
public final class OpenF1LapCleaner {
    static final int MAX_SPEED = 500;

    public CleanOpenF1Lap clean(RawOpenF1 raw) throws Rejection {
        Payload lap = OpenF1Rows.payload(raw, "laps");
        int driverNumber = OpenF1Rows.driverNumber(lap, raw);
        lap = lap.describedAs("OpenF1 lap of car " + driverNumber);
        Integer number;
        try {
            number = lap.wholeNumber("lap_number", 1, 999);
        } catch (Rejection e) {
            throw new Rejection(RejectReason.BAD_LAP_NUMBER, e.getMessage());
        }
        if (number == null) {
            throw new Rejection(RejectReason.BAD_LAP_NUMBER, lap.what() + " has no lap_number");
        }
        return CleanOpenF1Lap.newBuilder()
                .setSeason(raw.getSeason())
                .setRound(raw.getRound())
                .setSession(raw.getSession())
                .setSessionKey(raw.getSessionKey())
                .setDriverNumber(driverNumber)
                .setLap(number)
                .setDateStart(UtcDates.normalise(lap.text("date_start")))
                .setLapDurationMs(lap.secondsAsMillis("lap_duration"))
                .setSector1Ms(lap.secondsAsMillis("duration_sector_1"))
                .setSector2Ms(lap.secondsAsMillis("duration_sector_2"))
                .setSector3Ms(lap.secondsAsMillis("duration_sector_3"))
                .setI1Speed(lap.wholeNumber("i1_speed", 0, MAX_SPEED))
                .setI2Speed(lap.wholeNumber("i2_speed", 0, MAX_SPEED))
                .setStSpeed(lap.wholeNumber("st_speed", 0, MAX_SPEED))
                .setIsPitOutLap(lap.bool("is_pit_out_lap"))
                .setSource(raw.getSource())
                .setRevision(1)
                .build();
    }
}

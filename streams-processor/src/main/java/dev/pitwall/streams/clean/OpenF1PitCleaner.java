package dev.pitwall.streams.clean;

import dev.pitwall.schemas.avro.CleanOpenF1Pit;
import dev.pitwall.schemas.avro.RawOpenF1;

/** Reads one OpenF1 pit entry: its UTC date identifies it; lane and stationary times in milliseconds. */
public final class OpenF1PitCleaner {
    public CleanOpenF1Pit clean(RawOpenF1 raw) throws Rejection {
        Payload pit = OpenF1Rows.payload(raw, "pit");
        int driverNumber = OpenF1Rows.driverNumber(pit, raw);
        pit = pit.describedAs("OpenF1 pit entry of car " + driverNumber);
        Integer lap;
        try {
            lap = pit.wholeNumber("lap_number", 1, 999);
        } catch (Rejection e) {
            throw new Rejection(RejectReason.BAD_LAP_NUMBER, e.getMessage());
        }
        return CleanOpenF1Pit.newBuilder()
                .setSeason(raw.getSeason())
                .setRound(raw.getRound())
                .setSession(raw.getSession())
                .setSessionKey(raw.getSessionKey())
                .setDriverNumber(driverNumber)
                .setLap(lap)
                .setDateUtc(OpenF1Rows.requiredDate(pit, raw, "date"))
                .setPitDurationMs(pit.secondsAsMillis("pit_duration"))
                .setLaneDurationMs(pit.secondsAsMillis("lane_duration"))
                .setStopDurationMs(pit.secondsAsMillis("stop_duration"))
                .setSource(raw.getSource())
                .setRevision(1)
                .build();
    }
}

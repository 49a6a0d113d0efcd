package dev.pitwall.streams.clean;

import dev.pitwall.schemas.avro.CleanStint;
import dev.pitwall.schemas.avro.RawOpenF1;
import java.util.Locale;

/**
 * Reads one OpenF1 stint. During a session OpenF1 re-sends the running stint with a growing
 * {@code lap_end}: each change is a new revision of the same (car, stint number). A {@code lap_end}
 * one below {@code lap_start} is real (session 7787, car 77: a stint begun and ended in the pit lane)
 * and kept as sent.
 */
public final class StintCleaner {
    public CleanStint clean(RawOpenF1 raw) throws Rejection {
        Payload stint = OpenF1Rows.payload(raw, "stints");
        int driverNumber = OpenF1Rows.driverNumber(stint, raw);
        stint = stint.describedAs("OpenF1 stint of car " + driverNumber);
        Integer lapStart = stint.wholeNumber("lap_start", 1, 999);
        Integer lapEnd = stint.wholeNumber("lap_end", 1, 999);
        String compound = stint.text("compound");
        return CleanStint.newBuilder()
                .setSeason(raw.getSeason())
                .setRound(raw.getRound())
                .setSession(raw.getSession())
                .setSessionKey(raw.getSessionKey())
                .setDriverNumber(driverNumber)
                .setStintNumber(stint.requiredWholeNumber("stint_number", 1, 99))
                .setLapStart(lapStart)
                .setLapEnd(lapEnd)
                .setCompound(compound == null ? null : compound.toUpperCase(Locale.ROOT))
                .setTyreAgeAtStart(stint.wholeNumber("tyre_age_at_start", 0, 999))
                .setSource(raw.getSource())
                .setRevision(1)
                .build();
    }
}

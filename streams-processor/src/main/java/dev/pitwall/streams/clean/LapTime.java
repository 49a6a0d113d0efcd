package dev.pitwall.streams.clean;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lap times as the sources write them: {@code 1:32.456}, {@code 12:05.123} or {@code 58.123}, and
 * {@code 2:04:54.505} for a lap that ran through a red flag of over an hour (2011 Canada, 2014 Britain).
 */
public final class LapTime {
    private static final Pattern FORMAT =
            Pattern.compile("(?:(\\d{1,2}):(?=\\d{2}:))?(?:(\\d{1,2}):(?=\\d{2}\\.))?(\\d{1,2})\\.(\\d{1,3})");

    private LapTime() {}

    /** @return the lap time in milliseconds, always positive */
    public static long toMillis(String text) throws Rejection {
        if (text == null || text.isBlank()) {
            throw new Rejection(RejectReason.BAD_LAP_TIME, "lap time is missing");
        }
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new Rejection(RejectReason.BAD_LAP_TIME, "lap time '" + text + "' has no recognised format");
        }
        int hours = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        int minutes = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        int seconds = Integer.parseInt(m.group(3));
        if (seconds >= 60) {
            throw new Rejection(RejectReason.BAD_LAP_TIME, "lap time '" + text + "' has " + seconds + " seconds");
        }
        if (hours > 0 && minutes >= 60) {
            throw new Rejection(RejectReason.BAD_LAP_TIME, "lap time '" + text + "' has " + minutes + " minutes");
        }
        String fraction = m.group(4);
        // "1:32.4" means 400 ms, not 4 ms
        int millis = Integer.parseInt(fraction) * (fraction.length() == 1 ? 100 : fraction.length() == 2 ? 10 : 1);
        long total = hours * 3_600_000L + minutes * 60_000L + seconds * 1000L + millis;
        if (total <= 0) {
            throw new Rejection(RejectReason.BAD_LAP_TIME, "lap time '" + text + "' is zero");
        }
        return total;
    }
}

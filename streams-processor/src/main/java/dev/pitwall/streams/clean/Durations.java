package dev.pitwall.streams.clean;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Durations as Jolpica writes them: {@code 36.604} (a pit stop), {@code 1:02.345}, or a red-flag
 * "stop" of half an hour {@code 30:12.345}, even {@code 1:05:12.345}. Unlike a lap time the seconds of
 * a seconds-only duration may pass 59.
 */
public final class Durations {
    private static final Pattern SECONDS_ONLY = Pattern.compile("\\d{1,5}(?:\\.\\d{1,3})?");
    private static final Pattern SECONDS_PART = Pattern.compile("\\d{2}(?:\\.\\d{1,3})?");
    private static final Pattern WHOLE = Pattern.compile("\\d{1,3}");
    private static final Pattern TWO_DIGITS = Pattern.compile("\\d{2}");

    private Durations() {}

    /** @return milliseconds, positive; null when the text is null or blank (the source had none) */
    public static Long toMillis(String text) throws Rejection {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.trim().split(":", -1);
        String seconds = parts[parts.length - 1];
        boolean valid = switch (parts.length) {
            case 1 -> SECONDS_ONLY.matcher(seconds).matches();
            case 2 -> WHOLE.matcher(parts[0]).matches() && SECONDS_PART.matcher(seconds).matches();
            case 3 -> WHOLE.matcher(parts[0]).matches() && TWO_DIGITS.matcher(parts[1]).matches()
                    && Integer.parseInt(parts[1]) < 60 && SECONDS_PART.matcher(seconds).matches();
            default -> false;
        };
        if (!valid || (parts.length > 1 && Integer.parseInt(seconds.substring(0, 2)) >= 60)) {
            throw new Rejection(RejectReason.BAD_DURATION, "duration '" + text + "' has no recognised format");
        }
        long millis = new BigDecimal(seconds).movePointRight(3).longValueExact();
        if (parts.length >= 2) {
            millis += Long.parseLong(parts[parts.length - 2]) * 60_000L;
        }
        if (parts.length == 3) {
            millis += Long.parseLong(parts[0]) * 3_600_000L;
        }
        if (millis <= 0) {
            throw new Rejection(RejectReason.BAD_DURATION, "duration '" + text + "' is zero");
        }
        return millis;
    }
}

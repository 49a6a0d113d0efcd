package dev.pitwall.streams.livetiming;

/** Parsing of the feed's display strings: lap and sector times ("1:45.412", "42.025"), gaps ("+1.234", "1L", "LAP 12"). */
public final class FeedValues {
    private FeedValues() {}

    /** "1:45.412", "42.025", "1:02:03.004" -> ms; "" or unparseable -> null. */
    public static Long timeMs(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.isEmpty()) {
            return null;
        }
        try {
            String[] parts = t.split(":");
            double seconds = Double.parseDouble(parts[parts.length - 1]);
            long ms = Math.round(seconds * 1000);
            long multiplier = 60_000;
            for (int i = parts.length - 2; i >= 0; i--) {
                ms += Long.parseLong(parts[i]) * multiplier;
                multiplier *= 60;
            }
            return ms;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A gap in seconds ("+1.234", "0.5") -> ms; a gap in laps, the leader's "LAP n" or "" -> null. */
    public static Long gapMs(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.startsWith("+")) {
            t = t.substring(1);
        }
        if (t.isEmpty() || t.endsWith("L") || t.startsWith("LAP")) {
            return null;
        }
        return timeMs(t);
    }

    /** "1L", "+2L", "3 L" -> laps; anything else -> null. */
    public static Integer gapLaps(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().replace("+", "").replace(" ", "");
        if (!t.endsWith("L") || t.startsWith("LAP")) {
            return null;
        }
        try {
            return Integer.parseInt(t.substring(0, t.length() - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The leader's gap cell reads "LAP n" (race) or is empty. */
    public static boolean isLeaderLabel(String text) {
        return text != null && text.trim().startsWith("LAP");
    }

    public static Integer intOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

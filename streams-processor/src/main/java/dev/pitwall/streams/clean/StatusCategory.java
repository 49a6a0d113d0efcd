package dev.pitwall.streams.clean;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Groups the sources' free-text result status into a handful of categories people can filter on.
 * The letter codes of {@code positionText} win over the text: they are the official classification.
 */
public final class StatusCategory {
    public static final String FINISHED = "finished";
    public static final String LAPPED = "lapped";
    public static final String RETIRED = "retired";
    public static final String DISQUALIFIED = "disqualified";
    public static final String DID_NOT_START = "did-not-start";
    public static final String WITHDREW = "withdrew";
    public static final String OTHER = "other";

    private static final Pattern LAPS_DOWN = Pattern.compile("\\+\\s*\\d+\\s+laps?");

    private StatusCategory() {}

    /** @return the category, or null when the row has neither a status nor a letter classification (e.g. qualifying) */
    public static String of(String status, String positionText) {
        String letter = positionText == null ? "" : positionText.trim().toUpperCase(Locale.ROOT);
        String text = status == null ? "" : status.trim().toLowerCase(Locale.ROOT);
        if (letter.equals("D") || letter.equals("E") || text.equals("disqualified") || text.equals("excluded")) {
            return DISQUALIFIED;
        }
        if (text.equals("did not start")) {
            return DID_NOT_START;
        }
        if (letter.equals("W") || text.equals("withdrew")) {
            return WITHDREW;
        }
        // F: failed to qualify, N: not classified; neither retired nor finished
        if (letter.equals("F") || letter.equals("N") || text.contains("qualify") || text.equals("not classified")) {
            return OTHER;
        }
        if (text.equals("finished")) {
            return FINISHED;
        }
        if (text.equals("lapped") || LAPS_DOWN.matcher(text).matches()) {
            return LAPPED;
        }
        if (text.isEmpty()) {
            return letter.equals("R") ? RETIRED : null;
        }
        return RETIRED;
    }
}

package dev.pitwall.streams.clean;

/** Sources send numbers as strings; these read them strictly (no signs, no decimals where none belong). */
final class Numbers {
    private Numbers() {}

    /** @return the value, or null when the text is not a plain non-negative whole number */
    static Integer wholeNumber(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.isEmpty() || t.length() > 9 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Integer.parseInt(t);
    }

    static Long wholeLong(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Long.parseLong(t);
    }
}

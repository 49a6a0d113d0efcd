package dev.pitwall.producer.livetiming;

import java.util.ArrayList;
import java.util.List;

/**
 * The static archive's {@code <Topic>.jsonStream}: one message a line ({@code \r\n}), an
 * {@code HH:MM:SS.mmm} offset from the stream start immediately followed by the JSON (a quoted base64
 * string for {@code .z} topics); UTF-8 with a BOM. A line that does not start with an offset is kept
 * with a null offset so Streams can dead-letter it with a reason rather than it vanishing here.
 */
public final class JsonStream {
    /** One line: its index in the file, its offset in ms (null when unreadable) and the text after the offset. */
    public record Line(int index, Long offsetMs, String message) {}

    private JsonStream() {}

    public static List<Line> parse(String text) {
        List<Line> out = new ArrayList<>();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = body.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replace("\uFEFF", "");
            if (line.isBlank()) {
                continue;
            }
            Long offset = line.length() >= 12 ? offsetMs(line.substring(0, 12)) : null;
            out.add(new Line(i, offset, offset == null ? line : line.substring(12)));
        }
        return out;
    }

    /** "01:02:03.456" -> ms; anything else -> null. */
    static Long offsetMs(String s) {
        if (s.length() != 12 || s.charAt(2) != ':' || s.charAt(5) != ':' || s.charAt(8) != '.') {
            return null;
        }
        try {
            return Long.parseLong(s.substring(0, 2)) * 3_600_000 + Long.parseLong(s.substring(3, 5)) * 60_000
                    + Long.parseLong(s.substring(6, 8)) * 1_000 + Long.parseLong(s.substring(9, 12));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

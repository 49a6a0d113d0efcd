package dev.pitwall.streams.clean;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/**
 * OpenF1 dates, normalised to one sortable, comparable text: ISO-8601 UTC with exactly three fraction
 * digits and {@code Z}, e.g. {@code 2024-06-23T13:03:14.412Z}. OpenF1 writes
 * {@code 2024-06-23T13:03:14.412000+00:00}, {@code 2024-06-23 12:06:37.971000+00:00} (weather, with a
 * space), {@code 2023-10-22T19:14:16+00:00} (no fraction) and, in early 2024 data, no offset at all:
 * those are UTC like every other OpenF1 time. Finer fractions are truncated to the millisecond.
 */
public final class UtcDates {
    private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?");
    private static final DateTimeFormatter PARSE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");

    private UtcDates() {}

    /** @return the normalised UTC text; null when the text is null or blank */
    public static String normalise(String text) throws Rejection {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        if (!SHAPE.matcher(t).matches()) {
            throw new Rejection(RejectReason.BAD_DATE, "date '" + text + "' is not ISO-8601");
        }
        t = t.substring(0, 10) + "T" + t.substring(11);
        try {
            TemporalAccessor parsed = PARSE.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
            LocalDateTime utc = parsed instanceof OffsetDateTime odt
                    ? odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
                    : (LocalDateTime) parsed;
            return FORMAT.format(utc.truncatedTo(ChronoUnit.MILLIS));
        } catch (DateTimeParseException e) {
            throw new Rejection(RejectReason.BAD_DATE, "date '" + text + "' is not a valid date and time: " + e.getMessage());
        }
    }

    /** Like {@link #normalise} but a missing date is a rejection too. */
    public static String required(String text, String what) throws Rejection {
        String date = normalise(text);
        if (date == null) {
            throw new Rejection(RejectReason.BAD_DATE, what + " has no date");
        }
        return date;
    }
}

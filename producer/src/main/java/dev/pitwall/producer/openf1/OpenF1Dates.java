package dev.pitwall.producer.openf1;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * OpenF1 timestamps as served: ISO 8601 with an offset ({@code 2024-06-23T13:03:14.412000+00:00}),
 * without one in early-2024 output (UTC is meant), and with a space instead of {@code T} in
 * weather. Payloads keep the text as sent; this class only compares and formats cursors.
 */
public final class OpenF1Dates {
    private static final DateTimeFormatter QUERY = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private OpenF1Dates() {}

    /** @return the instant, or null for null/blank text; throws {@link IllegalArgumentException} for unreadable text */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String iso = text.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException withOffset) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an OpenF1 timestamp: " + text);
            }
        }
    }

    /** The form used in {@code date>...} query parameters: UTC without offset, microseconds. */
    public static String forQuery(Instant instant) {
        return QUERY.format(instant);
    }
}

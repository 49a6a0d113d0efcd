package dev.pitwall.app.sql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** The text of one result value, the same in every output format: decimals plain, times ISO 8601. */
final class CellText {
    private CellText() {}

    /** {@code null} for SQL NULL; callers choose how to show it. */
    static String of(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? d.toString() : BigDecimal.valueOf(d).toPlainString();
        }
        if (value instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? f.toString() : new BigDecimal(f.toString()).toPlainString();
        }
        if (value instanceof java.sql.Timestamp t) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t.toLocalDateTime());
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof java.sql.Time t) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(t.toLocalTime());
        }
        // toString() of these drops ":00" seconds; the ISO formatters always print them.
        if (value instanceof LocalDateTime t) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
        }
        if (value instanceof LocalTime t) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(t);
        }
        if (value instanceof OffsetDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        if (value instanceof ZonedDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        if (value instanceof OffsetTime t) {
            return DateTimeFormatter.ISO_OFFSET_TIME.format(t);
        }
        if (value instanceof Instant t) {
            return DateTimeFormatter.ISO_INSTANT.format(t);
        }
        if (value instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        return value.toString();
    }

    /** Numbers other than NaN and infinities, which JSON has no literal for. */
    static boolean isJsonNumber(Object value) {
        if (value instanceof Double d) {
            return !d.isNaN() && !d.isInfinite();
        }
        if (value instanceof Float f) {
            return !f.isNaN() && !f.isInfinite();
        }
        return value instanceof Number;
    }
}

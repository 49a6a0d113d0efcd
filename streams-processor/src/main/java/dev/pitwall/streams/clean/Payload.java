package dev.pitwall.streams.clean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The source's JSON object carried verbatim in a raw record, read strictly. Absent, JSON null and blank
 * fields read as null (the source had no value); a present value of the wrong shape is a rejection,
 * never a silent null. Floats are read as exact decimals, so {@code 83.634} seconds is 83634 ms and not
 * 83633 after a trip through {@code double}.
 */
final class Payload {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final JsonNode node;
    /** What the payload is, for messages: e.g. {@code "pit stop of hulkenberg"}. */
    private final String what;

    private Payload(JsonNode node, String what) {
        this.node = node;
        this.what = what;
    }

    static Payload parse(String payload, String what) throws Rejection {
        if (payload == null || payload.isBlank()) {
            throw new Rejection(RejectReason.BAD_PAYLOAD_JSON, what + " payload is empty");
        }
        try {
            JsonNode node = JSON.readTree(payload);
            if (node == null || !node.isObject()) {
                throw new Rejection(RejectReason.BAD_PAYLOAD_JSON, what + " payload is not a JSON object");
            }
            return new Payload(node, what);
        } catch (JsonProcessingException e) {
            throw new Rejection(RejectReason.BAD_PAYLOAD_JSON, what + " payload is not JSON: " + e.getOriginalMessage());
        }
    }

    /** The same payload described differently once the row is attributed (e.g. after reading its driver). */
    Payload describedAs(String description) {
        return new Payload(node, description);
    }

    Payload child(String field) {
        return new Payload(node.path(field), what);
    }

    JsonNode node() {
        return node;
    }

    String what() {
        return what;
    }

    /** A present, non-blank scalar as trimmed text; null otherwise. */
    String text(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    /** A number given as a JSON number or as text (Jolpica sends strings); null when absent. */
    BigDecimal decimal(String field) throws Rejection {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            String text = value.asText().trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new Rejection(RejectReason.BAD_NUMBER, field + " '" + text + "' of " + what + " is not a number");
            }
        }
        throw new Rejection(RejectReason.BAD_NUMBER, field + " " + value + " of " + what + " is not a number");
    }

    /** A whole number from {@code min} to {@code max}; null when absent. */
    Integer wholeNumber(String field, int min, int max) throws Rejection {
        BigDecimal value = decimal(field);
        if (value == null) {
            return null;
        }
        BigDecimal whole = value.stripTrailingZeros();
        if (whole.scale() > 0 || whole.compareTo(BigDecimal.valueOf(min)) < 0 || whole.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new Rejection(RejectReason.BAD_NUMBER, field + " '" + value.toPlainString() + "' of " + what
                    + " is not a whole number from " + min + " to " + max);
        }
        return whole.intValueExact();
    }

    /** Like {@link #wholeNumber} but absent is a rejection too. */
    int requiredWholeNumber(String field, int min, int max) throws Rejection {
        Integer value = wholeNumber(field, min, max);
        if (value == null) {
            throw new Rejection(RejectReason.BAD_NUMBER, what + " has no " + field);
        }
        return value;
    }

    /** A finite decimal as a double (temperatures, points); null when absent. */
    Double real(String field) throws Rejection {
        BigDecimal value = decimal(field);
        return value == null ? null : value.doubleValue();
    }

    /** Seconds as a JSON number (OpenF1: {@code 83.634}) to milliseconds, rounded half-up; null when absent. */
    Long secondsAsMillis(String field) throws Rejection {
        BigDecimal seconds;
        try {
            seconds = decimal(field);
        } catch (Rejection e) {
            throw new Rejection(RejectReason.BAD_DURATION, e.getMessage());
        }
        if (seconds == null) {
            return null;
        }
        if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1000)) > 0) {
            throw new Rejection(RejectReason.BAD_DURATION, field + " " + seconds.toPlainString() + " s of " + what + " is out of range");
        }
        return seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** A JSON boolean; null when absent. */
    Boolean bool(String field) throws Rejection {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new Rejection(RejectReason.BAD_PAYLOAD_JSON, field + " " + value + " of " + what + " is not true or false");
        }
        return value.booleanValue();
    }
}

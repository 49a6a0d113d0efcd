package dev.pitwall.producer.signalr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SignalR Core JSON hub protocol's records, read with the exact text of the values pitwall keeps:
 * a feed update's data and each topic of a Subscribe result are cut out of the frame as sent, never
 * re-serialised, so the raw topic holds the feed's own bytes.
 */
public final class HubFrames {
    /** Ends every record of the JSON hub protocol. */
    public static final char RECORD_SEPARATOR = '\u001e';
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    /**
     * One parsed record.
     *
     * @param type 1 invocation, 3 completion, 6 ping, 7 close; 0 for the handshake answer (no type)
     * @param target an invocation's target ("feed")
     * @param arguments an invocation's arguments, each as its exact JSON text
     * @param invocationId a completion's invocation id
     * @param result a completion's result: per field, its exact JSON text (the topic states of Subscribe)
     * @param error a completion's, close's or handshake's error text
     */
    public record Frame(int type, String target, List<String> arguments, String invocationId, Map<String, String> result, String error) {}

    private HubFrames() {}

    /** Splits buffered text into complete records; what follows the last separator stays in {@code buffer}. */
    public static List<String> split(StringBuilder buffer) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < buffer.length(); i++) {
            if (buffer.charAt(i) == RECORD_SEPARATOR) {
                if (i > start) {
                    out.add(buffer.substring(start, i));
                }
                start = i + 1;
            }
        }
        buffer.delete(0, start);
        return out;
    }

    /** @throws IOException when the record is not a JSON object */
    public static Frame parse(String record) throws IOException {
        int type = 0;
        String target = null;
        String invocationId = null;
        String error = null;
        List<String> arguments = List.of();
        Map<String, String> result = null;
        try (JsonParser p = FACTORY.createParser(record)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a hub record must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "type" -> type = p.getIntValue();
                    case "target" -> target = p.getValueAsString();
                    case "invocationId" -> invocationId = p.getValueAsString();
                    case "error" -> error = p.getValueAsString();
                    case "arguments" -> {
                        if (value == JsonToken.START_ARRAY) {
                            arguments = new ArrayList<>();
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                arguments.add(rawValue(p, record));
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "result" -> {
                        if (value == JsonToken.START_OBJECT) {
                            result = new LinkedHashMap<>();
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String name = p.currentName();
                                p.nextToken();
                                result.put(name, rawValue(p, record));
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return new Frame(type, target, arguments, invocationId, result, error);
    }

    /** The exact text of the value at the parser's current token (a container is skipped to its end). */
    private static String rawValue(JsonParser p, String record) throws IOException {
        JsonToken token = p.currentToken();
        int start = (int) p.currentTokenLocation().getCharOffset();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            p.skipChildren();
            return record.substring(start, (int) p.currentLocation().getCharOffset());
        }
        if (token == JsonToken.VALUE_STRING) {
            return JSON.writeValueAsString(p.getText());
        }
        return p.getText();
    }

    /** An argument's JSON text as a plain string: a JSON string unquoted, null for JSON null. */
    public static String text(String json) {
        try {
            var node = JSON.readTree(json);
            return node == null || node.isNull() ? null : node.asText();
        } catch (IOException e) {
            return json;
        }
    }

    public static String record(Object message) {
        try {
            return JSON.writeValueAsString(message) + RECORD_SEPARATOR;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write hub message " + message, e);
        }
    }
}

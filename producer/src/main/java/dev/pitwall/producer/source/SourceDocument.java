package dev.pitwall.producer.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * One Jolpica-format response as a source delivered it.
 *
 * @param location the URL or file it came from, for error messages
 * @param body the parsed response (an object holding the {@code MRData} envelope)
 */
public record SourceDocument(String location, JsonNode body) {

    // Numbers keep their exact text so a payload re-serialised from the tree matches what was received.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** @throws SourceException BAD_RESPONSE when the bytes are not a JSON object with an {@code MRData} object */
    public static SourceDocument parse(String location, byte[] bytes) {
        JsonNode body;
        try {
            body = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE,
                    "not JSON from " + location + ": " + firstLine(e.getMessage()), e);
        }
        if (body == null || !body.path("MRData").isObject()) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, "no MRData object in the response from " + location);
        }
        return new SourceDocument(location, body);
    }

    /** The node written compactly, fields in the order received. */
    public static String toCompactJson(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}

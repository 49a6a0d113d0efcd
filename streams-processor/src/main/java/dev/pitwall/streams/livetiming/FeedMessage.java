package dev.pitwall.streams.livetiming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitwall.streams.clean.RejectReason;
import dev.pitwall.streams.clean.Rejection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Decodes one verbatim live-timing message: JSON, or for {@code .z} topics a JSON string of base64 raw DEFLATE (no zlib header). */
public final class FeedMessage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeedMessage() {}

    public static JsonNode parse(String topic, String text) throws Rejection {
        if (text == null || text.isBlank()) {
            throw new Rejection(RejectReason.BAD_FEED_MESSAGE, topic + " message is empty");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Rejection(RejectReason.BAD_FEED_MESSAGE, topic + " message is not JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (topic.endsWith(".z")) {
            if (!node.isTextual()) {
                throw new Rejection(RejectReason.BAD_FEED_MESSAGE, topic + " message is not a base64 string");
            }
            try {
                node = JSON.readTree(inflate(Base64.getDecoder().decode(node.asText())));
            } catch (IllegalArgumentException | DataFormatException | JsonProcessingException e) {
                throw new Rejection(RejectReason.BAD_FEED_MESSAGE, topic + " message does not inflate to JSON: " + firstLine(e.getMessage()));
            }
        }
        if (!node.isObject()) {
            throw new Rejection(RejectReason.BAD_FEED_MESSAGE, topic + " message is a JSON " + node.getNodeType() + ", not an object");
        }
        return node;
    }

    static String inflate(byte[] deflated) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 4);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated DEFLATE stream");
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            inflater.end();
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

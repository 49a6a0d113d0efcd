package dev.pitwall.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The live-timing session state's store encoding: a JSON tree (what the feed itself is), written and read back whole. */
final class LiveJson {
    private final ObjectMapper mapper = new ObjectMapper();

    ObjectNode objectNode() {
        return mapper.createObjectNode();
    }

    byte[] writeValueAsBytesUnchecked(ObjectNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode live-timing state", e);
        }
    }

    ObjectNode readObjectUnchecked(byte[] bytes) {
        try {
            return (ObjectNode) mapper.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("live-timing state in the store is not JSON", e);
        }
    }
}

package dev.pitwall.producer.livetiming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The live follower's picture of the feed: per topic, the merge of every message it committed, by the
 * rules F1's clients (and pitwall's Streams) use: object into object key by key, an index-keyed object
 * into an array by index, anything else replaces, {@code _kf} dropped. Against it a resubscribe's
 * snapshot is turned into the one update that brings the state to the snapshot ({@link #difference}),
 * so a reconnect sends what was missed and nothing that was already sent.
 */
final class FeedState {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final Map<String, JsonNode> topics = new HashMap<>();

    boolean has(String topic) {
        return topics.containsKey(topic);
    }

    JsonNode get(String topic) {
        return topics.get(topic);
    }

    /** Merges one message; a message that is not JSON changes nothing (Streams dead-letters it). */
    void apply(String topic, String message) {
        JsonNode update = parse(message);
        if (update != null) {
            topics.put(topic, merge(topics.get(topic), update));
        }
    }

    /**
     * The update that turns this topic's state into {@code snapshotText}, as JSON text; empty when they
     * already agree. Keys the snapshot lacks are left alone: updates cannot remove keys.
     */
    Optional<String> difference(String topic, String snapshotText) {
        JsonNode snapshot = parse(snapshotText);
        if (snapshot == null) {
            return Optional.empty();
        }
        JsonNode diff = diff(topics.get(topic), snapshot);
        if (diff == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.writeValueAsString(diff));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a feed update", e);
        }
    }

    static JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    static JsonNode merge(JsonNode state, JsonNode update) {
        if (update == null) {
            return state;
        }
        if (state instanceof ObjectNode target && update.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = update.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if (!"_kf".equals(e.getKey())) {
                    target.set(e.getKey(), merge(target.get(e.getKey()), e.getValue()));
                }
            }
            return target;
        }
        if (state instanceof ArrayNode target && update.isObject() && numericKeys(update)) {
            Iterator<Map.Entry<String, JsonNode>> fields = update.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                int i = Integer.parseInt(e.getKey());
                while (target.size() <= i) {
                    target.addNull();
                }
                target.set(i, merge(target.get(i).isNull() ? null : target.get(i), e.getValue()));
            }
            return target;
        }
        if (state == null && update.isObject()) {
            return merge(NODES.objectNode(), update);
        }
        return update.deepCopy();
    }

    /** The smallest update (by the merge rules) taking {@code state} to {@code target}; null when none is needed. */
    static JsonNode diff(JsonNode state, JsonNode target) {
        if (target == null) {
            return null;
        }
        if (state == null || state.isNull()) {
            return target.isNull() && state != null ? null : withoutKeyframe(target);
        }
        if (state.isObject() && target.isObject()) {
            ObjectNode out = NODES.objectNode();
            target.fields().forEachRemaining(e -> {
                if (!"_kf".equals(e.getKey())) {
                    JsonNode d = diff(state.get(e.getKey()), e.getValue());
                    if (d != null) {
                        out.set(e.getKey(), d);
                    }
                }
            });
            return out.isEmpty() ? null : out;
        }
        if (state.isArray() && target.isArray()) {
            if (target.size() < state.size()) {
                return state.equals(target) ? null : target.deepCopy();
            }
            ObjectNode out = NODES.objectNode();
            for (int i = 0; i < target.size(); i++) {
                JsonNode d = diff(i < state.size() ? state.get(i) : null, target.get(i));
                if (d != null) {
                    out.set(Integer.toString(i), d);
                }
            }
            return out.isEmpty() ? null : out;
        }
        if (state.isArray() && target.isObject() && numericKeys(target)) {
            ObjectNode out = NODES.objectNode();
            target.fields().forEachRemaining(e -> {
                int i = Integer.parseInt(e.getKey());
                JsonNode d = diff(i < state.size() ? state.get(i) : null, e.getValue());
                if (d != null) {
                    out.set(e.getKey(), d);
                }
            });
            return out.isEmpty() ? null : out;
        }
        return state.equals(target) ? null : target.deepCopy();
    }

    private static JsonNode withoutKeyframe(JsonNode node) {
        if (node.isObject() && node.has("_kf")) {
            ObjectNode copy = node.deepCopy();
            copy.remove("_kf");
            return copy;
        }
        return node.deepCopy();
    }

    private static boolean numericKeys(JsonNode object) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (n.isEmpty() || n.length() > 6 || !n.chars().allMatch(Character::isDigit)) {
                return false;
            }
        }
        return true;
    }
}

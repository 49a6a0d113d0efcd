package dev.pitwall.streams.livetiming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Merges a partial live-timing update into a topic's state, the way F1's own clients do: object into
 * object key by key; an object with numeric-string keys into an array updates those indexes (Sectors,
 * Stints, Messages arrive as arrays in the snapshot and as index-keyed objects in updates); anything
 * else replaces. {@code _kf} (keyframe marker) is dropped.
 */
public final class FeedMerge {
    private FeedMerge() {}

    /** @return the merged node: {@code state} changed in place when both are containers, else the update */
    public static JsonNode merge(JsonNode state, JsonNode update) {
        if (update == null) {
            return state;
        }
        if (state instanceof ObjectNode target && update.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = update.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if ("_kf".equals(e.getKey())) {
                    continue;
                }
                target.set(e.getKey(), merge(target.get(e.getKey()), e.getValue()));
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
            return merge(JsonNodeFactory.instance.objectNode(), update);
        }
        return update.deepCopy();
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

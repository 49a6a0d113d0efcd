package dev.pitwall.streams.livetiming;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** The session's final order as the feed's merged TimingData shows it when the session ends. */
public final class LiveClassification {
    private LiveClassification() {}

    /** Car number -> final position (the feed keeps retired cars in their classified place). */
    public static Map<Integer, Integer> finalPositions(TimingLapDeriver deriver) {
        Map<Integer, Integer> out = new TreeMap<>();
        JsonNode td = deriver.topicState("TimingData");
        if (td == null) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> lines = td.path("Lines").fields();
        while (lines.hasNext()) {
            Map.Entry<String, JsonNode> e = lines.next();
            Integer number = FeedValues.intOrNull(e.getKey());
            Integer position = FeedValues.intOrNull(e.getValue().path("Position").asText(null));
            if (number != null && position != null) {
                out.put(number, position);
            }
        }
        return out;
    }
}

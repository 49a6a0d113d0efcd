package dev.pitwall.streams.livetiming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns one session's TimingData and TimingAppData updates, in feed order, into completed laps
 * (FastF1's rules): a driver's lap n ends when {@code NumberOfLaps} reaches n; the last sector, the
 * lap time, the finish-line speed, position and gaps arriving up to {@link #LATE_MS} after that belong
 * to the lap just finished; a lap is emitted once that window has passed (or the next lap ends, or the
 * session is finished). Position, gap and interval are carried forward from the merged state.
 *
 * <p>Live, waiting that window would hold every lap back 5 s, so with {@code early} a lap is also
 * emitted as soon as what defines it is known: the line crossing and its lap time (in the same message
 * nearly always, at most {@link #LAP_TIME_WAIT_MS} later), at once for a race's lap 1, which has none.
 * The values still arriving (gap and interval come about 4.4 s after the line) then make the lap
 * emitted when the window passes differ, and Streams turns that into the lap's next revision; the
 * last emission of every lap is the one a replay emits.
 *
 * <p>All state lives in one JSON tree ({@link #state()}) so Streams can keep it in a store and a
 * restarted task resumes exactly.
 */
public final class TimingLapDeriver {
    /** Values arriving this long after the line belong to the lap just completed. */
    public static final long LATE_MS = 5_000;
    /** Early emission waits this long after the line for a lap time that did not come with it (the 2018 Baku race: at most 120 ms). */
    public static final long LAP_TIME_WAIT_MS = 500;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] SECTOR_KEYS = {"s1", "s2", "s3"};

    private final ObjectNode state;

    /**
     * @param lineOrder true for races and sprints: the position on a lap is the order in which cars
     *                  completed it (the lap chart's definition, Jolpica's too), not the feed's running
     *                  position, which changes mid-lap and lags passes at the line
     */
    public TimingLapDeriver(boolean lineOrder) {
        this(JSON.objectNode().put("lineOrder", lineOrder));
    }

    /** Resumes from a tree saved with {@link #state()}. */
    public TimingLapDeriver(ObjectNode state) {
        this.state = state;
    }

    public ObjectNode state() {
        return state;
    }

    /** The merged state of a topic (null before its first message). */
    public JsonNode topicState(String topic) {
        return state.get("topics") == null ? null : state.get("topics").get(topic);
    }

    /**
     * Feeds one message.
     *
     * @param timeMs feed time of the message (stream offset or epoch ms; only differences matter)
     * @return the laps this message completed (window passed), in order
     */
    public List<TimingLap> accept(String topic, JsonNode message, long timeMs) {
        return accept(topic, message, timeMs, false);
    }

    /**
     * Feeds one message; with {@code early} it also returns the laps whose line crossing and lap time are
     * now known, before their late-value window has passed (they come again, maybe changed, when it has).
     */
    public List<TimingLap> accept(String topic, JsonNode message, long timeMs, boolean early) {
        List<TimingLap> out = new ArrayList<>();
        closeDue(timeMs, out);
        ObjectNode topics = state.with("topics");
        boolean first = topics.get(topic) == null;
        topics.set(topic, FeedMerge.merge(topics.get(topic), message));
        if ("TimingData".equals(topic) && message.has("Lines") && message.get("Lines").isObject()) {
            Iterator<Map.Entry<String, JsonNode>> lines = message.get("Lines").fields();
            while (lines.hasNext()) {
                Map.Entry<String, JsonNode> line = lines.next();
                onLine(line.getKey(), line.getValue(), timeMs, first, out);
            }
        }
        if (early) {
            emitEarly(timeMs, out);
        }
        return out;
    }

    private void emitEarly(long timeMs, List<TimingLap> out) {
        JsonNode drivers = state.get("drivers");
        if (drivers == null) {
            return;
        }
        boolean lineOrder = state.path("lineOrder").asBoolean(false);
        List<Map.Entry<Long, String>> due = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = drivers.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> d = it.next();
            JsonNode pend = d.getValue().get("pend");
            if (pend != null && !pend.path("early").asBoolean(false)
                    && (pend.has("lapTime") || lineOrder && pend.path("lap").asInt() == 1
                        || pend.path("at").asLong() + LAP_TIME_WAIT_MS <= timeMs)) {
                due.add(Map.entry(pend.path("at").asLong(), d.getKey()));
            }
        }
        due.sort(Map.Entry.<Long, String>comparingByKey().thenComparing(e -> Integer.parseInt(e.getValue())));
        for (Map.Entry<Long, String> d : due) {
            ObjectNode pend = (ObjectNode) drivers.get(d.getValue()).get("pend");
            out.add(lap(d.getValue(), pend));
            pend.put("early", true);
        }
    }

    /** Emits every lap still waiting for late values (the session is over). */
    public List<TimingLap> finish() {
        List<TimingLap> out = new ArrayList<>();
        closeDue(Long.MAX_VALUE, out);
        return out;
    }

    private void onLine(String number, JsonNode line, long timeMs, boolean snapshot, List<TimingLap> out) {
        if (!line.isObject() || FeedValues.intOrNull(number) == null) {
            return;
        }
        ObjectNode driver = state.with("drivers").with(number);
        ObjectNode cur = driver.with("cur");
        JsonNode laps = line.get("NumberOfLaps");
        if (laps != null && laps.canConvertToInt()) {
            int n = laps.asInt();
            int done = driver.path("laps").asInt(0);
            if (snapshot || !driver.has("laps") && n > 1) {
                // joined mid-session: earlier laps happened before we listened
                driver.put("laps", n);
            } else if (n > done) {
                if (driver.has("pend")) {
                    out.add(emit(number, driver));
                }
                ObjectNode pend = cur.deepCopy();
                pend.put("lap", n).put("at", timeMs);
                pend.put("stint", currentStint(number));
                copyStanding(number, pend);
                if (state.path("lineOrder").asBoolean(false)) {
                    ObjectNode crossed = state.with("crossed");
                    int rank = crossed.path(Integer.toString(n)).asInt(0) + 1;
                    crossed.put(Integer.toString(n), rank);
                    pend.put("linePosition", rank);
                }
                driver.set("pend", pend);
                driver.set("cur", JSON.objectNode());
                driver.put("laps", n);
                cur = (ObjectNode) driver.get("cur");
            }
        }
        ObjectNode pend = driver.get("pend") instanceof ObjectNode p ? p : null;
        JsonNode sectors = line.get("Sectors");
        if (sectors != null && sectors.isContainerNode()) {
            for (int i = 0; i < SECTOR_KEYS.length; i++) {
                JsonNode s = sectors.isArray() ? sectors.get(i) : sectors.get(Integer.toString(i));
                String v = s == null ? "" : s.path("Value").asText("");
                if (!v.isEmpty()) {
                    // only the last sector can still arrive after the line
                    (pend != null && i == SECTOR_KEYS.length - 1 ? pend : cur).put(SECTOR_KEYS[i], v);
                }
            }
        }
        JsonNode speeds = line.get("Speeds");
        if (speeds != null && speeds.isObject()) {
            for (String trap : new String[] {"I1", "I2", "FL", "ST"}) {
                String v = speeds.path(trap).path("Value").asText("");
                if (!v.isEmpty()) {
                    (pend != null && "FL".equals(trap) ? pend : cur).put(trap, v);
                }
            }
        }
        String last = line.path("LastLapTime").path("Value").asText("");
        if (!last.isEmpty()) {
            (pend != null ? pend : cur).put("lapTime", last);
        }
        if (line.path("InPit").asBoolean(false)) {
            (pend != null ? pend : cur).put("pitIn", true);
        }
        if (line.path("PitOut").asBoolean(false)) {
            cur.put("pitOut", true);
        }
        if (pend != null && (line.has("Position") || line.has("GapToLeader") || line.has("IntervalToPositionAhead"))) {
            copyStanding(number, pend);
        }
    }

    private void closeDue(long timeMs, List<TimingLap> out) {
        JsonNode drivers = state.get("drivers");
        if (drivers == null) {
            return;
        }
        List<Map.Entry<Long, String>> due = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = drivers.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> d = it.next();
            JsonNode pend = d.getValue().get("pend");
            if (pend != null && (timeMs == Long.MAX_VALUE || pend.path("at").asLong() + LATE_MS <= timeMs)) {
                due.add(Map.entry(pend.path("at").asLong(), d.getKey()));
            }
        }
        due.sort(Map.Entry.<Long, String>comparingByKey().thenComparing(e -> Integer.parseInt(e.getValue())));
        for (Map.Entry<Long, String> d : due) {
            out.add(emit(d.getValue(), (ObjectNode) drivers.get(d.getValue())));
        }
    }

    private TimingLap emit(String number, ObjectNode driver) {
        return lap(number, (ObjectNode) driver.remove("pend"));
    }

    private TimingLap lap(String number, ObjectNode p) {
        Long s1 = FeedValues.timeMs(p.path("s1").asText(null));
        Long s2 = FeedValues.timeMs(p.path("s2").asText(null));
        Long s3 = FeedValues.timeMs(p.path("s3").asText(null));
        Long lapTime = FeedValues.timeMs(p.path("lapTime").asText(null));
        int lap = p.path("lap").asInt();
        int stint = p.path("stint").asInt(-1);
        JsonNode stintNode = stint < 0 ? null : stints(number).get(stint);
        String compound = stintNode == null ? null : blankToNull(stintNode.path("Compound").asText(null));
        Integer tyreAge = stintNode == null || !stintNode.path("TotalLaps").canConvertToInt() ? null : stintNode.path("TotalLaps").asInt();
        String gap = p.path("gap").asText(null);
        String interval = p.path("interval").asText(null);
        boolean leader = p.has("linePosition") ? p.path("linePosition").asInt() == 1 : "1".equals(p.path("position").asText(null));
        return new TimingLap(Integer.parseInt(number), lap, lapTime, s1, s2, s3,
                speed(p, "I1"), speed(p, "I2"), speed(p, "FL"), speed(p, "ST"),
                p.has("linePosition") ? Integer.valueOf(p.path("linePosition").asInt()) : FeedValues.intOrNull(p.path("position").asText(null)),
                leader ? Long.valueOf(0) : FeedValues.gapMs(gap), leader ? null : FeedValues.gapLaps(gap),
                leader ? null : FeedValues.gapMs(interval),
                p.path("pitIn").asBoolean(false), p.path("pitOut").asBoolean(false),
                compound, tyreAge, stint < 0 ? null : stint + 1, p.path("at").asLong());
    }

    private void copyStanding(String number, ObjectNode pend) {
        JsonNode line = topicState("TimingData") == null ? null : topicState("TimingData").path("Lines").get(number);
        if (line == null) {
            return;
        }
        putText(pend, "position", line.path("Position").asText(""));
        putText(pend, "gap", line.path("GapToLeader").asText(""));
        putText(pend, "interval", line.path("IntervalToPositionAhead").path("Value").asText(""));
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (!value.isEmpty()) {
            node.put(field, value);
        }
    }

    private int currentStint(String number) {
        JsonNode stints = stints(number);
        return stints.size() - 1;
    }

    private JsonNode stints(String number) {
        JsonNode app = topicState("TimingAppData");
        JsonNode s = app == null ? null : app.path("Lines").path(number).get("Stints");
        if (s == null || !s.isContainerNode()) {
            return JSON.arrayNode();
        }
        if (s.isArray()) {
            return s;
        }
        // index-keyed object (the first stint arrived as an update): order by index
        var array = JSON.arrayNode();
        for (int i = 0; s.has(Integer.toString(i)); i++) {
            array.add(s.get(Integer.toString(i)));
        }
        return array;
    }

    private static Integer speed(JsonNode p, String trap) {
        return FeedValues.intOrNull(p.path(trap).asText(null));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() || "UNKNOWN".equals(s) ? null : s;
    }
}

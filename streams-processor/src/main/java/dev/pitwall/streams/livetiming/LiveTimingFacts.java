package dev.pitwall.streams.livetiming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pitwall.schemas.avro.CleanTimingLap;
import dev.pitwall.schemas.avro.CleanTimingRaceControl;
import dev.pitwall.schemas.avro.CleanTimingStint;
import dev.pitwall.schemas.avro.CleanTimingWeather;
import dev.pitwall.schemas.avro.CleanTrackStatus;
import dev.pitwall.streams.batch.SessionId;
import dev.pitwall.streams.batch.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One session's live-timing state between messages, kept by Streams as one JSON tree per session:
 * the lap deriver's state, how many messages of each derived table were seen and how many the
 * producer's FINISHED announced (the last one flushes laps still waiting for late values), and the
 * stream start in epoch ms so offsets become UTC times.
 */
public final class LiveTimingFacts {
    /** Feed topics whose messages each derived table counts (the producer's FINISHED announces the same). */
    public static final Map<String, Table> TABLE_OF_TOPIC = Map.of("TimingData", Table.TIMING_LAPS, "TrackStatus", Table.TRACK_STATUS,
            "TimingAppData", Table.TIMING_STINTS, "RaceControlMessages", Table.TIMING_RACE_CONTROL, "WeatherData", Table.TIMING_WEATHER);

    /** The follower's source: a live session emits laps early (see {@link TimingLapDeriver}); a replay has no one waiting. */
    static final String LIVE_SOURCE = "livetiming-live";

    private final SessionId session;
    private final ObjectNode state;
    private final TimingLapDeriver deriver;

    public LiveTimingFacts(SessionId session, ObjectNode state) {
        this.session = session;
        this.state = state;
        if (!state.has("laps")) {
            state.set("laps", new TimingLapDeriver("R".equals(session.session()) || "S".equals(session.session())).state());
        }
        this.deriver = new TimingLapDeriver((ObjectNode) state.get("laps"));
    }

    public ObjectNode state() {
        return state;
    }

    /** What one message produced. */
    public record Derived(List<CleanTimingLap> laps, List<CleanTrackStatus> trackStatus, List<CleanTimingStint> stints,
                          List<CleanTimingRaceControl> raceControl, List<CleanTimingWeather> weather) {}

    /**
     * @param offsetMs     the message's stream offset; null for a live message without one
     * @param feedTimeUtc  the message's feed timestamp, ISO-8601, or null
     */
    public Derived accept(String topic, JsonNode message, Long offsetMs, String feedTimeUtc, String source) {
        Long epoch = epochMs(feedTimeUtc);
        if (offsetMs != null && epoch != null && !state.has("startEpochMs")) {
            state.put("startEpochMs", epoch - offsetMs);
        }
        long time = offsetMs != null ? offsetMs : epoch == null ? 0 : epoch - state.path("startEpochMs").asLong(0);
        List<TimingLap> laps = new ArrayList<>();
        List<CleanTrackStatus> status = new ArrayList<>();
        List<CleanTimingStint> stints = new ArrayList<>();
        List<CleanTimingRaceControl> raceControl = new ArrayList<>();
        List<CleanTimingWeather> weather = new ArrayList<>();
        if ("TimingData".equals(topic) || "TimingAppData".equals(topic)) {
            laps.addAll(deriver.accept(topic, message, time, LIVE_SOURCE.equals(source)));
            if ("TimingAppData".equals(topic)) {
                stints.addAll(stints(message, source));
            }
        } else if ("RaceControlMessages".equals(topic)) {
            raceControl.addAll(raceControl(message, source));
        } else if ("WeatherData".equals(topic)) {
            Double direction = number(message, "WindDirection");
            weather.add(CleanTimingWeather.newBuilder().setSeason(session.season()).setRound(session.round()).setSession(session.session())
                    .setStreamOffsetMs(time).setDateUtc(utc(time))
                    .setAirTemperature(number(message, "AirTemp")).setTrackTemperature(number(message, "TrackTemp"))
                    .setHumidity(number(message, "Humidity")).setPressure(number(message, "Pressure"))
                    .setRainfall(number(message, "Rainfall")).setWindSpeed(number(message, "WindSpeed"))
                    .setWindDirection(direction == null ? null : (int) Math.round(direction))
                    .setSource(source).build());
        } else if ("TrackStatus".equals(topic) && message.hasNonNull("Status")) {
            status.add(CleanTrackStatus.newBuilder().setSeason(session.season()).setRound(session.round()).setSession(session.session())
                    .setStreamOffsetMs(time).setDateUtc(utc(time)).setStatus(message.get("Status").asText())
                    .setMessage(message.hasNonNull("Message") ? message.get("Message").asText() : null)
                    .setSource(source).build());
        }
        Table table = TABLE_OF_TOPIC.get(topic);
        if (table != null) {
            seen(table);
            if (table == Table.TIMING_LAPS && lastOf(table)) {
                laps.addAll(deriver.finish());
            }
        }
        return new Derived(laps.stream().map(l -> clean(l, source)).toList(), status, stints, raceControl, weather);
    }

    /** A message of {@code table}'s topics that was rejected still counts, so the session can complete. */
    public List<CleanTimingLap> rejected(Table table, String source) {
        seen(table);
        return table == Table.TIMING_LAPS && lastOf(table) ? deriver.finish().stream().map(l -> clean(l, source)).toList() : List.of();
    }

    /** The producer's FINISHED: remembers the counts; when every TimingData message was already seen, the laps still waiting are due. */
    public List<CleanTimingLap> finished(Map<String, Long> expected, String source) {
        expected.forEach((name, n) -> state.with("expected").put(name, n));
        Long laps = expected.get(Table.TIMING_LAPS.tableName());
        if (laps != null && state.path("seen").path(Table.TIMING_LAPS.tableName()).asLong(0) >= laps) {
            return deriver.finish().stream().map(l -> clean(l, source)).toList();
        }
        return List.of();
    }

    /** Every stint the message touched, as the merged state now has it. */
    private List<CleanTimingStint> stints(JsonNode message, String source) {
        List<CleanTimingStint> out = new ArrayList<>();
        JsonNode app = deriver.topicState("TimingAppData");
        message.path("Lines").fields().forEachRemaining(line -> {
            Integer number = FeedValues.intOrNull(line.getKey());
            JsonNode touched = line.getValue().get("Stints");
            if (number == null || touched == null || !touched.isContainerNode()) {
                return;
            }
            JsonNode merged = app.path("Lines").path(line.getKey()).path("Stints");
            List<Integer> indexes = new ArrayList<>();
            if (touched.isArray()) {
                for (int i = 0; i < touched.size(); i++) {
                    indexes.add(i);
                }
            } else {
                touched.fieldNames().forEachRemaining(k -> {
                    Integer i = FeedValues.intOrNull(k);
                    if (i != null) {
                        indexes.add(i);
                    }
                });
            }
            for (int i : indexes) {
                JsonNode s = merged.isArray() ? merged.get(i) : merged.get(Integer.toString(i));
                if (s == null || !s.isObject()) {
                    continue;
                }
                String compound = s.path("Compound").asText("");
                out.add(CleanTimingStint.newBuilder().setSeason(session.season()).setRound(session.round()).setSession(session.session())
                        .setDriverNumber(number).setStint(i + 1)
                        .setCompound(compound.isEmpty() || "UNKNOWN".equals(compound) ? null : compound)
                        .setNewTyre(s.has("New") ? Boolean.valueOf("true".equalsIgnoreCase(s.get("New").asText())) : null)
                        .setTyreAgeAtStart(s.path("StartLaps").canConvertToInt() ? Integer.valueOf(s.get("StartLaps").asInt()) : null)
                        .setTyreAgeLaps(s.path("TotalLaps").canConvertToInt() ? Integer.valueOf(s.get("TotalLaps").asInt()) : null)
                        .setSource(source).build());
            }
        });
        return out;
    }

    /** The messages of one update: an array in the first message, index-keyed objects after. */
    private List<CleanTimingRaceControl> raceControl(JsonNode message, String source) {
        List<CleanTimingRaceControl> out = new ArrayList<>();
        JsonNode messages = message.path("Messages");
        List<Map.Entry<Integer, JsonNode>> items = new ArrayList<>();
        if (messages.isArray()) {
            for (int i = 0; i < messages.size(); i++) {
                items.add(Map.entry(i, messages.get(i)));
            }
        } else if (messages.isObject()) {
            messages.fields().forEachRemaining(e -> {
                Integer i = FeedValues.intOrNull(e.getKey());
                if (i != null) {
                    items.add(Map.entry(i, e.getValue()));
                }
            });
        }
        for (Map.Entry<Integer, JsonNode> item : items) {
            JsonNode m = item.getValue();
            if (!m.isObject()) {
                continue;
            }
            String utc = text(m, "Utc");
            out.add(CleanTimingRaceControl.newBuilder().setSeason(session.season()).setRound(session.round()).setSession(session.session())
                    .setMessageIndex(item.getKey()).setDateUtc(utc == null || utc.endsWith("Z") ? utc : utc + "Z")
                    .setLap(m.path("Lap").canConvertToInt() ? Integer.valueOf(m.get("Lap").asInt()) : null)
                    .setCategory(text(m, "Category")).setFlag(text(m, "Flag")).setScope(text(m, "Scope"))
                    .setSector(m.path("Sector").canConvertToInt() ? Integer.valueOf(m.get("Sector").asInt()) : null)
                    .setDriverNumber(FeedValues.intOrNull(text(m, "RacingNumber")))
                    .setStatus(text(m, "Status")).setMessage(text(m, "Message")).setSource(source).build());
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Double number(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void seen(Table table) {
        ObjectNode seen = state.with("seen");
        seen.put(table.tableName(), seen.path(table.tableName()).asLong(0) + 1);
    }

    private boolean lastOf(Table table) {
        JsonNode expected = state.path("expected").get(table.tableName());
        return expected != null && state.path("seen").path(table.tableName()).asLong(0) >= expected.asLong();
    }

    private CleanTimingLap clean(TimingLap l, String source) {
        Long lapTime = l.lapTimeMs();
        if (lapTime != null && l.sector1Ms() != null && l.sector2Ms() != null && l.sector3Ms() != null
                && lapTime + 5 < l.sector1Ms() + l.sector2Ms() + l.sector3Ms()) {
            // shorter than its own sectors: the feed's lap time is not trustworthy (FastF1 drops it too)
            lapTime = null;
        }
        return CleanTimingLap.newBuilder().setSeason(session.season()).setRound(session.round()).setSession(session.session())
                .setDriverNumber(l.driverNumber()).setLap(l.lap()).setLapTimeMs(lapTime)
                .setSector1Ms(l.sector1Ms()).setSector2Ms(l.sector2Ms()).setSector3Ms(l.sector3Ms())
                .setSpeedI1(l.speedI1()).setSpeedI2(l.speedI2()).setSpeedFl(l.speedFl()).setSpeedSt(l.speedSt())
                .setPosition(l.position()).setGapToLeaderMs(l.gapToLeaderMs()).setGapToLeaderLaps(l.gapToLeaderLaps())
                .setIntervalMs(l.intervalMs()).setPitIn(l.pitIn()).setPitOut(l.pitOut())
                .setCompound(l.compound()).setTyreAgeLaps(l.tyreAgeLaps()).setStint(l.stint())
                .setCompletedAt(utc(l.completedAtMs())).setSource(source).build();
    }

    private String utc(long time) {
        return state.has("startEpochMs") ? Instant.ofEpochMilli(state.get("startEpochMs").asLong() + time).toString() : null;
    }

    private static Long epochMs(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}

package dev.pitwall.streams.livetiming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pitwall.schemas.avro.CleanTimingLap;
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
    public static final Map<String, Table> TABLE_OF_TOPIC = Map.of("TimingData", Table.TIMING_LAPS, "TrackStatus", Table.TRACK_STATUS);

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
    public record Derived(List<CleanTimingLap> laps, List<CleanTrackStatus> trackStatus) {}

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
        if ("TimingData".equals(topic) || "TimingAppData".equals(topic)) {
            laps.addAll(deriver.accept(topic, message, time));
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
        return new Derived(laps.stream().map(l -> clean(l, source)).toList(), status);
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

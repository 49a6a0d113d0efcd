package dev.pitwall.producer.livetiming;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.openf1.SessionResolver;
import dev.pitwall.producer.replay.ReplayCheckpoints;
import dev.pitwall.producer.replay.TransactionalProducer;
import dev.pitwall.producer.source.RaceSource;
import dev.pitwall.producer.source.SourceException;
import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import dev.pitwall.schemas.avro.RawLiveTiming;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.schemas.serde.PitwallSerdes;
import dev.pitwall.schemas.serde.RecordCodec;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays F1 static-archive live-timing sessions into {@link Topics#RAW_LIVETIMING}, every line of
 * every topic verbatim, in stream-offset order. At full speed a session is ONE transaction (STARTED,
 * the messages, FINISHED with the count per derived table, the finished checkpoint of job
 * {@code livetiming/<path>}); with a speed factor it is sent in slices of one feed second, paced by
 * the offsets, each slice committed with a checkpoint counting the messages sent, so a killed replay
 * resumes after the last committed slice. A session whose job finished is skipped.
 */
public final class LiveTimingReplayer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveTimingReplayer.class);
    private static final RecordCodec<RawLiveTiming> RAW = PitwallSerdes.rawLiveTimingCodec();
    private static final RecordCodec<SessionEvent> EVENTS = PitwallSerdes.sessionEventCodec();
    public static final String SOURCE = "livetiming-static";
    static final long SLICE_MS = 1_000;

    /** What one session's replay did. */
    public record Outcome(String key, String path, Map<String, Long> sentPerTopic, boolean skipped) {
        public long messages() {
            return sentPerTopic.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Map<String, Object> kafkaProps;
    private final LiveTimingArchive archive;
    private final RaceSource schedule;
    private final TransactionalProducer producer;
    private final RaceWeekends weekends;
    private final Map<Integer, List<ArchivedSession>> listedSessions = new HashMap<>();

    public LiveTimingReplayer(Map<String, Object> kafkaProps, String transactionalId, LiveTimingArchive archive, RaceSource schedule) {
        this.kafkaProps = Map.copyOf(kafkaProps);
        this.archive = archive;
        this.schedule = schedule;
        this.weekends = new RaceWeekends(schedule);
        this.producer = new TransactionalProducer(kafkaProps, transactionalId, null);
    }

    /**
     * The archived sessions of one round (those whose date falls in its race weekend), each replayed once.
     *
     * @param speedFactor null for full speed, else how many times faster than the day
     */
    public List<Outcome> replayRound(int season, int round, Double speedFactor) {
        return replayRound(season, round, speedFactor, code -> true);
    }

    /** The same, for the sessions whose code ({@code R}, {@code Q}, ...) {@code sessions} accepts only. */
    public List<Outcome> replayRound(int season, int round, Double speedFactor, java.util.function.Predicate<String> sessions) {
        List<Outcome> out = new ArrayList<>();
        // one index fetch per season, not per round
        List<ArchivedSession> listed = listedSessions.computeIfAbsent(season, archive::sessions);
        if (listed.isEmpty()) {
            // no year index (2018, 2020 over HTTP): build the weekend's paths from the schedule and look
            listed = scheduled(season, round).stream().filter(archive::holds).toList();
        }
        for (ArchivedSession session : listed) {
            Optional<String> code = SessionResolver.sessionCode(session.name(), session.type());
            if (code.isEmpty()) {
                LOG.info("skipping live-timing session {}: pitwall has no session code for \"{}\"", session.path(), session.name());
                continue;
            }
            Integer r = roundOf(season, session);
            if (r == null || r != round || !sessions.test(code.get())) {
                continue;
            }
            out.add(replay(session, season, round, code.get(), speedFactor));
        }
        return out;
    }

    /**
     * The archive paths a round's sessions would have, FastF1's way: {@code <year>/<race date>_<Race_Name>/<day>_<Session_Name>/},
     * with each session's day from the schedule when it gives one, else the classic weekend (practice
     * two days before the race, practice 3 and qualifying the day before).
     */
    List<ArchivedSession> scheduled(int season, int round) {
        JsonNode race = null;
        for (JsonNode r : schedule.schedule(season).map(d -> d.body().path("MRData").path("RaceTable").path("Races"))
                .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance())) {
            if (r.path("round").asInt() == round) {
                race = r;
            }
        }
        if (race == null || race.path("date").asText("").isEmpty()) {
            return List.of();
        }
        LocalDate raceDay = LocalDate.parse(race.path("date").asText());
        String meeting = race.path("raceName").asText("");
        String folder = season + "/" + raceDay + "_" + meeting.replace(' ', '_') + "/";
        Map<String, LocalDate> days = new LinkedHashMap<>();
        days.put("Practice 1", day(race, "FirstPractice", raceDay.minusDays(2)));
        days.put("Practice 2", day(race, "SecondPractice", raceDay.minusDays(2)));
        days.put("Practice 3", day(race, "ThirdPractice", raceDay.minusDays(1)));
        days.put("Qualifying", day(race, "Qualifying", raceDay.minusDays(1)));
        if (race.has("Sprint")) {
            days.put("Sprint", day(race, "Sprint", raceDay.minusDays(1)));
        }
        if (race.has("SprintQualifying")) {
            days.put("Sprint Qualifying", day(race, "SprintQualifying", raceDay.minusDays(1)));
        }
        days.put("Race", raceDay);
        List<ArchivedSession> out = new ArrayList<>();
        days.forEach((name, d) -> out.add(new ArchivedSession(season, folder + d + "_" + name.replace(' ', '_') + "/",
                meeting, name, null, null, d.toString())));
        return out;
    }

    private static LocalDate day(JsonNode race, String field, LocalDate fallback) {
        try {
            return race.has(field) ? LocalDate.parse(race.path(field).path("date").asText()) : fallback;
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    /** The schedule's round whose race weekend (race day -4 .. +1) holds the session's day; null when none. */
    Integer roundOf(int season, ArchivedSession session) {
        return weekends.roundOf(season, session.day());
    }

    private Outcome replay(ArchivedSession archived, int season, int round, String code, Double speedFactor) {
        String key = RecordKeys.session(season, round, code);
        String job = archived.replayJob();
        producer.initialise();
        Optional<ProducerCheckpoint> previous = ReplayCheckpoints.latest(kafkaProps, job);
        if (previous.isPresent() && previous.get().getFinished()) {
            LOG.info("live timing {} ({}) already replayed: skipped", key, archived.path());
            return new Outcome(key, archived.path(), Map.of(), true);
        }
        List<RawLiveTiming> messages = read(archived, season, round, code);
        Map<String, Long> perTopic = new TreeMap<>();
        messages.forEach(m -> perTopic.merge(m.getTopic(), 1L, Long::sum));
        Map<String, Long> expected = LiveTimingTables.expected(perTopic);
        String runId = UUID.randomUUID().toString();
        long done = previous.map(p -> Long.parseLong(p.getCursors().getOrDefault("messages", "0"))).orElse(0L);
        if (speedFactor == null) {
            commit(key, job, runId, season, round, code, done == 0, messages.subList((int) done, messages.size()), expected, messages.size());
        } else {
            paced(key, job, runId, season, round, code, messages, (int) done, expected, speedFactor);
        }
        LOG.info("live timing {} ({}): {} messages {}", key, archived.path(), messages.size(), perTopic);
        return new Outcome(key, archived.path(), perTopic, false);
    }

    private void paced(String key, String job, String runId, int season, int round, String code, List<RawLiveTiming> messages,
                       int from, Map<String, Long> expected, double speedFactor) {
        int i = from;
        Long previousSliceStart = null;
        while (i < messages.size()) {
            long sliceStart = offset(messages.get(i));
            int end = i;
            while (end < messages.size() && offset(messages.get(end)) < sliceStart + SLICE_MS) {
                end++;
            }
            if (previousSliceStart != null) {
                sleep((long) ((sliceStart - previousSliceStart) / speedFactor));
            }
            boolean last = end == messages.size();
            commit(key, job, runId, season, round, code, i == 0, messages.subList(i, end), last ? expected : null, end);
            previousSliceStart = sliceStart;
            i = end;
        }
        if (messages.isEmpty() || from == messages.size()) {
            commit(key, job, runId, season, round, code, from == 0, List.of(), expected, messages.size());
        }
    }

    private static long offset(RawLiveTiming m) {
        return m.getStreamOffsetMs() == null ? 0 : m.getStreamOffsetMs();
    }

    private void commit(String key, String job, String runId, int season, int round, String code, boolean started,
                        List<RawLiveTiming> slice, Map<String, Long> finishedExpected, long sentSoFar) {
        boolean finished = finishedExpected != null;
        ProducerCheckpoint checkpoint = ProducerCheckpoint.newBuilder()
                .setJob(job).setRunId(runId)
                .setCompletedRounds(List.of()).setCompletedSessions(finished ? List.of(key) : List.of())
                .setOpenSession(finished ? null : key).setOpenSessionLaps(0)
                .setFinished(finished).setUpdatedAtMs(System.currentTimeMillis())
                .setCursors(Map.of("messages", Long.toString(sentSoFar))).setSent(Map.of("livetiming", sentSoFar))
                .build();
        producer.commit(send -> {
            if (started) {
                send.accept(new ProducerRecord<>(Topics.CONTROL, key, EVENTS.encode(Topics.CONTROL, event(season, round, code, SessionEventType.STARTED, runId, Map.of()))));
            }
            for (RawLiveTiming m : slice) {
                send.accept(new ProducerRecord<>(Topics.RAW_LIVETIMING, RecordKeys.liveTiming(season, round, code, m.getTopic()), RAW.encode(Topics.RAW_LIVETIMING, m)));
            }
            if (finished) {
                send.accept(new ProducerRecord<>(Topics.CONTROL, key, EVENTS.encode(Topics.CONTROL, event(season, round, code, SessionEventType.FINISHED, runId, finishedExpected))));
            }
        }, checkpoint);
    }

    private static SessionEvent event(int season, int round, String code, SessionEventType type, String runId, Map<String, Long> expected) {
        return new SessionEvent(season, round, code, type, SOURCE, runId, expected, System.currentTimeMillis());
    }

    /** Every line of every topic of the session, ordered by offset (a line without one keeps its file's previous offset). */
    List<RawLiveTiming> read(ArchivedSession session, int season, int round, String code) {
        record Line(String topic, long order, long index, RawLiveTiming value) {}
        Map<String, List<JsonStream.Line>> streams = new LinkedHashMap<>();
        for (String topic : archive.topics(session)) {
            archive.stream(session, topic).ifPresent(text -> streams.put(topic, JsonStream.parse(text)));
        }
        Instant start = streamStart(session, streams);
        List<Line> all = new ArrayList<>();
        List<String> topicOrder = new ArrayList<>(streams.keySet());
        for (Map.Entry<String, List<JsonStream.Line>> stream : streams.entrySet()) {
            long carried = 0;
            for (JsonStream.Line line : stream.getValue()) {
                long order = line.offsetMs() != null ? line.offsetMs() : carried;
                carried = order;
                RawLiveTiming value = RawLiveTiming.newBuilder()
                        .setSource(SOURCE).setSeason(season).setRound(round).setSession(code)
                        .setTopic(stream.getKey()).setMessage(line.message())
                        .setFeedTimestamp(start == null || line.offsetMs() == null ? null : start.plusMillis(line.offsetMs()).toString())
                        .setStreamOffsetMs(line.offsetMs()).setSequence((long) line.index())
                        .build();
                all.add(new Line(stream.getKey(), order, line.index(), value));
            }
        }
        all.sort(Comparator.comparingLong(Line::order).thenComparingInt(l -> topicOrder.indexOf(l.topic())).thenComparingLong(Line::index));
        return all.stream().map(Line::value).toList();
    }

    /** Heartbeat's first {@code Utc} minus its offset; else the index's scheduled start; else unknown. */
    private static Instant streamStart(ArchivedSession session, Map<String, List<JsonStream.Line>> streams) {
        for (JsonStream.Line line : streams.getOrDefault("Heartbeat", List.of())) {
            try {
                JsonNode beat = ArchiveIndex.parse(line.message());
                if (beat.hasNonNull("Utc") && line.offsetMs() != null) {
                    return Instant.parse(beat.get("Utc").asText()).minusMillis(line.offsetMs());
                }
            } catch (IOException | DateTimeParseException e) {
                // a broken heartbeat line: try the next one
            }
        }
        return session.startUtc();
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(SourceException.Kind.UNREACHABLE, "interrupted while pacing a live-timing replay", e);
        }
    }

    @Override
    public void close() {
        producer.close();
        try {
            archive.close();
        } catch (Exception e) {
            LOG.debug("closing archive {}: {}", archive.location(), e.getMessage());
        }
    }
}

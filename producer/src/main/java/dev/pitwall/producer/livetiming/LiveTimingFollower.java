package dev.pitwall.producer.livetiming;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.archive.RawArchiveWriter;
import dev.pitwall.producer.openf1.SessionResolver;
import dev.pitwall.producer.replay.ReplayCheckpoints;
import dev.pitwall.producer.replay.TransactionalProducer;
import dev.pitwall.producer.signalr.SignalRClient;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows F1's live timing over SignalR Core ({@code pitwall live --source livetiming}) into
 * {@link Topics#RAW_LIVETIMING}, each message as a {@link RawLiveTiming} shaped exactly like the
 * static-archive replayer's (topic, the JSON text as sent, feed timestamp, offset from the stream
 * start), so Streams derives the same facts from either.
 *
 * <p>The session is named once its SessionInfo is known (from the Subscribe snapshot or a message):
 * season and round from the Jolpica schedule, code from its name. Received messages are committed every
 * {@link LiveTimingRequest#commitInterval()} in one transaction with the checkpoint of job
 * {@code livetiming-live/<season>/<round>/<code>} (the stream start, the message counter and the messages
 * per topic). The transactional id is fixed per session: a second follower of the same session fences
 * the first (which stops with {@link Outcome#REPLACED}), and a restarted one aborts what a killed one
 * left open. On every (re)subscribe the snapshot is compared with the state the committed messages
 * build, and only the difference is sent, one update per topic: a reconnect or a restart sends what
 * it missed and nothing twice. A run that takes over from a follower it fenced drops the messages it
 * received that the other one had committed (same topic, feed time and text), and then needs no
 * difference from its snapshot, which is older than what was committed. SessionStatus {@code Ends} plus the finish grace ends the session with
 * FINISHED, and the session is kept in the static archive's layout under the data dir.
 */
public final class LiveTimingFollower {
    private static final Logger LOG = LoggerFactory.getLogger(LiveTimingFollower.class);
    private static final RecordCodec<RawLiveTiming> RAW = PitwallSerdes.rawLiveTimingCodec();
    private static final RecordCodec<SessionEvent> EVENTS = PitwallSerdes.sessionEventCodec();
    public static final String SOURCE = "livetiming-live";
    /** How long a killed follower's open transaction can hold back read_committed readers. */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    public enum Outcome { FINISHED, ALREADY_FINISHED, STOPPED, REPLACED }

    /**
     * How a run ended.
     *
     * @param session {@code season/round/session}, null when the feed never named one
     * @param path the session's archive path from SessionInfo
     * @param sentThisRun messages this run committed per topic
     * @param sentTotal the job's committed messages per topic
     * @param connections connections that got as far as a snapshot
     */
    public record Result(Outcome outcome, String session, String path, Map<String, Long> sentThisRun, Map<String, Long> sentTotal,
                         int connections, int transactions) {
        public long messages() {
            return sentTotal.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Told as the run goes, for the CLI's lines and for tests. */
    public interface Progress {
        default void connected(int connection) {}

        default void disconnected(String reason, Duration retryIn) {}

        default void named(String session, String path, boolean resumed) {}

        default void committed(Map<String, Long> sentTotal) {}

        Progress NONE = new Progress() {};
    }

    private sealed interface Event permits Snapshot, Feed, Closed {}

    private record Snapshot(int connection, Map<String, String> topics) implements Event {}

    private record Feed(int connection, String topic, String data, String timestamp) implements Event {}

    private record Closed(int connection, String reason) implements Event {}

    private final Map<String, Object> kafkaProps;
    private final LiveTimingRequest request;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean stopped;

    public LiveTimingFollower(Map<String, Object> kafkaProps, LiveTimingRequest request) {
        this.kafkaProps = Map.copyOf(kafkaProps);
        this.request = request;
    }

    /** Ends {@link #run} after the transaction in flight; messages not yet committed are dropped. Any thread. */
    public void stop() {
        stopped = true;
        events.add(new Closed(-1, "stopped"));
    }

    public Result run() {
        return run(Progress.NONE);
    }

    /**
     * Blocks until the session ended (FINISHED sent), was already finished, another follower took over,
     * or {@link #stop()}.
     *
     * @throws SourceException when the hub cannot be reached {@code maxFailedConnects} times in a row, or the session cannot be named
     */
    public Result run(Progress progress) {
        if (request.hub().bearerToken() == null) {
            LOG.info("no F1TV_TOKEN: not subscribing to {} (F1TV subscription topics)", LiveTimingRequest.TOKEN_TOPICS);
        }
        Run run = new Run(progress);
        try {
            return run.go();
        } finally {
            run.close();
        }
    }

    private final class Run {
        private final Progress progress;
        private final List<Event> early = new ArrayList<>();
        private final FeedState state = new FeedState();
        private final List<RawLiveTiming> all = new ArrayList<>();
        private final List<RawLiveTiming> pending = new ArrayList<>();
        private final Map<String, Long> sentTotal = new TreeMap<>();
        private final Map<String, Long> sentThisRun = new TreeMap<>();
        private final WeekendNaming naming = new WeekendNaming();
        private SignalRClient client;
        private TransactionalProducer producer;
        private int connection;
        private int snapshots;
        private int transactions;
        private String key;
        private String path;
        private int season;
        private int round;
        private String code;
        private String job;
        private String runId;
        private boolean startedSent;
        private long sequence;
        private Instant streamStart;
        private Instant lastFeedTime;
        private Long endsAt;
        private long pendingSince;
        /** Messages the job committed before this run (topic, feed time, text), near their end: received again, they are not sent again. */
        private final java.util.Set<String> committedTail = new java.util.HashSet<>();
        private Snapshot heldSnapshot;
        private boolean sawCommitted;

        Run(Progress progress) {
            this.progress = progress;
        }

        Result go() {
            int failed = 0;
            Duration backoff = FIRST_BACKOFF;
            while (!stopped) {
                int me = ++connection;
                try {
                    client = SignalRClient.connect(request.hub(), request.topics(), listener(me));
                } catch (IOException e) {
                    String why = why(e);
                    if (++failed >= request.maxFailedConnects()) {
                        throw new SourceException(SourceException.Kind.UNREACHABLE, "live timing: " + failed + " connections in a row failed, the last: "
                                + why, e);
                    }
                    progress.disconnected(why, backoff);
                    LOG.warn("live timing: {} (attempt {} of {}); retrying in {} ms", why, failed, request.maxFailedConnects(), backoff.toMillis());
                    pause(backoff);
                    backoff = next(backoff);
                    continue;
                }
                progress.connected(me);
                String reason = listen(me);
                if (reason == null) {
                    return result(Outcome.FINISHED);
                }
                if (reason.startsWith("\u0000")) {
                    return result(Outcome.valueOf(reason.substring(1)));
                }
                if (snapshots > 0) {
                    failed = 0;
                    backoff = FIRST_BACKOFF;
                }
                Duration wait = jitter(backoff);
                progress.disconnected(reason, wait);
                LOG.warn("live timing connection {} ended: {}; reconnecting in {} ms", me, reason, wait.toMillis());
                pause(wait);
                backoff = next(backoff);
            }
            commitPending(false);
            return result(Outcome.STOPPED);
        }

        /** Takes events of connection {@code me} until it closes (the reason), the session ends (null) or the run must end ("\0" + outcome). */
        private String listen(int me) {
            while (true) {
                Event event;
                try {
                    event = events.poll(Math.max(10, request.commitInterval().toMillis() / 2), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                    return "\u0000" + Outcome.STOPPED;
                }
                try {
                    if (event instanceof Closed closed && (closed.connection() == me || closed.connection() == -1)) {
                        if (stopped) {
                            commitPending(false);
                            return "\u0000" + Outcome.STOPPED;
                        }
                        commitPending(false);
                        return closed.reason();
                    }
                    if (event instanceof Snapshot s && s.connection() == me) {
                        snapshots++;
                        take(event);
                    } else if (event instanceof Feed f && f.connection() == me) {
                        take(event);
                    }
                    if (job != null && producer == null) {
                        return "\u0000" + Outcome.ALREADY_FINISHED;
                    }
                    long now = System.nanoTime();
                    if (!pending.isEmpty() && now - pendingSince >= request.commitInterval().toNanos()) {
                        commitPending(false);
                    }
                    if (endsAt != null && now - endsAt >= request.finishGrace().toNanos()) {
                        commitPending(true);
                        keepArchive();
                        return null;
                    }
                } catch (ProducerFencedException | InvalidProducerEpochException e) {
                    LOG.warn("live timing {}: another follower of the session took over (fenced); this one stops", key);
                    pending.clear();
                    return "\u0000" + Outcome.REPLACED;
                }
            }
        }

        private SignalRClient.Listener listener(int me) {
            return new SignalRClient.Listener() {
                @Override
                public void snapshot(Map<String, String> topics) {
                    events.add(new Snapshot(me, topics));
                }

                @Override
                public void feed(String topic, String data, String timestamp) {
                    events.add(new Feed(me, topic, data, timestamp));
                }

                @Override
                public void unreadable(String record, String reason) {
                    LOG.warn("live timing: a hub record that is not JSON was skipped ({}): {}", reason,
                            record.length() > 120 ? record.substring(0, 120) + "..." : record);
                }

                @Override
                public void closed(String reason) {
                    events.add(new Closed(me, reason));
                }
            };
        }

        private void take(Event event) {
            if (job == null) {
                early.add(event);
                Optional<JsonNode> info = sessionInfo(event);
                if (info.isEmpty()) {
                    return;
                }
                name(info.get());
                if (producer == null) {
                    return;
                }
                List<Event> buffered = new ArrayList<>(early);
                early.clear();
                buffered.forEach(this::handle);
                return;
            }
            handle(event);
        }

        private void handle(Event event) {
            if (event instanceof Snapshot s && !committedTail.isEmpty()) {
                // a run resuming a job: its first snapshot may be older than what a fenced follower committed; the next message tells
                heldSnapshot = s;
                sawCommitted = false;
            } else if (event instanceof Snapshot s) {
                snapshot(s);
            } else if (event instanceof Feed f) {
                if (!committedTail.isEmpty() && committedTail.remove(identity(f.topic(), f.timestamp(), f.data()))) {
                    sawCommitted = true;
                    return;
                }
                if (heldSnapshot != null) {
                    if (!sawCommitted) {
                        snapshot(heldSnapshot);
                    }
                    heldSnapshot = null;
                    committedTail.clear();
                }
                add(f.topic(), f.data(), f.timestamp());
            }
        }

        /** A topic never sent goes whole, verbatim; a known one as the difference from the state sent, if any. */
        private void snapshot(Snapshot s) {
            Instant at = snapshotTime(s.topics());
            int whole = 0;
            int differences = 0;
            for (Map.Entry<String, String> topic : s.topics().entrySet()) {
                boolean known = state.has(topic.getKey());
                Optional<String> message = known ? state.difference(topic.getKey(), topic.getValue()) : Optional.of(topic.getValue());
                if (message.isPresent()) {
                    if (known) {
                        differences++;
                    } else {
                        whole++;
                    }
                    add(topic.getKey(), message.get(), at == null ? null : at.toString());
                }
            }
            LOG.info("live timing {}: snapshot of {} topics: {} sent whole, {} as differences from what was sent", key, s.topics().size(), whole, differences);
        }

        private void add(String topic, String message, String timestamp) {
            Instant at = parse(timestamp);
            if (at != null) {
                if (streamStart == null) {
                    streamStart = at;
                }
                if (lastFeedTime == null || at.isAfter(lastFeedTime)) {
                    lastFeedTime = at;
                }
            }
            RawLiveTiming value = RawLiveTiming.newBuilder()
                    .setSource(SOURCE).setSeason(season).setRound(round).setSession(code)
                    .setTopic(topic).setMessage(message).setFeedTimestamp(timestamp)
                    .setStreamOffsetMs(at == null || streamStart == null ? null : at.toEpochMilli() - streamStart.toEpochMilli())
                    .setSequence(sequence++)
                    .build();
            if (pending.isEmpty()) {
                pendingSince = System.nanoTime();
            }
            pending.add(value);
            state.apply(topic, message);
            if ("SessionStatus".equals(topic) && endsAt == null && "Ends".equals(FeedState.parse(message) == null ? null
                    : state.get("SessionStatus").path("Status").asText(null))) {
                LOG.info("live timing {}: SessionStatus Ends; finishing in {} ms", key, request.finishGrace().toMillis());
                endsAt = System.nanoTime();
            }
        }

        /** Names the session, fences other followers of it, and reads back what this job committed before. */
        private void name(JsonNode info) {
            WeekendNaming.Named named = naming.name(info);
            if (!request.session().equals("latest") && !request.session().equals(info.path("Key").asText())) {
                throw new SourceException(SourceException.Kind.NOT_FOUND, "the live-timing feed is on session " + info.path("Key").asText()
                        + " (" + named.path() + "), not " + request.session());
            }
            season = named.season();
            round = named.round();
            code = named.code();
            path = named.path();
            key = RecordKeys.session(season, round, code);
            job = "livetiming-live/" + key;
            producer = new TransactionalProducer(kafkaProps, "pitwall-livetiming-live-" + key.replace('/', '-'), TRANSACTION_TIMEOUT);
            // fences an older follower of this session and aborts what a killed one left open, before reading back
            producer.initialise();
            Optional<ProducerCheckpoint> previous = ReplayCheckpoints.latest(kafkaProps, job);
            if (previous.isPresent() && previous.get().getFinished()) {
                LOG.info("live timing {} ({}): job {} already finished, nothing to follow", key, path, job);
                previous.get().getSent().forEach(sentTotal::put);
                producer.close();
                producer = null;
                return;
            }
            runId = previous.map(ProducerCheckpoint::getRunId).orElse(UUID.randomUUID().toString());
            startedSent = previous.isPresent();
            if (previous.isPresent()) {
                Map<String, String> cursors = previous.get().getCursors();
                streamStart = parse(cursors.get("streamStart"));
                for (RawLiveTiming m : CommittedMessages.read(kafkaProps, season, round, code, SOURCE)) {
                    all.add(m);
                    state.apply(m.getTopic(), m.getMessage());
                    sentTotal.merge(m.getTopic(), 1L, Long::sum);
                    sequence = Math.max(sequence, m.getSequence() == null ? 0 : m.getSequence() + 1);
                    Instant at = parse(m.getFeedTimestamp());
                    if (at != null && (lastFeedTime == null || at.isAfter(lastFeedTime))) {
                        lastFeedTime = at;
                    }
                }
                Instant tailFrom = lastFeedTime == null ? null : lastFeedTime.minusSeconds(60);
                for (RawLiveTiming m : all) {
                    Instant at = parse(m.getFeedTimestamp());
                    if (at != null && !at.isBefore(tailFrom)) {
                        committedTail.add(identity(m.getTopic(), m.getFeedTimestamp(), m.getMessage()));
                    }
                }
                LOG.info("live timing {} ({}): resuming job {} after {} committed messages", key, path, job, all.size());
            } else {
                LOG.info("live timing {} ({}): following as job {}", key, path, job);
            }
            progress.named(key, path, previous.isPresent());
        }

        private Optional<JsonNode> sessionInfo(Event event) {
            String text = null;
            if (event instanceof Snapshot s) {
                text = s.topics().get("SessionInfo");
            } else if (event instanceof Feed f && "SessionInfo".equals(f.topic())) {
                text = f.data();
            }
            JsonNode info = FeedState.parse(text);
            return info != null && info.isObject() && info.hasNonNull("StartDate") ? Optional.of(info) : Optional.empty();
        }

        /** A snapshot carries no time of its own: the Heartbeat in it, else the newest feed time known. */
        private Instant snapshotTime(Map<String, String> topics) {
            JsonNode beat = FeedState.parse(topics.get("Heartbeat"));
            Instant at = beat == null ? null : parse(beat.path("Utc").asText(null));
            return at != null ? at : lastFeedTime;
        }

        private void commitPending(boolean finished) {
            if (producer == null || (pending.isEmpty() && !finished && startedSent)) {
                return;
            }
            Map<String, Long> total = new TreeMap<>(sentTotal);
            pending.forEach(m -> total.merge(m.getTopic(), 1L, Long::sum));
            Map<String, String> cursors = new LinkedHashMap<>();
            if (streamStart != null) {
                cursors.put("streamStart", streamStart.toString());
            }
            cursors.put("sequence", Long.toString(sequence));
            cursors.put("path", path);
            ProducerCheckpoint checkpoint = ProducerCheckpoint.newBuilder()
                    .setJob(job).setRunId(runId)
                    .setCompletedRounds(List.of()).setCompletedSessions(finished ? List.of(key) : List.of())
                    .setOpenSession(finished ? null : key).setOpenSessionLaps(0)
                    .setFinished(finished).setUpdatedAtMs(System.currentTimeMillis())
                    .setCursors(cursors).setSent(new LinkedHashMap<>(total))
                    .build();
            List<RawLiveTiming> batch = List.copyOf(pending);
            boolean started = !startedSent;
            producer.commit(send -> {
                if (started) {
                    send.accept(new ProducerRecord<>(Topics.CONTROL, key, EVENTS.encode(Topics.CONTROL, event(SessionEventType.STARTED, Map.of()))));
                }
                for (RawLiveTiming m : batch) {
                    send.accept(new ProducerRecord<>(Topics.RAW_LIVETIMING, RecordKeys.liveTiming(season, round, code, m.getTopic()),
                            RAW.encode(Topics.RAW_LIVETIMING, m)));
                }
                if (finished) {
                    send.accept(new ProducerRecord<>(Topics.CONTROL, key, EVENTS.encode(Topics.CONTROL,
                            event(SessionEventType.FINISHED, LiveTimingTables.expected(total)))));
                }
            }, checkpoint);
            startedSent = true;
            transactions++;
            all.addAll(batch);
            batch.forEach(m -> sentThisRun.merge(m.getTopic(), 1L, Long::sum));
            sentTotal.clear();
            sentTotal.putAll(total);
            pending.clear();
            progress.committed(sentTotal);
            if (finished) {
                LOG.info("live timing {}: FINISHED after {} messages ({} this run, {} transactions)", key, all.size(),
                        sentThisRun.values().stream().mapToLong(Long::longValue).sum(), transactions);
            }
        }

        private SessionEvent event(SessionEventType type, Map<String, Long> expected) {
            return new SessionEvent(season, round, code, type, SOURCE, runId, expected, System.currentTimeMillis());
        }

        /** The followed session in the static archive's layout, so it replays exactly later. */
        private void keepArchive() {
            if (request.archiveDir() == null || path == null) {
                return;
            }
            Map<String, StringBuilder> streams = new LinkedHashMap<>();
            for (RawLiveTiming m : all) {
                StringBuilder text = streams.computeIfAbsent(m.getTopic(), t -> new StringBuilder("\uFEFF"));
                long offset = Math.max(0, m.getStreamOffsetMs() == null ? 0 : m.getStreamOffsetMs());
                text.append(String.format("%02d:%02d:%02d.%03d", offset / 3_600_000, offset / 60_000 % 60, offset / 1_000 % 60, offset % 1_000))
                        .append(m.getMessage()).append("\r\n");
            }
            Path dir = request.archiveDir().resolve("livetiming").resolve(path);
            streams.forEach((topic, text) -> RawArchiveWriter.write(dir.resolve(topic + ".jsonStream"), text.toString().getBytes(StandardCharsets.UTF_8)));
            LOG.info("live timing {}: {} topics kept under {}", key, streams.size(), dir);
        }

        private Result result(Outcome outcome) {
            return new Result(outcome, key, path, Map.copyOf(sentThisRun), Map.copyOf(sentTotal), snapshots, transactions);
        }

        void close() {
            if (client != null) {
                client.close();
            }
            if (producer != null) {
                producer.close();
            }
        }
    }

    private static String identity(String topic, String timestamp, String message) {
        return topic + '\u0000' + timestamp + '\u0000' + message;
    }

    private void pause(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (!stopped && System.nanoTime() < until) {
            try {
                Event e = events.poll(Math.max(1, (until - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (e instanceof Closed c && c.connection() == -1) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
    }

    private Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(request.maxBackoff()) > 0 ? request.maxBackoff() : doubled;
    }

    private static Duration jitter(Duration d) {
        return d.plusMillis(ThreadLocalRandom.current().nextLong(Math.max(1, d.toMillis() / 4)));
    }

    private static Instant parse(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(timestamp.endsWith("Z") || timestamp.contains("+") ? timestamp : timestamp + "Z");
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Season, round, code and archive path of the session a SessionInfo describes. */
    private final class WeekendNaming {
        record Named(int season, int round, String code, String path) {}

        private final RaceWeekends weekends = new RaceWeekends(request.schedule());

        Named name(JsonNode info) {
            String start = info.path("StartDate").asText("");
            String day = start.length() >= 10 ? start.substring(0, 10) : null;
            String name = info.path("Name").asText("");
            String type = info.path("Type").asText("");
            String meeting = info.path("Meeting").path("Name").asText("");
            if (day == null) {
                throw new SourceException(SourceException.Kind.NOT_FOUND, "live-timing SessionInfo has no StartDate: " + info);
            }
            int season = Integer.parseInt(day.substring(0, 4));
            String code = SessionResolver.sessionCode(name, type).orElseThrow(() -> new SourceException(SourceException.Kind.NOT_FOUND,
                    "the live-timing session \"" + name + "\" (" + type + ") has no pitwall session code"));
            Integer round = weekends.roundOf(season, day);
            if (round == null) {
                throw new SourceException(SourceException.Kind.NOT_FOUND, "the live-timing session " + meeting + " " + name + " on " + day
                        + " falls in no race weekend of the " + season + " schedule at " + weekends.location(season));
            }
            String path = info.path("Path").asText("");
            if (path.isEmpty()) {
                path = season + "/" + meeting.replace(' ', '_') + "/" + day + "_" + name.replace(' ', '_') + "/";
            }
            return new Named(season, round, code, path);
        }
    }

    /** An I/O failure in words: java.net.http's ConnectException has no message of its own. */
    static String why(IOException e) {
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        Throwable cause = e.getCause();
        String name = e.getClass().getSimpleName();
        return cause != null && cause.getMessage() != null ? name + ": " + cause.getMessage()
                : name.equals("ConnectException") ? "connection refused" : name;
    }
}

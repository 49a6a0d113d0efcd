package dev.pitwall.producer.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.archive.RawArchiveWriter;
import dev.pitwall.producer.openf1.HttpOpenF1Source;
import dev.pitwall.producer.openf1.OpenF1ArchiveLayout;
import dev.pitwall.producer.openf1.OpenF1Client;
import dev.pitwall.producer.openf1.OpenF1Client.Param;
import dev.pitwall.producer.openf1.OpenF1Dates;
import dev.pitwall.producer.openf1.OpenF1Endpoint;
import dev.pitwall.producer.openf1.OpenF1Publisher;
import dev.pitwall.producer.openf1.OpenF1Record;
import dev.pitwall.producer.openf1.OpenF1Session;
import dev.pitwall.producer.openf1.ResolvedSession;
import dev.pitwall.producer.openf1.SessionResolver;
import dev.pitwall.producer.replay.CheckpointReader;
import dev.pitwall.producer.source.SourceException;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one OpenF1 session while it runs ({@code pitwall live}) and writes what appears into the
 * raw OpenF1 topics, resumably.
 *
 * <p>Each poll asks every endpoint for objects newer than its cursor minus an overlap window
 * ({@code date_start>} for laps, {@code date>} for pit, weather and race control; stints have no time
 * and are read whole), because OpenF1 fills in a lap's duration after the lap started and stints
 * grow. An object is sent again only when its content differs from what this process already sent.
 * A poll that found anything is one Kafka transaction: the records plus the checkpoint of job
 * {@code live/<session_key>} (cursors = newest date committed per endpoint, sent = records committed
 * per table). Once the clock is past the session's {@code date_end} plus the grace, each poll re-reads
 * every endpoint whole (objects OpenF1 serves without a time, e.g. a lap without {@code date_start},
 * are only found that way); the first such sweep that brings nothing new ends the session with
 * FINISHED, whose expected counts are the job's cumulative committed counts, and a finished checkpoint.
 *
 * <p>A killed follower restarted with the same command resumes from the committed cursors: objects
 * within the overlap window are sent again (Streams drops exact duplicates). Every instance uses its
 * own transactional id with a short transaction timeout, so two followers may run at once; before each
 * commit a follower reads the job's latest checkpoint and never writes counts or cursors below it.
 */
public final class LiveFollower {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFollower.class);
    /** How long a killed follower's open transaction can hold back read_committed readers. */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);
    /** How long reading the job's checkpoints up to their end may take before a commit. */
    private static final Duration CHECKPOINT_READ_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_FAILED_POLLS = 5;
    static final String SOURCE = "openf1";

    private final Map<String, Object> kafkaProps;
    private final LiveRequest request;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile boolean stopped;

    public LiveFollower(Map<String, Object> kafkaProps, LiveRequest request) {
        this.kafkaProps = Map.copyOf(kafkaProps);
        this.request = request;
    }

    /** Ends {@link #run()} after the transaction in flight, if any; a poll not yet committed is dropped. Any thread. */
    public void stop() {
        stopped = true;
        stopSignal.countDown();
    }

    public LiveResult run() {
        return run(LiveProgress.NONE);
    }

    /**
     * Blocks until the session is over (FINISHED sent), was already finished, or {@link #stop()}.
     *
     * @throws SourceException when the session cannot be found or named, or OpenF1 fails {@value #MAX_FAILED_POLLS} polls in a row
     */
    public LiveResult run(LiveProgress progress) {
        ResolvedSession session = resolve();
        String job = "live/" + session.sessionKey();
        try (CheckpointReader tail = new CheckpointReader(kafkaProps, job, CHECKPOINT_READ_TIMEOUT)) {
            Optional<ProducerCheckpoint> start = tail.latest();
            if (start.isPresent() && start.get().getFinished()) {
                LOG.info("{}: job {} already finished, nothing to follow", session, job);
                return new LiveResult(session, LiveResult.Outcome.ALREADY_FINISHED, 0, 0, Map.of(), start.get().getSent());
            }
            return new Run(session, job, tail, start, progress).go();
        }
    }

    private ResolvedSession resolve() {
        OpenF1Client.Response answer = request.client().get("sessions", List.of(Param.eq("session_key", request.session())));
        if (answer.objects().isEmpty()) {
            throw new SourceException(SourceException.Kind.NOT_FOUND, "OpenF1 has no session " + request.session() + " at " + answer.url());
        }
        OpenF1Session session = OpenF1Session.from(answer.objects().get(answer.objects().size() - 1), answer.url());
        return new SessionResolver(request.schedule()).resolve(session);
    }

    /** One run's state: what it committed and what it remembers having sent. */
    private final class Run {
        private final ResolvedSession session;
        private final String job;
        private final CheckpointReader tail;
        private final LiveProgress progress;
        private final boolean fresh;
        private final String runId;
        private final Instant sessionEnd;
        private final Map<OpenF1Endpoint, Instant> cursors = new EnumMap<>(OpenF1Endpoint.class);
        private final Map<OpenF1Endpoint, String> cursorTexts = new EnumMap<>(OpenF1Endpoint.class);
        private final Map<OpenF1Endpoint, Instant> startCursors = new EnumMap<>(OpenF1Endpoint.class);
        private final Map<String, Long> committedSent = new LinkedHashMap<>();
        private final Map<String, Long> sentThisRun = new LinkedHashMap<>();
        private final Set<String> sentContent = new HashSet<>();
        private int polls;
        private int transactions;

        Run(ResolvedSession session, String job, CheckpointReader tail, Optional<ProducerCheckpoint> start, LiveProgress progress) {
            this.session = session;
            this.job = job;
            this.tail = tail;
            this.progress = progress;
            this.fresh = start.isEmpty();
            this.runId = start.map(ProducerCheckpoint::getRunId).orElse(UUID.randomUUID().toString());
            OpenF1Session meta = session.openF1();
            this.sessionEnd = meta.dateEnd() != null ? meta.dateEnd()
                    : meta.dateStart() != null ? meta.dateStart().plus(Duration.ofHours(3)) : Instant.EPOCH;
            for (OpenF1Endpoint endpoint : OpenF1Endpoint.values()) {
                committedSent.put(endpoint.table(), 0L);
                sentThisRun.put(endpoint.table(), 0L);
            }
            start.ifPresent(checkpoint -> {
                checkpoint.getSent().forEach((table, count) -> committedSent.merge(table, count, Math::max));
                checkpoint.getCursors().forEach((path, text) -> {
                    OpenF1Endpoint endpoint = OpenF1Endpoint.ofPath(path);
                    Instant at = OpenF1Dates.parse(text);
                    cursors.put(endpoint, at);
                    cursorTexts.put(endpoint, text);
                    startCursors.put(endpoint, at);
                });
            });
        }

        LiveResult go() {
            String transactionalId = "pitwall-live-" + session.sessionKey() + "-" + UUID.randomUUID().toString().substring(0, 8);
            LOG.info("following {} as job {} ({} run, transactional id {}, polling every {} ms, ends after {} + {})", session, job,
                    fresh ? "a new" : "a resumed", transactionalId, request.pollInterval().toMillis(), sessionEnd, request.finishGrace());
            try (OpenF1Publisher publisher = new OpenF1Publisher(kafkaProps, transactionalId, TRANSACTION_TIMEOUT)) {
                publisher.initialise();
                if (fresh && !stopped) {
                    commit(publisher, true, List.of(), Map.of(), false);
                }
                int failedPolls = 0;
                while (!stopped) {
                    Instant now = request.clock().instant();
                    boolean sweep = now.isAfter(sessionEnd.plus(request.finishGrace()));
                    Poll poll;
                    long t0 = System.nanoTime();
                    try {
                        poll = poll(sweep);
                        failedPolls = 0;
                    } catch (SourceException e) {
                        if (++failedPolls >= MAX_FAILED_POLLS) {
                            throw e;
                        }
                        LOG.warn("poll failed ({} of {} in a row): {}", failedPolls, MAX_FAILED_POLLS, e.getMessage());
                        pause();
                        continue;
                    }
                    polls++;
                    if (stopped) {
                        break;
                    }
                    if (!poll.records.isEmpty()) {
                        long t1 = System.nanoTime();
                        commit(publisher, false, poll.records, poll.newest, false);
                        LOG.info("poll {}{}: committed {} (fetched in {} ms, committed in {} ms)", polls, sweep ? " (sweep)" : "",
                                poll.counts(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
                    } else {
                        LOG.debug("poll {}{}: nothing new", polls, sweep ? " (sweep)" : "");
                    }
                    progress.polled(polls, now, poll.counts(), sweep);
                    if (sweep && poll.records.isEmpty()) {
                        finish(publisher, poll);
                        return result(LiveResult.Outcome.FINISHED);
                    }
                    pause();
                }
            }
            LOG.info("{}: stopped after {} polls, {} transactions, sent {}", session, polls, transactions, sentThisRun);
            return result(LiveResult.Outcome.STOPPED);
        }

        private LiveResult result(LiveResult.Outcome outcome) {
            return new LiveResult(session, outcome, polls, transactions, sentThisRun, committedSent);
        }

        private void pause() {
            try {
                stopSignal.await(request.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
            }
        }

        private Poll poll(boolean sweep) {
            Poll poll = new Poll();
            for (OpenF1Endpoint endpoint : OpenF1Endpoint.values()) {
                List<Param> params = new ArrayList<>();
                params.add(Param.eq("session_key", session.sessionKey()));
                Instant cursor = cursors.get(endpoint);
                if (!sweep && endpoint.dateField() != null && cursor != null) {
                    params.add(Param.after(endpoint.dateField(), cursor.minus(request.overlap())));
                }
                OpenF1Client.Response answer = request.client().get(endpoint.path(), params);
                poll.answers.put(endpoint, answer);
                Instant startCursor = startCursors.get(endpoint);
                Instant oldestToSend = startCursor == null ? null : startCursor.minus(request.overlap());
                for (JsonNode object : answer.objects()) {
                    String date = endpoint.date(object);
                    Instant at = parseOrNull(date);
                    if (at != null && (poll.newestAt.get(endpoint) == null || at.isAfter(poll.newestAt.get(endpoint)))) {
                        poll.newestAt.put(endpoint, at);
                        poll.newest.put(endpoint, date);
                    }
                    // objects this job committed before this process started (a resumed run's sweep)
                    if (oldestToSend != null && at != null && at.isBefore(oldestToSend)) {
                        continue;
                    }
                    OpenF1Record record = OpenF1Record.of(session, endpoint, object, SOURCE);
                    if (!sentContent.contains(content(record))) {
                        poll.records.add(record);
                    }
                }
            }
            return poll;
        }

        private void finish(OpenF1Publisher publisher, Poll lastSweep) {
            Optional<ProducerCheckpoint> remote = tail.latest();
            if (remote.isPresent() && remote.get().getFinished()) {
                remote.get().getSent().forEach((table, count) -> committedSent.merge(table, count, Math::max));
                LOG.info("{}: another follower already sent FINISHED for job {}", session, job);
            } else {
                commit(publisher, false, List.of(), Map.of(), true);
                LOG.info("{}: FINISHED after {} polls, {} transactions; this run sent {}, the job {}", session, polls,
                        transactions, sentThisRun, committedSent);
            }
            if (request.archiveDir() != null) {
                lastSweep.answers.forEach((endpoint, answer) -> RawArchiveWriter.write(
                        OpenF1ArchiveLayout.endpoint(request.archiveDir(), session.sessionKey(), endpoint), answer.body()));
                new HttpOpenF1Source(request.client(), request.archiveDir()).session(session.sessionKey());
            }
        }

        /** One transaction: counts and cursors never go below what the job's latest checkpoint says. */
        private void commit(OpenF1Publisher publisher, boolean started, List<OpenF1Record> records,
                            Map<OpenF1Endpoint, String> newest, boolean finished) {
            Optional<ProducerCheckpoint> remote = tail.latest();
            Map<String, Long> sent = new LinkedHashMap<>(committedSent);
            remote.ifPresent(checkpoint -> checkpoint.getSent().forEach((table, count) -> sent.merge(table, count, Math::max)));
            Map<String, Long> counts = new LinkedHashMap<>();
            for (OpenF1Record record : records) {
                counts.merge(record.endpoint().table(), 1L, Long::sum);
            }
            counts.forEach((table, count) -> sent.merge(table, count, Long::sum));

            Map<OpenF1Endpoint, Instant> nextCursors = new EnumMap<>(cursors);
            Map<OpenF1Endpoint, String> nextTexts = new EnumMap<>(cursorTexts);
            newest.forEach((endpoint, text) -> advance(nextCursors, nextTexts, endpoint, text));
            Map<String, String> checkpointCursors = new LinkedHashMap<>();
            nextTexts.forEach((endpoint, text) -> checkpointCursors.put(endpoint.path(), text));
            remote.ifPresent(checkpoint -> checkpoint.getCursors().forEach((path, text) -> {
                String mine = checkpointCursors.get(path);
                if (mine == null || OpenF1Dates.parse(text).isAfter(OpenF1Dates.parse(mine))) {
                    checkpointCursors.put(path, text);
                }
            }));

            ProducerCheckpoint checkpoint = ProducerCheckpoint.newBuilder()
                    .setJob(job).setRunId(runId)
                    .setCompletedRounds(List.of())
                    .setCompletedSessions(finished ? List.of(session.key()) : List.of())
                    .setOpenSession(finished ? null : session.key()).setOpenSessionLaps(0)
                    .setFinished(finished).setUpdatedAtMs(System.currentTimeMillis())
                    .setCursors(checkpointCursors).setSent(sent)
                    .build();
            publisher.commit(new OpenF1Publisher.Transaction(session, SOURCE, runId, started, records,
                    finished ? new LinkedHashMap<>(sent) : null, checkpoint));

            transactions++;
            committedSent.clear();
            committedSent.putAll(sent);
            counts.forEach((table, count) -> sentThisRun.merge(table, count, Long::sum));
            records.forEach(record -> sentContent.add(content(record)));
            cursors.clear();
            cursors.putAll(nextCursors);
            cursorTexts.clear();
            cursorTexts.putAll(nextTexts);
        }

        private void advance(Map<OpenF1Endpoint, Instant> at, Map<OpenF1Endpoint, String> texts, OpenF1Endpoint endpoint, String text) {
            Instant candidate = OpenF1Dates.parse(text);
            Instant current = at.get(endpoint);
            if (current == null || candidate.isAfter(current)) {
                at.put(endpoint, candidate);
                texts.put(endpoint, text);
            }
        }
    }

    /** What one poll found: new or changed records, the newest time per endpoint, and the raw answers. */
    private static final class Poll {
        final List<OpenF1Record> records = new ArrayList<>();
        final Map<OpenF1Endpoint, Instant> newestAt = new EnumMap<>(OpenF1Endpoint.class);
        final Map<OpenF1Endpoint, String> newest = new EnumMap<>(OpenF1Endpoint.class);
        final Map<OpenF1Endpoint, OpenF1Client.Response> answers = new EnumMap<>(OpenF1Endpoint.class);

        Map<String, Integer> counts() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            records.forEach(record -> counts.merge(record.endpoint().path(), 1, Integer::sum));
            return counts;
        }
    }

    private static String content(OpenF1Record record) {
        return record.endpoint().path() + '\u0000' + record.key() + '\u0000' + record.value().getPayload();
    }

    private static Instant parseOrNull(String date) {
        try {
            return OpenF1Dates.parse(date);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

package dev.pitwall.producer.replay;

import dev.pitwall.producer.archive.ArchiveFirstSource;
import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.http.ClientSettings;
import dev.pitwall.producer.jolpica.JolpicaClient;
import dev.pitwall.producer.jolpica.JolpicaHttpSource;
import dev.pitwall.producer.jolpica.SessionRecords;
import dev.pitwall.producer.jolpica.WeekendReader;
import dev.pitwall.producer.source.RaceSource;
import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.avro.RawLap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a season (or one round) from Jolpica or a raw archive into the raw topics. At full speed a
 * session is one Kafka transaction; with a speed factor a race's laps go out on their real timeline,
 * one transaction per lap group. Every transaction also writes the job's checkpoint, so a replay
 * killed at any instant and run again with the same transactional id and job resumes: completed
 * sessions are skipped, the interrupted one continues from its last committed part (its open
 * transaction is aborted and left nothing). Source errors surface as
 * {@link dev.pitwall.producer.source.SourceException} before anything of the failing session is committed.
 */
public final class SeasonReplayer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SeasonReplayer.class);

    private final Map<String, Object> kafkaProps;
    private final SessionPublisher publisher;
    private final ClientSettings clientSettings;

    /** @param kafkaProps producer properties, at least {@code bootstrap.servers}; delivery settings are fixed here */
    public SeasonReplayer(Map<String, Object> kafkaProps, String transactionalId) {
        this(kafkaProps, transactionalId, ClientSettings.jolpica());
    }

    /** @param clientSettings rate limits, timeouts and retries for requests to Jolpica */
    public SeasonReplayer(Map<String, Object> kafkaProps, String transactionalId, ClientSettings clientSettings) {
        this.kafkaProps = Map.copyOf(kafkaProps);
        this.publisher = new SessionPublisher(kafkaProps, transactionalId);
        this.clientSettings = clientSettings;
    }

    public ReplayResult replay(ReplayRequest request, ReplayProgress progress) {
        ReplayProgress listener = progress == null ? ReplayProgress.NONE : progress;
        // first fence any killed predecessor: its open transaction is aborted before the checkpoint is read
        publisher.initialise();
        JobState job = JobState.from(request.job(), ReplayCheckpoints.latest(kafkaProps, request.job()));
        if (job.resumed) {
            LOG.info("resuming replay job {} (run {}): {} rounds and {} sessions already produced",
                    job.job, job.runId, job.roundsDone(), job.sessionsDone());
        }
        int season = request.season();
        Totals totals = new Totals();
        try (RaceSource source = new ObservedSource(open(request), listener)) {
            WeekendReader reader = new WeekendReader(source);
            List<Integer> rounds = request.round() == null ? reader.rounds(season) : List.of(request.round());
            listener.roundsPlanned(season, rounds.size(), (int) rounds.stream().filter(job::roundDone).count());
            for (int round : rounds) {
                if (!job.roundDone(round)) {
                    replayRound(request, source, reader, round, job, listener, totals);
                }
                listener.roundDone(season, round);
            }
        }
        publisher.commit(job.finished());
        return new ReplayResult(totals.rounds, totals.sessions, totals.results, totals.laps,
                totals.qualifying, totals.pitStops, totals.driverStandings, totals.constructorStandings);
    }

    private void replayRound(ReplayRequest request, RaceSource source, WeekendReader reader, int round, JobState job,
                             ReplayProgress listener, Totals totals) {
        int season = request.season();
        List<SessionRecords> weekend = reader.weekend(season, round, request.round() != null);
        if (weekend.isEmpty()) {
            LOG.info("season {} round {}: no results in {} yet, skipped", season, round, source.name());
            return;
        }
        totals.rounds++;
        for (int i = 0; i < weekend.size(); i++) {
            SessionRecords session = weekend.get(i);
            String key = RecordKeys.session(season, round, session.session());
            if (job.sessionDone(key)) {
                continue;
            }
            boolean lastOfRound = i == weekend.size() - 1;
            long started = System.nanoTime();
            long lapsBefore = job.lapsAlreadySent(key);
            int transactions = request.speed() == null && lapsBefore == 0
                    ? sendWhole(session, key, lastOfRound, source.name(), job, listener)
                    : sendPaced(session, key, lastOfRound, request.speed(), lapsBefore, source.name(), job, listener);
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            long lapsNow = session.laps().size() - lapsBefore;
            LOG.info("produced {} from {}: {} ({} laps now) in {} transaction(s), {} ms",
                    key, source.name(), session.expected(), lapsNow, transactions, elapsedMs);
            totals.sessions++;
            totals.results += session.results().size();
            totals.laps += lapsNow;
            totals.qualifying += session.qualifying().size();
            totals.pitStops += session.pitStops().size();
            totals.driverStandings += session.driverStandings().size();
            totals.constructorStandings += session.constructorStandings().size();
            listener.sessionProduced(season, round, session.session(), session.results().size(), session.laps().size());
            listener.sessionTables(season, round, session.session(), session.expected());
        }
    }

    private int sendWhole(SessionRecords session, String key, boolean lastOfRound, String source, JobState job, ReplayProgress listener) {
        publisher.commit(session, SessionPublisher.Part.whole(session), source, job.runId,
                job.sessionSent(key, session.round(), lastOfRound));
        listener.recordsCommitted(session.season(), session.round(), session.session(), session.records());
        return 1;
    }

    /**
     * Sends the laps not yet committed one lap group per transaction, each when its moment on the
     * day's clock (divided by the speed) has come, then results, pit stops, standings and FINISHED. Without a speed (a paced
     * run resumed at full speed) the remaining groups go out back to back.
     */
    private int sendPaced(SessionRecords session, String key, boolean lastOfRound, Double speed, long lapsBefore,
                          String source, JobState job, ReplayProgress listener) {
        List<LapTimeline.LapGroup> groups = LapTimeline.groups(session.laps());
        long sent = 0;
        int transactions = 0;
        long clockStart = System.nanoTime();
        Long firstDueMs = null;
        for (LapTimeline.LapGroup group : groups) {
            if (sent + group.laps().size() <= lapsBefore) {
                sent += group.laps().size();
                continue;
            }
            List<RawLap> laps = group.laps();
            if (sent < lapsBefore) {
                // a group boundary that moved (other order than the interrupted run): send only what is left
                laps = laps.subList((int) (lapsBefore - sent), laps.size());
                sent = lapsBefore;
            }
            if (speed != null) {
                // resuming starts the clock at the first group still to send, not at the start of the race
                firstDueMs = firstDueMs == null ? group.atMs() : firstDueMs;
                waitUntil(clockStart + (long) ((group.atMs() - firstDueMs) * 1_000_000L / speed));
            }
            boolean first = sent == 0;
            sent += laps.size();
            publisher.commit(session, new SessionPublisher.Part(first, List.of(), laps, false), source, job.runId, job.partSent(key, sent));
            listener.recordsCommitted(session.season(), session.round(), session.session(), laps.size());
            transactions++;
        }
        SessionPublisher.Part last = SessionPublisher.Part.allButLaps(session, sent == 0);
        publisher.commit(session, last, source, job.runId, job.sessionSent(key, session.round(), lastOfRound));
        listener.recordsCommitted(session.season(), session.round(), session.session(), last.records());
        return transactions + 1;
    }

    private static void waitUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait <= 0) {
            return;
        }
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pacing the replay", e);
        }
    }

    private RaceSource open(ReplayRequest request) {
        if (request.archiveDir() != null) {
            return new RawArchiveSource(request.archiveDir());
        }
        JolpicaHttpSource api = new JolpicaHttpSource(request.jolpicaUrl(), request.archiveWriteDir(), new JolpicaClient(clientSettings));
        if (request.archiveWriteDir() == null || request.refresh()) {
            return api;
        }
        return new ArchiveFirstSource(new RawArchiveSource(request.archiveWriteDir()), api);
    }

    private static final class Totals {
        int rounds;
        int sessions;
        long results;
        long laps;
        long qualifying;
        long pitStops;
        long driverStandings;
        long constructorStandings;
    }

    @Override
    public void close() {
        publisher.close();
    }
}

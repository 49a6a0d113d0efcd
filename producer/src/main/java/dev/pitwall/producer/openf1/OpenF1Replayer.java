package dev.pitwall.producer.openf1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.replay.ReplayCheckpoints;
import dev.pitwall.producer.source.SourceException;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays finished OpenF1 sessions into the raw OpenF1 topics. Each session is ONE transaction:
 * STARTED, every object of the five endpoints, FINISHED (with the count per table) and the finished
 * checkpoint of job {@code openf1/<session_key>}. A session whose job already finished is skipped,
 * so running the same replay again sends nothing new.
 */
public final class OpenF1Replayer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenF1Replayer.class);

    private final Map<String, Object> kafkaProps;
    private final OpenF1Source source;
    private final SessionResolver resolver;
    private final OpenF1Publisher publisher;

    /**
     * @param transactionalId the producer's transactional id; reuse it across runs of the same replay
     * @param resolver names OpenF1 sessions by the Jolpica schedule (season, round, session code)
     */
    public OpenF1Replayer(Map<String, Object> kafkaProps, String transactionalId, OpenF1Source source, SessionResolver resolver) {
        this.kafkaProps = Map.copyOf(kafkaProps);
        this.source = source;
        this.resolver = resolver;
        this.publisher = new OpenF1Publisher(kafkaProps, transactionalId, null);
    }

    /** @throws SourceException NOT_FOUND when the source has no metadata for the session or it cannot be named */
    public OpenF1ReplayResult replaySession(int sessionKey) {
        OpenF1Session session = source.session(sessionKey).orElseThrow(() -> new SourceException(SourceException.Kind.NOT_FOUND,
                "OpenF1 session " + sessionKey + " is unknown to " + source.name() + " (" + source
                        + "): its metadata from a sessions listing is needed to name it"));
        return new OpenF1ReplayResult(List.of(replay(resolver.resolve(session))), null);
    }

    /** Every session of the weekend the source lists; nothing (with a one-line note) when it lists none. */
    public OpenF1ReplayResult replayWeekend(int season, int round) {
        List<OpenF1Session> listed = source.sessions(season);
        if (listed.isEmpty()) {
            String note = "no OpenF1 sessions listed for " + season + " at " + source.sessionsLocation(season) + ": nothing to replay";
            LOG.warn(note);
            return new OpenF1ReplayResult(List.of(), note);
        }
        List<ResolvedSession> weekend = new ArrayList<>();
        for (OpenF1Session session : listed) {
            try {
                if (session.dateEnd() != null && session.dateEnd().isAfter(Instant.now())) {
                    // listed ahead of time but not run yet: replaying it now would mark it done with no data
                    LOG.info("skipping OpenF1 session {}: it ends {}, in the future (follow it with `pitwall live`)",
                            session.sessionKey(), session.dateEnd());
                    continue;
                }
                ResolvedSession resolved = resolver.resolve(session);
                if (resolved.round() == round) {
                    weekend.add(resolved);
                }
            } catch (SourceException e) {
                LOG.info("skipping OpenF1 session {}: {}", session.sessionKey(), e.getMessage());
            }
        }
        if (weekend.isEmpty()) {
            String note = "none of the " + listed.size() + " OpenF1 sessions listed at " + source.sessionsLocation(season)
                    + " belongs to " + season + " round " + round + ": nothing to replay";
            LOG.warn(note);
            return new OpenF1ReplayResult(List.of(), note);
        }
        weekend.sort((a, b) -> compareStart(a.openF1().dateStart(), b.openF1().dateStart()));
        List<OpenF1ReplayResult.SessionOutcome> outcomes = new ArrayList<>();
        for (ResolvedSession session : weekend) {
            outcomes.add(replay(session));
        }
        return new OpenF1ReplayResult(outcomes, null);
    }

    private OpenF1ReplayResult.SessionOutcome replay(ResolvedSession session) {
        String job = session.openF1().replayJob();
        publisher.initialise();
        Optional<ProducerCheckpoint> previous = ReplayCheckpoints.latest(kafkaProps, job);
        if (previous.isPresent() && previous.get().getFinished()) {
            LOG.info("{} already replayed (job {} finished): skipped", session, job);
            return new OpenF1ReplayResult.SessionOutcome(session.sessionKey(), session.key(), Map.of(), true);
        }
        List<OpenF1Record> records = new ArrayList<>();
        Map<String, Long> sent = new LinkedHashMap<>();
        Map<String, String> cursors = new LinkedHashMap<>();
        for (OpenF1Endpoint endpoint : OpenF1Endpoint.values()) {
            List<JsonNode> objects = source.records(session.sessionKey(), endpoint);
            Instant newest = null;
            String newestText = null;
            for (JsonNode object : objects) {
                records.add(OpenF1Record.of(session, endpoint, object, source.name()));
                String date = endpoint.date(object);
                Instant at = parseOrNull(date);
                if (at != null && (newest == null || at.isAfter(newest))) {
                    newest = at;
                    newestText = date;
                }
            }
            sent.put(endpoint.table(), (long) objects.size());
            if (newestText != null) {
                cursors.put(endpoint.path(), newestText);
            }
        }
        String runId = UUID.randomUUID().toString();
        ProducerCheckpoint checkpoint = ProducerCheckpoint.newBuilder()
                .setJob(job).setRunId(runId)
                .setCompletedRounds(List.of()).setCompletedSessions(List.of(session.key()))
                .setOpenSession(null).setOpenSessionLaps(0)
                .setFinished(true).setUpdatedAtMs(System.currentTimeMillis())
                .setCursors(cursors).setSent(sent)
                .build();
        publisher.commit(new OpenF1Publisher.Transaction(session, source.name(), runId, true, records, sent, checkpoint));
        LOG.info("{}: committed {} records {}", session, records.size(), sent);
        return new OpenF1ReplayResult.SessionOutcome(session.sessionKey(), session.key(), sent, false);
    }

    private static Instant parseOrNull(String date) {
        try {
            return OpenF1Dates.parse(date);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int compareStart(Instant a, Instant b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return a.compareTo(b);
    }

    @Override
    public void close() {
        publisher.close();
    }
}

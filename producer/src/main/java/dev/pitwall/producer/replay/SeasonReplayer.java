package dev.pitwall.producer.replay;

import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.jolpica.JolpicaHttpSource;
import dev.pitwall.producer.jolpica.SessionRecords;
import dev.pitwall.producer.jolpica.WeekendReader;
import dev.pitwall.producer.source.RaceSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a season (or one round) from Jolpica or a raw archive into the raw topics, one Kafka
 * transaction per session. Source errors surface as {@link dev.pitwall.producer.source.SourceException}
 * before anything of the failing session is committed.
 */
public final class SeasonReplayer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SeasonReplayer.class);

    private final SessionPublisher publisher;

    /** @param kafkaProps producer properties, at least {@code bootstrap.servers}; delivery settings are fixed here */
    public SeasonReplayer(Map<String, Object> kafkaProps, String transactionalId) {
        this.publisher = new SessionPublisher(kafkaProps, transactionalId);
    }

    public ReplayResult replay(ReplayRequest request, ReplayProgress progress) {
        ReplayProgress listener = progress == null ? ReplayProgress.NONE : progress;
        String runId = UUID.randomUUID().toString();
        int season = request.season();
        try (RaceSource source = open(request)) {
            WeekendReader reader = new WeekendReader(source);
            List<Integer> rounds = request.round() == null ? reader.rounds(season) : List.of(request.round());
            int roundsReplayed = 0;
            int sessions = 0;
            long results = 0;
            long laps = 0;
            for (int round : rounds) {
                List<SessionRecords> weekend = reader.weekend(season, round, request.round() != null);
                if (weekend.isEmpty()) {
                    LOG.info("season {} round {}: no results in {} yet, skipped", season, round, source.name());
                    continue;
                }
                roundsReplayed++;
                for (SessionRecords session : weekend) {
                    long started = System.nanoTime();
                    publisher.publish(session, source.name(), runId);
                    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
                    LOG.info("produced {}/{}/{} from {}: {} results, {} laps in one transaction, {} ms",
                            season, round, session.session(), source.name(), session.results().size(), session.laps().size(), elapsedMs);
                    sessions++;
                    results += session.results().size();
                    laps += session.laps().size();
                    listener.sessionProduced(season, round, session.session(), session.results().size(), session.laps().size());
                }
            }
            return new ReplayResult(roundsReplayed, sessions, results, laps);
        }
    }

    private static RaceSource open(ReplayRequest request) {
        if (request.archiveDir() != null) {
            return new RawArchiveSource(request.archiveDir());
        }
        return new JolpicaHttpSource(request.jolpicaUrl(), request.archiveWriteDir());
    }

    @Override
    public void close() {
        publisher.close();
    }
}

package dev.pitwall.producer.bench;

import dev.pitwall.producer.replay.ReplayRequest;
import dev.pitwall.producer.replay.ReplayResult;
import dev.pitwall.producer.replay.SeasonReplayer;
import dev.pitwall.schemas.TopicCatalogue;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Measures producing a whole season from a raw archive into Kafka at full speed: records per second
 * through the transactional producer, end to end (reading and parsing the archive included). Measures
 * and prints; it asserts nothing.
 */
public final class ReplayBenchmark {
    private ReplayBenchmark() {}

    /** The numbers of one run; {@code toString()} is the human-readable line. */
    /** @param other qualifying, pit stop and standings records */
    public record Result(int season, int sessions, long results, long laps, long other, double seconds) {
        public long records() {
            return results + laps + other;
        }

        public double recordsPerSecond() {
            return records() / seconds;
        }

        @Override
        public String toString() {
            return String.format("producer: season %d from the archive, %d sessions, %d records (%d results, %d laps, %d other) in %.2f s = %.0f records/s",
                    season, sessions, records(), results, laps, other, seconds, recordsPerSecond());
        }
    }

    /** Creates missing topics (replication factor 1 unless they exist), then replays the season once and times it. */
    public static Result run(String bootstrapServers, Path archive, int season) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicCatalogue.ensure(admin, (short) 1);
        }
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // a finished job replays everything again; one left unfinished by a killed run would resume (sessions shows it)
        try (SeasonReplayer replayer = new SeasonReplayer(props, "pitwall-bench-" + UUID.randomUUID())) {
            long started = System.nanoTime();
            ReplayResult result = replayer.replay(new ReplayRequest(season, null, null, archive, null), null);
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Result(season, result.sessions(), result.results(), result.laps(),
                    result.records() - result.results() - result.laps(), seconds);
        }
    }

    /** Arguments: bootstrap servers, archive dir, season (default 2024). */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ReplayBenchmark <bootstrap-servers> <archive-dir> [season]");
            System.exit(2);
        }
        int season = args.length > 2 ? Integer.parseInt(args[2]) : 2024;
        System.out.println(run(args[0], Path.of(args[1]), season));
    }
}

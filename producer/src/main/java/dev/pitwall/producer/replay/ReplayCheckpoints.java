package dev.pitwall.producer.replay;

import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import dev.pitwall.schemas.serde.RecordCodec;
import dev.pitwall.schemas.serde.PitwallSerdes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Reads the last committed checkpoint of a replay job from {@link Topics#PRODUCER_CHECKPOINTS}. */
public final class ReplayCheckpoints {
    static final RecordCodec<ProducerCheckpoint> CODEC = PitwallSerdes.codec(ProducerCheckpoint.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private ReplayCheckpoints() {}

    /**
     * @param kafkaProps client properties; only the connection and security settings are used
     * @return the job's latest committed checkpoint (read_committed), empty when it never ran
     */
    public static Optional<ProducerCheckpoint> latest(Map<String, Object> kafkaProps, String job) {
        try (CheckpointReader reader = new CheckpointReader(kafkaProps, job, READ_TIMEOUT)) {
            return reader.latest();
        }
    }
}

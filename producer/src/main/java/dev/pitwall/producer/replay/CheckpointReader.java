package dev.pitwall.producer.replay;

import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import dev.pitwall.schemas.serde.PitwallKeySerde;

/**
 * Reads one job's checkpoints on {@link Topics#PRODUCER_CHECKPOINTS} (read_committed) with one
 * consumer, from the beginning, and keeps what it read: {@link #latest()} can be asked once (a replay
 * deciding where to resume, see {@link ReplayCheckpoints}) or before every commit (a live follower
 * seeing what another follower of the same session committed meanwhile), each time reading only what
 * was committed since. Reads up to the last stable offset: a killed producer's open transaction is
 * never waited for.
 */
public final class CheckpointReader implements AutoCloseable {
    private final String job;
    private final Duration readTimeout;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private ProducerCheckpoint latest;

    /**
     * @param kafkaProps client properties; only the connection and security settings are used
     * @param readTimeout how long one {@link #latest()} may take to read to the end before it fails
     * @throws IllegalStateException when the checkpoint topic does not exist
     */
    public CheckpointReader(Map<String, Object> kafkaProps, String job, Duration readTimeout) {
        this.job = job;
        this.readTimeout = readTimeout;
        Map<String, Object> config = new HashMap<>();
        kafkaProps.forEach((key, value) -> {
            if (key.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) || key.startsWith("security.")
                    || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                config.put(key, value);
            }
        });
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // may be read before every commit: do not let the broker hold an empty fetch (e.g. past a commit marker) for 500 ms
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        this.consumer = new KafkaConsumer<>(config, new PitwallKeySerde.KeyDeserializer(), new ByteArrayDeserializer());
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.PRODUCER_CHECKPOINTS);
        if (infos == null || infos.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + Topics.PRODUCER_CHECKPOINTS + " does not exist: create the topic catalogue first");
        }
        this.partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The job's newest committed checkpoint, reading what was committed since the last call; empty when it never ran. */
    public Optional<ProducerCheckpoint> latest() {
        // under read_committed the end offsets are the last stable offsets: nothing open is waited for
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + readTimeout.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + Topics.PRODUCER_CHECKPOINTS + " to its end " + end + " in " + readTimeout);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (job.equals(record.key())) {
                    latest = record.value() == null ? null : ReplayCheckpoints.CODEC.decode(record.value());
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    @Override
    public void close() {
        consumer.close();
    }
}

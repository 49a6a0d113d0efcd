package dev.pitwall.producer.live;

import dev.pitwall.producer.openf1.OpenF1Publisher;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows one job's checkpoints on {@link Topics#PRODUCER_CHECKPOINTS} (read_committed) with one
 * long-lived consumer, so that a follower can see, before each commit, what another follower of the
 * same session committed meanwhile. Reads only up to the last stable offset: a killed follower's open
 * transaction is never waited for.
 */
final class CheckpointTail implements AutoCloseable {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private final String job;
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicPartition partition = new TopicPartition(Topics.PRODUCER_CHECKPOINTS, 0);
    private ProducerCheckpoint latest;

    CheckpointTail(Map<String, Object> kafkaProps, String job) {
        this.job = job;
        Map<String, Object> config = new HashMap<>();
        kafkaProps.forEach((key, value) -> {
            if (key.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) || key.startsWith("security.")
                    || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                config.put(key, value);
            }
        });
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // read before every commit: do not let the broker hold an empty fetch (e.g. past a commit marker) for 500 ms
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        if (consumer.partitionsFor(Topics.PRODUCER_CHECKPOINTS).isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + Topics.PRODUCER_CHECKPOINTS + " does not exist: create the topic catalogue first");
        }
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
    }

    /** The job's newest committed checkpoint, reading what was committed since the last call. */
    Optional<ProducerCheckpoint> latest() {
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (consumer.position(partition) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + Topics.PRODUCER_CHECKPOINTS + " to offset " + end + " in " + READ_TIMEOUT);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (job.equals(record.key())) {
                    latest = record.value() == null ? null : OpenF1Publisher.CHECKPOINTS.decode(record.value());
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

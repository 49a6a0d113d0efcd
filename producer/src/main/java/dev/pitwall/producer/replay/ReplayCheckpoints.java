package dev.pitwall.producer.replay;

import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import dev.pitwall.schemas.serde.RecordCodec;
import dev.pitwall.schemas.serde.SingleObjectCodec;
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
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the last committed checkpoint of a replay job from {@link Topics#PRODUCER_CHECKPOINTS}. */
public final class ReplayCheckpoints {
    static final RecordCodec<ProducerCheckpoint> CODEC =
            new SingleObjectCodec<>(ProducerCheckpoint.class, ProducerCheckpoint.getClassSchema(), List.of());
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private ReplayCheckpoints() {}

    /**
     * @param kafkaProps client properties; only the connection and security settings are used
     * @return the job's latest committed checkpoint (read_committed), empty when it never ran
     */
    public static Optional<ProducerCheckpoint> latest(Map<String, Object> kafkaProps, String job) {
        Map<String, Object> config = new HashMap<>();
        kafkaProps.forEach((key, value) -> {
            if (key.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) || key.startsWith("security.")
                    || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                config.put(key, value);
            }
        });
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.PRODUCER_CHECKPOINTS);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.PRODUCER_CHECKPOINTS + " does not exist: create the topic catalogue first");
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            // under read_committed the end offsets are the last stable offsets: nothing open is waited for
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            ProducerCheckpoint latest = null;
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (assigned.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.PRODUCER_CHECKPOINTS + " to its end " + end + " in " + READ_TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (job.equals(record.key())) {
                        latest = record.value() == null ? null : CODEC.decode(record.value());
                    }
                }
            }
            return Optional.ofNullable(latest);
        }
    }
}

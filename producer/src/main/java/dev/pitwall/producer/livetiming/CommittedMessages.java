package dev.pitwall.producer.livetiming;

import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.SessionPartitioner;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.RawLiveTiming;
import dev.pitwall.schemas.serde.PitwallKeySerde;
import dev.pitwall.schemas.serde.PitwallSerdes;
import dev.pitwall.schemas.serde.RecordCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads back what a live follower of one session committed to {@link Topics#RAW_LIVETIMING}
 * (read_committed, the session's one partition, from the start), so a restarted follower knows the
 * feed state its messages built and can turn the resubscribe snapshot into just what it missed.
 */
final class CommittedMessages {
    private static final RecordCodec<RawLiveTiming> RAW = PitwallSerdes.rawLiveTimingCodec();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private CommittedMessages() {}

    /** The session's committed messages from {@code source}, in the order they were sent. */
    static List<RawLiveTiming> read(Map<String, Object> kafkaProps, int season, int round, String session, String source) {
        Map<String, Object> config = new HashMap<>();
        kafkaProps.forEach((key, value) -> {
            if (key.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) || key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                config.put(key, value);
            }
        });
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        String prefix = RecordKeys.session(season, round, session) + "/";
        List<RawLiveTiming> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new PitwallKeySerde.KeyDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.RAW_LIVETIMING);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.RAW_LIVETIMING + " does not exist: create the topic catalogue first");
            }
            TopicPartition partition = new TopicPartition(Topics.RAW_LIVETIMING, SessionPartitioner.partitionFor(prefix, infos.size()));
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + partition + " to its end " + end + " in " + READ_TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith(prefix) && record.value() != null) {
                        RawLiveTiming m = RAW.decode(record.value());
                        if (source.equals(m.getSource())) {
                            out.add(m);
                        }
                    }
                }
            }
        }
        return out;
    }
}

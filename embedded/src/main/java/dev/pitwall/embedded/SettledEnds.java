package dev.pitwall.embedded;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The end offsets to read a topic to, for tests that read back what was committed. A transaction's commit returns
 * before its markers are written, so right after it a {@code read_committed} consumer's end offsets (the last stable
 * offset) can still be below what it committed: this waits, up to 5 s, until they reach the high watermark, and
 * takes them as they are after that (a transaction genuinely left open, such as a killed producer's).
 */
public final class SettledEnds {
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private SettledEnds() {}

    /** @param consumer assigned or not; its isolation level decides whether there is anything to wait for */
    public static Map<TopicPartition, Long> of(Consumer<?, ?> consumer, String bootstrapServers,
            Collection<TopicPartition> partitions, boolean readCommitted) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        if (!readCommitted) {
            return end;
        }
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> uncommitted = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, Long> high = uncommitted.endOffsets(partitions);
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (!end.equals(high) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                end = consumer.endOffsets(partitions);
            }
        }
        return end;
    }
}

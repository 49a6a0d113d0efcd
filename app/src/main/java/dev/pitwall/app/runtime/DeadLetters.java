package dev.pitwall.app.runtime;

import dev.pitwall.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts committed records on the dead-letter topic. Offsets alone would over-count: Streams writes
 * the DLQ inside transactions, whose commit markers take offsets too.
 */
public final class DeadLetters {
    private DeadLetters() {}

    /** End offsets of every DLQ partition now: the mark to count from later. */
    public static Map<TopicPartition, Long> mark(Map<String, Object> kafkaProps) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(kafkaProps)) {
            List<TopicPartition> parts = c.partitionsFor(Topics.DLQ).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return c.endOffsets(parts);
        }
    }

    public static long countSince(Map<String, Object> kafkaProps, Map<TopicPartition, Long> mark) {
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> c = consumer(kafkaProps)) {
            c.assign(mark.keySet());
            mark.forEach(c::seek);
            Map<TopicPartition, Long> end = c.endOffsets(mark.keySet());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!reached(c, end) && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
                count += records.count();
            }
        }
        return count;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> kafkaProps) {
        Map<String, Object> props = new HashMap<>(kafkaProps);
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", false);
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }
}

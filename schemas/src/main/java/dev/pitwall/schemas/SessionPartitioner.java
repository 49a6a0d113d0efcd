package dev.pitwall.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Partitions raw and control records by their {@code season/round/session} key prefix, so every record
 * of a session and that session's control events land on the same partition number of each topic.
 * One Streams task then sees a whole session, which makes batch closing deterministic.
 * A driver's laps stay in order because they share the partition.
 */
public final class SessionPartitioner implements Partitioner {

    public static int partitionFor(String key, int numPartitions) {
        byte[] prefix = RecordKeys.sessionPrefix(key).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(prefix)) % numPartitions;
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int n = cluster.partitionCountForTopic(topic);
        if (key == null) {
            throw new IllegalArgumentException("records on " + topic + " need a season/round/session key");
        }
        return partitionFor(key.toString(), n);
    }

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
}

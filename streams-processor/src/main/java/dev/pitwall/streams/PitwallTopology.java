package dev.pitwall.streams;

import dev.pitwall.schemas.Topics;
import dev.pitwall.streams.batch.SessionBatcher;
import dev.pitwall.streams.batch.Table;
import dev.pitwall.streams.revision.Revisions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The streams topology: every raw topic ({@link Topics#RAW}) and the control events feed one processor,
 * which writes one clean topic per table, dead letters and closed batches. No repartitioning: producers
 * partition all source topics by session, so partition N of each meets in task N.
 */
public final class PitwallTopology {
    static final String SOURCE = "raw-source";
    static final String PROCESSOR = "session-processor";
    static final String DLQ_SINK = "dlq-sink";
    static final String BATCHES_SINK = "batches-sink";

    private PitwallTopology() {}

    public static Topology build(TopologyConfig config) {
        Topology topology = new Topology();
        List<String> sources = new ArrayList<>(Topics.RAW);
        sources.add(Topics.CONTROL);
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), sources.toArray(String[]::new));
        topology.addProcessor(PROCESSOR, () -> new SessionProcessor(config), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SessionBatcher.ROWS_STORE), Serdes.String(), Serdes.ByteArray()), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SessionBatcher.STATE_STORE), Serdes.String(), Serdes.ByteArray()), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Revisions.STORE), Serdes.String(), Serdes.ByteArray()), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SessionProcessor.LIVE_STORE), Serdes.String(), Serdes.ByteArray()), PROCESSOR);
        ByteArraySerializer bytes = new ByteArraySerializer();
        for (Table table : Table.fed()) {
            topology.addSink(TableHandler.sinkName(table), table.cleanTopic(), bytes, bytes, PROCESSOR);
        }
        topology.addSink(DLQ_SINK, Topics.DLQ, bytes, bytes, PROCESSOR);
        topology.addSink(BATCHES_SINK, Topics.BATCHES, bytes, bytes, PROCESSOR);
        return topology;
    }

    /**
     * The changelog topics Kafka Streams creates for the topology's stores under {@code applicationId}, as it creates
     * them (compacted, CreateTime, one partition per task: the most partitions of the stores' source topics), for a
     * caller that creates them ahead, beside the other topics, instead of in Streams' first rebalance (~0.5 s of a cold
     * start). Streams then finds them in place with the partition count it checks.
     */
    public static List<org.apache.kafka.clients.admin.NewTopic> changelogTopics(String applicationId, TopologyConfig config,
                                                                                short replicationFactor) {
        Map<String, Integer> partitionsOf = new HashMap<>();
        Topics.all().forEach(t -> partitionsOf.put(t.name(), t.partitions()));
        java.util.TreeMap<String, Integer> changelogs = new java.util.TreeMap<>();
        for (org.apache.kafka.streams.TopologyDescription.Subtopology sub : build(config).describe().subtopologies()) {
            int tasks = 0;
            java.util.Set<String> stores = new java.util.TreeSet<>();
            for (org.apache.kafka.streams.TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof org.apache.kafka.streams.TopologyDescription.Source source) {
                    for (String topic : source.topicSet()) {
                        Integer n = partitionsOf.get(topic);
                        if (n == null) {
                            throw new IllegalStateException("source topic " + topic + " is not in the topic catalogue");
                        }
                        tasks = Math.max(tasks, n);
                    }
                } else if (node instanceof org.apache.kafka.streams.TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
            for (String store : stores) {
                changelogs.put(applicationId + "-" + store + "-changelog", tasks);
            }
        }
        return changelogs.entrySet().stream().map(e -> new org.apache.kafka.clients.admin.NewTopic(e.getKey(), e.getValue(),
                replicationFactor).configs(Map.of("cleanup.policy", "compact", "message.timestamp.type", "CreateTime"))).toList();
    }
}

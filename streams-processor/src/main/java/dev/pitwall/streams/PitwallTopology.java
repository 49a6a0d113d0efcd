package dev.pitwall.streams;

import dev.pitwall.schemas.Topics;
import dev.pitwall.streams.batch.SessionBatcher;
import dev.pitwall.streams.revision.Revisions;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The streams topology: raw results, raw laps and control events feed one processor, which writes
 * clean records, dead letters and closed batches. No repartitioning: producers partition all three
 * source topics by session, so partition N of each meets in task N.
 */
public final class PitwallTopology {
    static final String SOURCE = "raw-source";
    static final String PROCESSOR = "session-processor";
    static final String CLEAN_RESULTS_SINK = "clean-results-sink";
    static final String CLEAN_LAPS_SINK = "clean-laps-sink";
    static final String DLQ_SINK = "dlq-sink";
    static final String BATCHES_SINK = "batches-sink";

    private PitwallTopology() {}

    public static Topology build(TopologyConfig config) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Topics.RAW_RESULTS, Topics.RAW_LAPS, Topics.CONTROL);
        topology.addProcessor(PROCESSOR, () -> new SessionProcessor(config), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SessionBatcher.ROWS_STORE), Serdes.String(), Serdes.ByteArray()), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SessionBatcher.STATE_STORE), Serdes.String(), Serdes.ByteArray()), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Revisions.STORE), Serdes.String(), Serdes.ByteArray()), PROCESSOR);
        ByteArraySerializer bytes = new ByteArraySerializer();
        topology.addSink(CLEAN_RESULTS_SINK, Topics.CLEAN_RESULTS, bytes, bytes, PROCESSOR);
        topology.addSink(CLEAN_LAPS_SINK, Topics.CLEAN_LAPS, bytes, bytes, PROCESSOR);
        topology.addSink(DLQ_SINK, Topics.DLQ, bytes, bytes, PROCESSOR);
        topology.addSink(BATCHES_SINK, Topics.BATCHES, bytes, bytes, PROCESSOR);
        return topology;
    }
}

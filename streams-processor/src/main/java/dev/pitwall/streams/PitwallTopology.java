package dev.pitwall.streams;

import dev.pitwall.schemas.Topics;
import dev.pitwall.streams.batch.SessionBatcher;
import dev.pitwall.streams.batch.Table;
import dev.pitwall.streams.revision.Revisions;
import java.util.ArrayList;
import java.util.List;
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
}

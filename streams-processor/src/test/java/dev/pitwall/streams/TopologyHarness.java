package dev.pitwall.streams;

import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.RejectedRecord;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.serde.PitwallSerdes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The topology in a {@link TopologyTestDriver}, fed and read with the real codecs. */
final class TopologyHarness implements AutoCloseable {
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> rawResults;
    final TestInputTopic<String, byte[]> rawLaps;
    final TestInputTopic<String, byte[]> control;
    private final TestOutputTopic<String, byte[]> batches;
    private final TestOutputTopic<String, byte[]> dlq;
    private final TestOutputTopic<String, byte[]> cleanResults;
    private final TestOutputTopic<String, byte[]> cleanLaps;
    private final Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
    private final Map<String, TestOutputTopic<String, byte[]>> outputs = new HashMap<>();

    TopologyHarness(TopologyConfig config, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "pitwall-streams-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(PitwallTopology.build(config), p);
        StringSerializer keys = new StringSerializer();
        ByteArraySerializer values = new ByteArraySerializer();
        rawResults = driver.createInputTopic(Topics.RAW_RESULTS, keys, values);
        rawLaps = driver.createInputTopic(Topics.RAW_LAPS, keys, values);
        control = driver.createInputTopic(Topics.CONTROL, keys, values);
        StringDeserializer outKeys = new StringDeserializer();
        ByteArrayDeserializer outValues = new ByteArrayDeserializer();
        batches = driver.createOutputTopic(Topics.BATCHES, outKeys, outValues);
        dlq = driver.createOutputTopic(Topics.DLQ, outKeys, outValues);
        cleanResults = driver.createOutputTopic(Topics.CLEAN_RESULTS, outKeys, outValues);
        cleanLaps = driver.createOutputTopic(Topics.CLEAN_LAPS, outKeys, outValues);
    }

    void pipeResults(List<RawResult> results) {
        var codec = PitwallSerdes.rawResultCodec();
        results.forEach(r -> rawResults.pipeInput(
                RecordKeys.driver(r.getSeason(), r.getRound(), r.getSession(), r.getDriverId()), codec.encode(r)));
    }

    void pipeLaps(List<RawLap> laps) {
        var codec = PitwallSerdes.rawLapCodec();
        laps.forEach(l -> rawLaps.pipeInput(
                RecordKeys.driver(l.getSeason(), l.getRound(), l.getSession(), l.getDriverId()), codec.encode(l)));
    }

    /** Any raw topic, fed with records encoded by the real codec of their class. */
    void pipe(String topic, List<? extends KeyValue<String, ? extends SpecificRecord>> records) {
        TestInputTopic<String, byte[]> input = inputs.computeIfAbsent(topic,
                t -> driver.createInputTopic(t, new StringSerializer(), new ByteArraySerializer()));
        for (KeyValue<String, ? extends SpecificRecord> r : records) {
            input.pipeInput(r.key, encode(r.value));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> byte[] encode(T record) {
        return PitwallSerdes.codec((Class<T>) record.getClass()).encode(record);
    }

    /** Bytes as they are, e.g. garbage, on any raw topic. */
    void pipeBytes(String topic, String key, byte[] value) {
        inputs.computeIfAbsent(topic, t -> driver.createInputTopic(t, new StringSerializer(), new ByteArraySerializer()))
                .pipeInput(key, value);
    }

    /** Clean records of a topic other than results/laps written since the last call, with their keys. */
    <T extends SpecificRecord> List<KeyValue<String, T>> clean(String topic, Class<T> type) {
        var codec = PitwallSerdes.codec(type);
        return outputs.computeIfAbsent(topic, t -> driver.createOutputTopic(t, new StringDeserializer(), new ByteArrayDeserializer()))
                .readKeyValuesToList().stream().map(kv -> KeyValue.pair(kv.key, codec.decode(kv.value))).toList();
    }

    /** How many records a clean topic received since the last read of it. */
    int cleanCount(String topic) {
        return outputs.computeIfAbsent(topic, t -> driver.createOutputTopic(t, new StringDeserializer(), new ByteArrayDeserializer()))
                .readRecordsToList().size();
    }

    void pipeEvent(SessionEvent event) {
        control.pipeInput(RecordKeys.session(event.getSeason(), event.getRound(), event.getSession()),
                PitwallSerdes.sessionEventCodec().encode(event));
    }

    /** Batches emitted since the last call, checking each record's key matches its batch. */
    List<Batch> batches() {
        var codec = PitwallSerdes.batchCodec();
        return batches.readRecordsToList().stream().map(r -> {
            Batch b = codec.decode(r.value());
            if (!r.key().equals(RecordKeys.batch(b.getTable(), b.getSeason(), b.getRound(), b.getSession()))) {
                throw new AssertionError("batch " + b.getBatchId() + " has key " + r.key());
            }
            return b;
        }).toList();
    }

    List<TestRecord<String, byte[]>> deadLetters() {
        return dlq.readRecordsToList();
    }

    List<CleanResult> cleanResults() {
        var codec = PitwallSerdes.cleanResultCodec();
        return cleanResults.readValuesToList().stream().map(codec::decode).toList();
    }

    List<CleanLap> cleanLaps() {
        var codec = PitwallSerdes.cleanLapCodec();
        return cleanLaps.readValuesToList().stream().map(codec::decode).toList();
    }

    /** Raw records dropped as identical to their latest revision, over the driver's life. */
    long duplicatesDropped() {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("stream-" + SessionProcessor.METRICS_SCOPE + "-metrics")
                        && e.getKey().name().equals(SessionProcessor.DUPLICATES_METRIC + "-total"))
                .mapToLong(e -> ((Number) e.getValue().metricValue()).longValue())
                .sum();
    }

    static List<RejectedRecord> rejected(Batch batch) {
        return batch.getRows().stream().map(BatchRow::getRecord).map(RejectedRecord.class::cast).toList();
    }

    static List<CleanLap> laps(Batch batch) {
        return batch.getRows().stream().map(BatchRow::getRecord).map(CleanLap.class::cast).toList();
    }

    static <T> List<T> rows(Batch batch, Class<T> type) {
        return batch.getRows().stream().map(BatchRow::getRecord).map(type::cast).toList();
    }

    static List<CleanResult> results(Batch batch) {
        return batch.getRows().stream().map(BatchRow::getRecord).map(CleanResult.class::cast).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}

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
import java.util.List;
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

    static List<CleanResult> results(Batch batch) {
        return batch.getRows().stream().map(BatchRow::getRecord).map(CleanResult.class::cast).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}

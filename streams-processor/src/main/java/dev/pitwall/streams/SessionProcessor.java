package dev.pitwall.streams;

import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.schemas.serde.PitwallSerdes;
import dev.pitwall.schemas.serde.RecordCodec;
import dev.pitwall.streams.batch.SessionBatcher;
import dev.pitwall.streams.batch.SessionId;
import dev.pitwall.streams.batch.Table;
import dev.pitwall.streams.clean.LapCleaner;
import dev.pitwall.streams.clean.RejectReason;
import dev.pitwall.streams.clean.Rejection;
import dev.pitwall.streams.clean.ResultCleaner;
import dev.pitwall.streams.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one node that sees a session's raw results, raw laps and control events (they share a partition
 * number): cleans or dead-letters each raw record, forwards clean records, and feeds the batcher.
 * Values are kept as bytes end to end so a dead letter carries exactly the bytes that were read.
 */
final class SessionProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private final TopologyConfig config;
    private final RecordCodec<RawResult> rawResults = PitwallSerdes.rawResultCodec();
    private final RecordCodec<RawLap> rawLaps = PitwallSerdes.rawLapCodec();
    private final RecordCodec<SessionEvent> events = PitwallSerdes.sessionEventCodec();
    private final RecordCodec<CleanResult> cleanResults = PitwallSerdes.cleanResultCodec();
    private final RecordCodec<CleanLap> cleanLaps = PitwallSerdes.cleanLapCodec();
    private final RecordCodec<Batch> batches = PitwallSerdes.batchCodec();
    private final ResultCleaner resultCleaner = new ResultCleaner();
    private final LapCleaner lapCleaner = new LapCleaner();

    private ProcessorContext<byte[], byte[]> context;
    private SessionBatcher batcher;

    SessionProcessor(TopologyConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        KeyValueStore<String, byte[]> rows = context.getStateStore(SessionBatcher.ROWS_STORE);
        KeyValueStore<String, byte[]> states = context.getStateStore(SessionBatcher.STATE_STORE);
        this.batcher = new SessionBatcher(rows, states, config, this::emitBatch);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("raw record without topic/partition/offset"));
        if (Topics.CONTROL.equals(source.topic())) {
            onControl(record, source);
            return;
        }
        Table table = Table.ofRawTopic(source.topic())
                .orElseThrow(() -> new IllegalStateException("no table reads topic " + source.topic()));
        if (table == Table.RESULTS) {
            onResult(record, source);
        } else {
            onLap(record, source);
        }
    }

    private void onResult(Record<byte[], byte[]> record, RecordMetadata source) {
        RawResult raw;
        try {
            raw = rawResults.decode(nonNull(record.value()));
        } catch (RecordCodec.CodecException e) {
            undecodable(Table.RESULTS, record, source, e);
            return;
        }
        SessionId session = new SessionId(raw.getSeason(), raw.getRound(), raw.getSession());
        try {
            CleanResult clean = resultCleaner.clean(raw);
            String key = RecordKeys.driver(clean.getSeason(), clean.getRound(), clean.getSession(), clean.getDriverId());
            forward(PitwallTopology.CLEAN_RESULTS_SINK, key, cleanResults.encode(clean), record);
            batcher.accept(Table.RESULTS, session, row(source, clean), record.timestamp());
        } catch (Rejection rejection) {
            deadLetter(record, source, rejection.reason(), rejection.describe());
            batcher.accept(Table.RESULTS, session, null, record.timestamp());
        }
    }

    private void onLap(Record<byte[], byte[]> record, RecordMetadata source) {
        RawLap raw;
        try {
            raw = rawLaps.decode(nonNull(record.value()));
        } catch (RecordCodec.CodecException e) {
            undecodable(Table.LAPS, record, source, e);
            return;
        }
        SessionId session = new SessionId(raw.getSeason(), raw.getRound(), raw.getSession());
        try {
            CleanLap clean = lapCleaner.clean(raw);
            String key = RecordKeys.driver(clean.getSeason(), clean.getRound(), clean.getSession(), clean.getDriverId())
                    + "/" + clean.getLap();
            forward(PitwallTopology.CLEAN_LAPS_SINK, key, cleanLaps.encode(clean), record);
            batcher.accept(Table.LAPS, session, row(source, clean), record.timestamp());
        } catch (Rejection rejection) {
            deadLetter(record, source, rejection.reason(), rejection.describe());
            batcher.accept(Table.LAPS, session, null, record.timestamp());
        }
    }

    private void onControl(Record<byte[], byte[]> record, RecordMetadata source) {
        SessionEvent event;
        try {
            event = events.decode(nonNull(record.value()));
        } catch (RecordCodec.CodecException e) {
            deadLetter(record, source, RejectReason.UNDECODABLE, e.getMessage());
            return;
        }
        if (event.getType() == SessionEventType.FINISHED) {
            batcher.finished(new SessionId(event.getSeason(), event.getRound(), event.getSession()),
                    event.getExpected(), record.timestamp());
        }
    }

    /** The record still counts towards its session when its key names one, so the session can close. */
    private void undecodable(Table table, Record<byte[], byte[]> record, RecordMetadata source, RecordCodec.CodecException e) {
        deadLetter(record, source, RejectReason.UNDECODABLE, e.getMessage());
        SessionId.fromRecordKey(record.key())
                .ifPresent(session -> batcher.accept(table, session, null, record.timestamp()));
    }

    private static byte[] nonNull(byte[] value) {
        if (value == null) {
            throw new RecordCodec.CodecException("value is null (a tombstone)", null);
        }
        return value;
    }

    private static BatchRow row(RecordMetadata source, Object clean) {
        return BatchRow.newBuilder()
                .setTopic(source.topic())
                .setPartition(source.partition())
                .setOffset(source.offset())
                .setRecord(clean)
                .build();
    }

    private void deadLetter(Record<byte[], byte[]> record, RecordMetadata source, RejectReason reason, String message) {
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(),
                DeadLetter.headers(record.headers(), reason, message, source.topic(), source.partition(), source.offset())),
                PitwallTopology.DLQ_SINK);
    }

    private void forward(String sink, String key, byte[] value, Record<byte[], byte[]> cause) {
        context.forward(new Record<>(utf8(key), value, cause.timestamp(), new RecordHeaders()), sink);
    }

    private void emitBatch(String batchKey, Batch batch, long timestamp) {
        context.forward(new Record<>(utf8(batchKey), batches.encode(batch), timestamp, new RecordHeaders()),
                PitwallTopology.BATCHES_SINK);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.pitwall.streams;

import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.CleanTimingLap;
import dev.pitwall.schemas.avro.CleanTimingRaceControl;
import dev.pitwall.schemas.avro.CleanTimingStint;
import dev.pitwall.schemas.avro.CleanTimingWeather;
import dev.pitwall.schemas.avro.CleanTrackStatus;
import dev.pitwall.schemas.avro.RawLiveTiming;
import dev.pitwall.streams.livetiming.FeedMessage;
import dev.pitwall.streams.livetiming.LiveTimingFacts;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import dev.pitwall.schemas.avro.RejectedRecord;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.schemas.serde.ConfluentFraming;
import dev.pitwall.schemas.serde.PitwallSerdes;
import dev.pitwall.schemas.serde.RecordCodec;
import dev.pitwall.schemas.serde.WireFormats;
import dev.pitwall.streams.batch.SessionBatcher;
import dev.pitwall.streams.batch.SessionId;
import dev.pitwall.streams.batch.Table;
import dev.pitwall.streams.clean.RejectReason;
import dev.pitwall.streams.clean.FieldWarnings;
import dev.pitwall.streams.clean.Rejection;
import dev.pitwall.streams.deadletter.DeadLetter;
import dev.pitwall.streams.revision.Revisions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one node that sees all of a session's raw records and control events (every raw topic and
 * f1.control share a partition number): cleans or rejects each raw record with its table's
 * {@link TableHandler}, drops exact duplicates, numbers revisions, forwards clean records, and feeds the
 * batcher. Values are kept as bytes end to end so a dead letter carries exactly the bytes that were read.
 */
final class SessionProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    /** Metric group {@code stream-pitwall-metrics}: {@code duplicates-dropped-total} and {@code records-rejected-total}, tagged with the table. */
    static final String METRICS_SCOPE = "pitwall";
    static final String DUPLICATES_METRIC = "duplicates-dropped";
    static final String REJECTS_METRIC = "records-rejected";

    private final TopologyConfig config;
    private final TableHandlers handlers = new TableHandlers();
    private final RecordCodec<SessionEvent> events = PitwallSerdes.sessionEventCodec();
    private final RecordCodec<Batch> batches = PitwallSerdes.batchCodec();
    private final RecordCodec<RawLiveTiming> liveCodec = PitwallSerdes.rawLiveTimingCodec();
    private final RecordCodec<CleanTimingLap> lapCodec = PitwallSerdes.codec(CleanTimingLap.class);
    /** Per session (key {@code season/round/session}), the merged live-timing state as JSON. */
    static final String LIVE_STORE = "livetiming-state";
    private static final LiveJson JSON_TREE = new LiveJson();
    private KeyValueStore<String, byte[]> liveStates;

    private ProcessorContext<byte[], byte[]> context;
    private SessionBatcher batcher;
    private Revisions revisions;
    private final Map<String, Sensor> duplicates = new HashMap<>();
    private final Map<String, Sensor> rejects = new HashMap<>();
    private String task;

    SessionProcessor(TopologyConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        KeyValueStore<String, byte[]> rows = context.getStateStore(SessionBatcher.ROWS_STORE);
        KeyValueStore<String, byte[]> states = context.getStateStore(SessionBatcher.STATE_STORE);
        this.batcher = new SessionBatcher(rows, states, config, this::emitBatch, context::currentSystemTimeMs);
        this.revisions = new Revisions(context.getStateStore(Revisions.STORE));
        this.liveStates = context.getStateStore(LIVE_STORE);
        this.task = context.taskId().toString();
        if (config.timed()) {
            // check a few times per timeout so a batch closes at most a quarter late
            long shortest = Math.min(config.idleTimeout() == null ? Long.MAX_VALUE : config.idleTimeout().toMillis(),
                    config.maxBatchAge() == null ? Long.MAX_VALUE : config.maxBatchAge().toMillis());
            long every = Math.max(1, shortest / 4);
            context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, batcher::closeIdle);
        }
    }

    /** One sensor per table and task, made on first use: tables a task never sees export nothing. */
    private Sensor sensor(Map<String, Sensor> sensors, String metric, String table) {
        return sensors.computeIfAbsent(table, t -> context.metrics().addRateTotalSensor(METRICS_SCOPE, task + "." + t, metric,
                Sensor.RecordingLevel.INFO, "task-id", task, "table", t));
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("raw record without topic/partition/offset"));
        if (Topics.CONTROL.equals(source.topic())) {
            onControl(record, source);
            return;
        }
        if (Topics.RAW_LIVETIMING.equals(source.topic())) {
            onLiveTiming(record, source);
            return;
        }
        TableHandler<?, ?> handler = handlers.ofRawTopic(source.topic())
                .orElseThrow(() -> new IllegalStateException("no table reads topic " + source.topic()));
        onRaw(handler, record, source);
    }

    /** Decode, check the session, clean, dedupe or revise, forward and batch; or reject. The same for every table. */
    private <R extends SpecificRecordBase, C extends SpecificRecordBase> void onRaw(
            TableHandler<R, C> handler, Record<byte[], byte[]> record, RecordMetadata source) {
        Table table = handler.table();
        R raw;
        try {
            raw = handler.decode(nonNull(record.value()));
        } catch (RecordCodec.CodecException e) {
            undecodable(table, record, source, e);
            return;
        }
        Optional<SessionId> keySession = SessionId.fromRecordKey(record.key());
        SessionId valueSession = handler.session(raw);
        SessionId session = keySession.orElse(valueSession);
        try {
            matchesKey(keySession, valueSession.season(), valueSession.round(), valueSession.session());
            C clean = handler.clean(raw);
            List<FieldWarnings.Warning> nulled = handlers.warnings().drain();
            String key = handler.naturalKey(clean);
            int revision = revisions.next(table.tableName() + "|" + key, handler.facts(clean));
            if (revision == Revisions.DUPLICATE) {
                sensor(duplicates, DUPLICATES_METRIC, table.tableName()).record();
                batcher.accept(table, session, null, record.timestamp());
                return;
            }
            forward(handler.sinkName(), handler.table().cleanTopic(), key, handler.encode(clean, revision), record);
            // before accept: the record may complete its table and with it the session's rejected batch
            for (FieldWarnings.Warning w : nulled) {
                warn(table, session, record, source, w, RawPayload.json(raw.toString()), handler.source(raw));
            }
            batcher.accept(table, session, row(source, clean), record.timestamp());
        } catch (Rejection rejection) {
            handlers.warnings().drain();
            reject(table, Optional.of(session), record, source, rejection, RawPayload.json(raw.toString()), handler.source(raw));
        }
    }

    /** The key decides the partition and so the session a record is counted in; a value naming another session is suspect. */
    private static void matchesKey(Optional<SessionId> keySession, int season, int round, String session) throws Rejection {
        if (keySession.isPresent() && !keySession.get().equals(new SessionId(season, round, session))) {
            throw new Rejection(RejectReason.SESSION_MISMATCH, "record of " + season + "/" + round + "/" + session
                    + " is keyed to " + keySession.get().season() + "/" + keySession.get().round() + "/" + keySession.get().session());
        }
    }

    private void onControl(Record<byte[], byte[]> record, RecordMetadata source) {
        SessionEvent event;
        try {
            event = events.decode(nonNull(record.value()));
        } catch (RecordCodec.CodecException e) {
            reject(null, SessionId.fromRecordKey(record.key()), record, source,
                    new Rejection(RejectReason.UNDECODABLE, e.getMessage()), RawPayload.base64(record.value()), null);
            return;
        }
        if (event.getType() == SessionEventType.FINISHED) {
            SessionId finished = new SessionId(event.getSeason(), event.getRound(), event.getSession());
            if (event.getExpected().containsKey(Table.TIMING_LAPS.tableName())) {
                LiveTimingFacts facts = liveFacts(finished);
                emitLaps(finished, facts.finished(event.getExpected(), event.getSource()), record, source);
                liveStates.put(liveKey(finished), JSON_TREE.writeValueAsBytesUnchecked(facts.state()));
            }
            batcher.finished(new SessionId(event.getSeason(), event.getRound(), event.getSession()),
                    event.getExpected(), record.timestamp());
        }
    }

    /**
     * A live-timing message: decoded and merged into its session's state (one JSON tree in
     * {@link #LIVE_STORE}); the laps and track-status changes it completes are revised, forwarded and
     * batched like any clean record. A broken message is dead-lettered with the reason and still counts
     * towards its table, so the session completes without it.
     */
    private void onLiveTiming(Record<byte[], byte[]> record, RecordMetadata source) {
        Optional<SessionId> keySession = SessionId.fromRecordKey(record.key());
        RawLiveTiming raw;
        try {
            raw = liveCodec.decode(nonNull(record.value()));
        } catch (RecordCodec.CodecException e) {
            Table table = keySession.isPresent() ? LiveTimingFacts.TABLE_OF_TOPIC.get(keyTopic(record.key())) : null;
            if (table != null) {
                LiveTimingFacts facts = liveFacts(keySession.get());
                emitLaps(keySession.get(), facts.rejected(table, null), record, source);
                liveStates.put(liveKey(keySession.get()), JSON_TREE.writeValueAsBytesUnchecked(facts.state()));
            }
            reject(table, keySession, record, source, new Rejection(RejectReason.UNDECODABLE, e.getMessage()),
                    RawPayload.base64(record.value()), null);
            return;
        }
        SessionId session = keySession.orElse(new SessionId(raw.getSeason(), raw.getRound(), raw.getSession()));
        Table table = LiveTimingFacts.TABLE_OF_TOPIC.get(raw.getTopic());
        LiveTimingFacts facts = liveFacts(session);
        try {
            matchesKey(keySession, raw.getSeason(), raw.getRound(), raw.getSession());
            LiveTimingFacts.Derived derived = facts.accept(raw.getTopic(), FeedMessage.parse(raw.getTopic(), raw.getMessage()),
                    raw.getStreamOffsetMs(), raw.getFeedTimestamp(), raw.getSource());
            emitLaps(session, derived.laps(), record, source);
            for (CleanTrackStatus status : derived.trackStatus()) {
                String key = RecordKeys.session(session.season(), session.round(), session.session()) + "/" + status.getStreamOffsetMs();
                emitDerived(Table.TRACK_STATUS, session, key, status, PitwallSerdes.codec(CleanTrackStatus.class), record, source);
            }
            String prefix = RecordKeys.session(session.season(), session.round(), session.session()) + "/";
            for (CleanTimingStint stint : derived.stints()) {
                emitDerived(Table.TIMING_STINTS, session, prefix + stint.getDriverNumber() + "/" + stint.getStint(), stint,
                        PitwallSerdes.codec(CleanTimingStint.class), record, source);
            }
            for (CleanTimingRaceControl message : derived.raceControl()) {
                emitDerived(Table.TIMING_RACE_CONTROL, session, prefix + message.getMessageIndex(), message,
                        PitwallSerdes.codec(CleanTimingRaceControl.class), record, source);
            }
            for (CleanTimingWeather sample : derived.weather()) {
                emitDerived(Table.TIMING_WEATHER, session, prefix + sample.getStreamOffsetMs(), sample,
                        PitwallSerdes.codec(CleanTimingWeather.class), record, source);
            }
            liveStates.put(liveKey(session), JSON_TREE.writeValueAsBytesUnchecked(facts.state()));
            if (table != null) {
                batcher.accept(table, session, null, record.timestamp());
            }
        } catch (Rejection rejection) {
            if (table != null) {
                emitLaps(session, facts.rejected(table, raw.getSource()), record, source);
            }
            liveStates.put(liveKey(session), JSON_TREE.writeValueAsBytesUnchecked(facts.state()));
            reject(table, Optional.of(session), record, source, rejection, RawPayload.json(raw.toString()), raw.getSource());
        }
    }

    private static String liveKey(SessionId session) {
        return RecordKeys.session(session.season(), session.round(), session.session());
    }

    private LiveTimingFacts liveFacts(SessionId session) {
        byte[] saved = liveStates.get(liveKey(session));
        return new LiveTimingFacts(session, saved == null ? JSON_TREE.objectNode() : JSON_TREE.readObjectUnchecked(saved));
    }

    private void emitLaps(SessionId session, java.util.List<CleanTimingLap> laps, Record<byte[], byte[]> cause, RecordMetadata source) {
        for (CleanTimingLap lap : laps) {
            String key = RecordKeys.session(session.season(), session.round(), session.session()) + "/" + lap.getDriverNumber() + "/" + lap.getLap();
            emitDerived(Table.TIMING_LAPS, session, key, lap, lapCodec, cause, source);
        }
    }

    /** Revision, clean topic and batch for a fact derived from merged state (counting the message is the caller's job). */
    private <C extends SpecificRecordBase> void emitDerived(Table table, SessionId session, String key, C clean, RecordCodec<C> codec,
                                                           Record<byte[], byte[]> cause, RecordMetadata source) {
        C canonical = org.apache.avro.specific.SpecificData.get().deepCopy(clean.getSchema(), clean);
        canonical.put("source", "");
        canonical.put("revision", 0);
        int revision = revisions.next(table.tableName() + "|" + key, codec.encode(canonical));
        if (revision == Revisions.DUPLICATE) {
            sensor(duplicates, DUPLICATES_METRIC, table.tableName()).record();
            return;
        }
        clean.put("revision", revision);
        forward(TableHandler.sinkName(table), table.cleanTopic(), key, codec.encode(table.cleanTopic(), clean), cause);
        batcher.addDerived(table, session, row(source, clean), cause.timestamp());
    }

    /** The feed topic of a live-timing key {@code season/round/session/topic}. */
    private static String keyTopic(byte[] key) {
        if (key == null) {
            return null;
        }
        String k = new String(key, StandardCharsets.UTF_8);
        String prefix = dev.pitwall.schemas.RecordKeys.sessionPrefix(k);
        return k.length() > prefix.length() + 1 ? k.substring(prefix.length() + 1) : null;
    }

    /** The record still counts towards its session when its key names one, so the session can close. */
    private void undecodable(Table table, Record<byte[], byte[]> record, RecordMetadata source, RecordCodec.CodecException e) {
        reject(table, SessionId.fromRecordKey(record.key()), record, source,
                new Rejection(RejectReason.UNDECODABLE, e.getMessage()), RawPayload.base64(record.value()), null);
    }

    /**
     * Dead-letters the record, adds it to its session's rejected batch (the unknown session's when the
     * key names none) and, for a raw record, counts it towards its table in its session.
     *
     * @param table   the raw record's table; null for a control event
     * @param payload JSON of the decoded raw record, or the bytes in base64 when undecodable
     */
    private void reject(Table table, Optional<SessionId> session, Record<byte[], byte[]> record, RecordMetadata source,
                        Rejection rejection, RawPayload payload, String rawSource) {
        sensor(rejects, REJECTS_METRIC, table == null ? "control" : table.tableName()).record();
        RejectReason reason = rejection.reason();
        String message = rejection.describe();
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(),
                DeadLetter.headers(record.headers(), reason, message, source.topic(), source.partition(), source.offset())),
                PitwallTopology.DLQ_SINK);
        SessionId target = session.orElse(SessionId.UNKNOWN);
        RejectedRecord rejected = RejectedRecord.newBuilder()
                .setSeason(target.season())
                .setRound(target.round())
                .setSession(target.session())
                .setSourceTable(table == null ? "control" : table.tableName())
                .setRecordKey(recordKey(record.key()))
                .setErrorCode(reason.code())
                .setErrorName(reason.name())
                .setMessage(message)
                .setPayload(payload.text())
                .setPayloadEncoding(payload.encoding())
                .setSource(rawSource)
                .setSeverity(FieldWarnings.ERROR)
                .build();
        batcher.reject(target, row(source, rejected), record.timestamp());
        if (table != null && session.isPresent()) {
            batcher.accept(table, target, null, record.timestamp());
        }
    }

    /**
     * A record that landed with a field nulled (the warehouse holds it as null): a warning row in its
     * session's rejected batch, so the change is queryable, but no dead letter and no reject counted.
     */
    private void warn(Table table, SessionId session, Record<byte[], byte[]> record, RecordMetadata source,
                      FieldWarnings.Warning warning, RawPayload payload, String rawSource) {
        RejectedRecord row = RejectedRecord.newBuilder()
                .setSeason(session.season())
                .setRound(session.round())
                .setSession(session.session())
                .setSourceTable(table.tableName())
                .setRecordKey(recordKey(record.key()))
                .setErrorCode(warning.reason().code())
                .setErrorName(warning.reason().name())
                .setMessage(warning.message())
                .setPayload(payload.text())
                .setPayloadEncoding(payload.encoding())
                .setSource(rawSource)
                .setSeverity(FieldWarnings.WARNING)
                .build();
        batcher.reject(session, row(source, row), record.timestamp());
    }

    /** A rejected record as the analyst will see it in staging.rejected. */
    private record RawPayload(String text, String encoding) {
        static RawPayload json(String json) {
            return new RawPayload(json, "json");
        }

        static RawPayload base64(byte[] bytes) {
            return new RawPayload(bytes == null ? null : Base64.getEncoder().encodeToString(bytes), "base64");
        }
    }

    private static byte[] nonNull(byte[] value) {
        if (value == null) {
            throw new RecordCodec.CodecException("value is null (a tombstone)", null);
        }
        return value;
    }

    private static BatchRow row(RecordMetadata source, Object record) {
        return BatchRow.newBuilder()
                .setTopic(source.topic())
                .setPartition(source.partition())
                .setOffset(source.offset())
                .setRecord(record)
                .build();
    }

    private void forward(String sink, String topic, String key, byte[] value, Record<byte[], byte[]> cause) {
        context.forward(new Record<>(WireFormats.current().encodeKey(topic, key), value, cause.timestamp(), new RecordHeaders()), sink);
    }

    private void emitBatch(String batchKey, Batch batch, long timestamp) {
        context.forward(new Record<>(WireFormats.current().encodeKey(Topics.BATCHES, batchKey), batches.encode(Topics.BATCHES, batch),
                timestamp, new RecordHeaders()),
                PitwallTopology.BATCHES_SINK);
    }

    /** The key as text: a framed Avro string's text, otherwise the bytes as UTF-8 (a malformed frame too, so nothing is lost). */
    private static String recordKey(byte[] key) {
        if (key == null) {
            return null;
        }
        try {
            return ConfluentFraming.decodeKey(key);
        } catch (RecordCodec.CodecException e) {
            return new String(key, StandardCharsets.UTF_8);
        }
    }
}

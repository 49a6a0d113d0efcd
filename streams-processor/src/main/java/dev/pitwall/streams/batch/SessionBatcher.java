package dev.pitwall.streams.batch;

import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import dev.pitwall.schemas.avro.CloseReason;
import dev.pitwall.schemas.serde.RecordCodec;
import dev.pitwall.schemas.serde.SingleObjectCodec;
import dev.pitwall.streams.TopologyConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects clean rows into one open batch per {@code table/season/round/session} and closes it by
 * size, when its session is finished, or (live) when no row has reached it for the idle timeout. Rows are stored one per key, so the changelog grows by one
 * row per record instead of re-writing an ever larger batch value.
 */
public final class SessionBatcher {
    /** Row key -> encoded {@link BatchRow}; key {@code <batchKey>|<sequence>|<row index>}, both zero-padded. */
    public static final String ROWS_STORE = "batch-rows";
    /** Batch key -> {@link SessionTableState}. */
    public static final String STATE_STORE = "session-tables";

    private static final Logger LOG = LoggerFactory.getLogger(SessionBatcher.class);
    private static final Serializer<String> PREFIX_SERIALIZER = new StringSerializer();

    private final KeyValueStore<String, byte[]> rows;
    private final KeyValueStore<String, byte[]> states;
    private final TopologyConfig config;
    private final ClosedBatchSink sink;
    private final RecordCodec<BatchRow> rowCodec =
            new SingleObjectCodec<>(BatchRow.class, BatchRow.getClassSchema(), List.of());

    private final Clock clock;
    /** Open batches by key with the wall-clock time a row last reached them; kept only with an idle timeout. */
    private final Map<String, Long> lastTouched = new HashMap<>();

    public SessionBatcher(KeyValueStore<String, byte[]> rows, KeyValueStore<String, byte[]> states,
                          TopologyConfig config, ClosedBatchSink sink) {
        this(rows, states, config, sink, System::currentTimeMillis);
    }

    /**
     * @param clock wall-clock milliseconds, read only when {@link TopologyConfig#idleTimeout()} is set.
     *              Batches left open by an earlier instance count as touched at construction.
     */
    public SessionBatcher(KeyValueStore<String, byte[]> rows, KeyValueStore<String, byte[]> states,
                          TopologyConfig config, ClosedBatchSink sink, Clock clock) {
        this.rows = rows;
        this.states = states;
        this.config = config;
        this.sink = sink;
        this.clock = clock;
        if (config.idleTimeout() != null) {
            long now = clock.millis();
            try (KeyValueIterator<String, byte[]> it = states.all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> entry = it.next();
                    if (SessionTableState.decode(entry.value).openRows() > 0) {
                        lastTouched.put(entry.key, now);
                    }
                }
            }
        }
    }

    /** Wall-clock milliseconds. */
    @FunctionalInterface
    public interface Clock {
        long millis();
    }

    /**
     * Counts one raw record of the session and, when it became a row, adds it to the open batch.
     * Every results or laps record also counts towards the session's rejected batch, which closes
     * once the session's announced records have all been seen.
     *
     * @param row the clean row, or null when the raw record was rejected or a duplicate
     */
    public void accept(Table table, SessionId session, BatchRow row, long timestamp) {
        String batchKey = batchKey(table, session);
        SessionTableState state = SessionTableState.decode(states.get(batchKey));
        if (row != null) {
            state = add(table, session, state, row, timestamp);
        }
        state = state.seenOne();
        if (state.complete()) {
            state = close(table, session, state, CloseReason.SESSION_FINISHED, timestamp).sessionReset();
        }
        states.put(batchKey, state.encode());
        if (table != Table.REJECTED) {
            accept(Table.REJECTED, session, null, timestamp);
        }
    }

    /** Adds a rejected record's row to its session's rejected batch; counting it is {@link #accept}'s job. */
    public void reject(SessionId session, BatchRow row, long timestamp) {
        String batchKey = batchKey(Table.REJECTED, session);
        SessionTableState state = add(Table.REJECTED, session, SessionTableState.decode(states.get(batchKey)), row, timestamp);
        states.put(batchKey, state.encode());
    }

    private SessionTableState add(Table table, SessionId session, SessionTableState state, BatchRow row, long timestamp) {
        String batchKey = batchKey(table, session);
        byte[] encoded = rowCodec.encode(row);
        if (state.openRows() > 0 && state.openBytes() + encoded.length > config.maxBatchBytes()) {
            state = close(table, session, state, CloseReason.MAX_BYTES, timestamp);
        }
        rows.put(rowKey(batchKey, state.nextSequence(), state.openRows()), encoded);
        state = state.withRow(encoded.length);
        if (config.idleTimeout() != null) {
            lastTouched.put(batchKey, clock.millis());
        }
        if (state.openRows() >= config.maxBatchRecords()) {
            state = close(table, session, state, CloseReason.MAX_RECORDS, timestamp);
        }
        return state;
    }

    /**
     * Records a FINISHED event. Each table it names closes as soon as all its announced raw records
     * have been seen: now, or later when the last of them arrives. Tables it does not name are left open.
     * The session's rejected batch closes when all records of the named tables have been seen.
     */
    public void finished(SessionId session, Map<String, Long> expected, long timestamp) {
        long total = 0;
        boolean anyNamed = false;
        for (Table table : new Table[] {Table.RESULTS, Table.LAPS}) {
            Long count = expected.get(table.tableName());
            if (count == null) {
                continue;
            }
            if (count < 0) {
                LOG.warn("FINISHED event for {} announces {} {} records; ignoring that table", session, count, table.tableName());
                continue;
            }
            anyNamed = true;
            total += count;
            expect(table, session, count, timestamp);
        }
        if (anyNamed) {
            expect(Table.REJECTED, session, total, timestamp);
        }
    }

    private void expect(Table table, SessionId session, long count, long timestamp) {
        String batchKey = batchKey(table, session);
        SessionTableState state = SessionTableState.decode(states.get(batchKey)).expecting(count);
        if (state.complete()) {
            state = close(table, session, state, CloseReason.SESSION_FINISHED, timestamp).sessionReset();
        }
        states.put(batchKey, state.encode());
    }

    /**
     * Closes, with IDLE_TIMEOUT, every open batch no row has reached for the configured idle timeout.
     *
     * @param now wall-clock milliseconds (the punctuation time), also the closed batches' record timestamp
     */
    public void closeIdle(long now) {
        if (config.idleTimeout() == null || lastTouched.isEmpty()) {
            return;
        }
        long cutoff = now - config.idleTimeout().toMillis();
        List<String> idle = lastTouched.entrySet().stream()
                .filter(e -> e.getValue() <= cutoff).map(Map.Entry::getKey).sorted().toList();
        for (String batchKey : idle) {
            String[] parts = batchKey.split("/", 4);
            Table table = Table.ofName(parts[0])
                    .orElseThrow(() -> new IllegalStateException("batch key " + batchKey + " names no table"));
            SessionId session = new SessionId(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), parts[3]);
            SessionTableState state = close(table, session, SessionTableState.decode(states.get(batchKey)),
                    CloseReason.IDLE_TIMEOUT, now);
            states.put(batchKey, state.encode());
        }
    }

    private SessionTableState close(Table table, SessionId session, SessionTableState state, CloseReason reason, long timestamp) {
        if (state.openRows() == 0) {
            return state;
        }
        String batchKey = batchKey(table, session);
        String prefix = batchPrefix(batchKey, state.nextSequence());
        List<BatchRow> batchRows = new ArrayList<>((int) state.openRows());
        List<String> keys = new ArrayList<>((int) state.openRows());
        try (KeyValueIterator<String, byte[]> it = rows.prefixScan(prefix, PREFIX_SERIALIZER)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                keys.add(entry.key);
                batchRows.add(rowCodec.decode(entry.value));
            }
        }
        if (batchRows.size() != state.openRows()) {
            throw new IllegalStateException("store holds " + batchRows.size() + " rows for " + prefix
                    + " but its state counts " + state.openRows());
        }
        String batchId = String.format("%s-%d-%d-%s-%06d", table.tableName(), session.season(), session.round(),
                session.session(), state.nextSequence());
        Batch batch = Batch.newBuilder()
                .setBatchId(batchId)
                .setTable(table.tableName())
                .setSeason(session.season())
                .setRound(session.round())
                .setSession(session.session())
                .setSequence(state.nextSequence())
                .setCloseReason(reason)
                .setRows(batchRows)
                .build();
        sink.emit(batchKey, batch, timestamp);
        keys.forEach(rows::delete);
        lastTouched.remove(batchKey);
        LOG.info("closed batch {}: {} rows, ~{} KiB, reason {}", batchId, batchRows.size(),
                (state.openBytes() + 1023) / 1024, reason);
        return state.batchClosed();
    }

    static String batchKey(Table table, SessionId session) {
        return RecordKeys.batch(table.tableName(), session.season(), session.round(), session.session());
    }

    private static String batchPrefix(String batchKey, long sequence) {
        return batchKey + "|" + String.format("%06d", sequence) + "|";
    }

    private static String rowKey(String batchKey, long sequence, long rowIndex) {
        return batchPrefix(batchKey, sequence) + String.format("%09d", rowIndex);
    }
}

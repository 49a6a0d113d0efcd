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
import java.util.LinkedHashMap;
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
    /** Open batches by key with the wall-clock time their first row arrived; kept only with an age limit. */
    private final Map<String, Long> openedAt = new HashMap<>();

    public SessionBatcher(KeyValueStore<String, byte[]> rows, KeyValueStore<String, byte[]> states,
                          TopologyConfig config, ClosedBatchSink sink) {
        this(rows, states, config, sink, System::currentTimeMillis);
    }

    /**
     * @param clock wall-clock milliseconds, read only when {@link TopologyConfig#timed()}.
     *              Batches left open by an earlier instance count as touched (and opened) at construction.
     */
    public SessionBatcher(KeyValueStore<String, byte[]> rows, KeyValueStore<String, byte[]> states,
                          TopologyConfig config, ClosedBatchSink sink, Clock clock) {
        this.rows = rows;
        this.states = states;
        this.config = config;
        this.sink = sink;
        this.clock = clock;
        if (config.timed()) {
            long now = clock.millis();
            try (KeyValueIterator<String, byte[]> it = states.all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> entry = it.next();
                    if (SessionTableState.decode(entry.value).openRows() > 0) {
                        lastTouched.put(entry.key, now);
                        openedAt.put(entry.key, now);
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
     * Rejected and duplicate records count too (with a null row), so the table closes once all the
     * records its FINISHED event announced have been seen, whatever became of them.
     *
     * @param table a table fed from a raw topic (not {@link Table#REJECTED})
     * @param row   the clean row, or null when the raw record was rejected or a duplicate
     */
    public void accept(Table table, SessionId session, BatchRow row, long timestamp) {
        if (table == Table.REJECTED) {
            throw new IllegalArgumentException("rejected rows go through reject(), not accept()");
        }
        String batchKey = batchKey(table, session);
        SessionTableState state = SessionTableState.decode(states.get(batchKey));
        if (row != null) {
            state = add(table, session, state, row, timestamp);
        }
        state = state.seenOne();
        boolean completed = state.complete();
        if (completed) {
            state = close(table, session, state, CloseReason.SESSION_FINISHED, timestamp).sessionReset();
        }
        states.put(batchKey, state.encode());
        if (completed) {
            tableCompleted(session, timestamp);
        }
    }

    /**
     * Adds a row derived from merged state (a live-timing lap) without counting a raw record: one raw
     * message may complete several laps or none, and {@link #accept} counts the message itself.
     */
    public void addDerived(Table table, SessionId session, BatchRow row, long timestamp) {
        String batchKey = batchKey(table, session);
        SessionTableState state = add(table, session, SessionTableState.decode(states.get(batchKey)), row, timestamp);
        states.put(batchKey, state.encode());
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
        if (config.timed()) {
            long now = clock.millis();
            lastTouched.put(batchKey, now);
            openedAt.putIfAbsent(batchKey, now);
        }
        if (state.openRows() >= config.maxBatchRecords()) {
            state = close(table, session, state, CloseReason.MAX_RECORDS, timestamp);
        }
        return state;
    }

    /**
     * Records a FINISHED event. Each table it names closes as soon as all its announced raw records
     * have been seen (valid, duplicate or rejected; {@code seen >= expected}, so a producer re-sending
     * records cannot keep it open): now, or later when the last of them arrives. Tables it does not name
     * are left open.
     *
     * <p>A session may get several FINISHED events from different producers naming different tables
     * (Jolpica: results, laps, pitstops, standings; OpenF1: its five tables). The session's rejected
     * batch therefore counts tables, not records: every table named by a FINISHED event is pending
     * until it completes, and the rejected batch closes (SESSION_FINISHED) when no named table is
     * pending any more. All named tables are registered before any of them is checked, so a table
     * complete at once cannot close the rejected batch ahead of the others of the same event.
     */
    public void finished(SessionId session, Map<String, Long> expected, long timestamp) {
        Map<Table, Long> named = new LinkedHashMap<>();
        for (String name : expected.keySet()) {
            if (Table.ofName(name).filter(t -> t != Table.REJECTED).isEmpty()) {
                LOG.warn("FINISHED event for {} names unknown table '{}'; ignoring it", session, name);
            }
        }
        for (Table table : Table.fed()) {
            Long count = expected.get(table.tableName());
            if (count == null) {
                continue;
            }
            if (count < 0) {
                LOG.warn("FINISHED event for {} announces {} {} records; ignoring that table", session, count, table.tableName());
                continue;
            }
            named.put(table, count);
        }
        if (named.isEmpty()) {
            return;
        }
        String rejectedKey = batchKey(Table.REJECTED, session);
        SessionTableState rejected = SessionTableState.decode(states.get(rejectedKey));
        for (Table table : named.keySet()) {
            // a table a previous FINISHED already named and that has not completed is pending once only
            if (!SessionTableState.decode(states.get(batchKey(table, session))).awaiting()) {
                rejected = rejected.awaitingOneMoreTable();
            }
        }
        states.put(rejectedKey, rejected.encode());
        named.forEach((table, count) -> expect(table, session, count, timestamp));
    }

    private void expect(Table table, SessionId session, long count, long timestamp) {
        String batchKey = batchKey(table, session);
        SessionTableState state = SessionTableState.decode(states.get(batchKey)).expecting(count);
        boolean completed = state.complete();
        if (completed) {
            state = close(table, session, state, CloseReason.SESSION_FINISHED, timestamp).sessionReset();
        }
        states.put(batchKey, state.encode());
        if (completed) {
            tableCompleted(session, timestamp);
        }
    }

    /** A table named by FINISHED completed: the rejected batch closes when it was the last one pending. */
    private void tableCompleted(SessionId session, long timestamp) {
        String rejectedKey = batchKey(Table.REJECTED, session);
        SessionTableState rejected = SessionTableState.decode(states.get(rejectedKey)).seenOne();
        if (rejected.complete()) {
            rejected = close(Table.REJECTED, session, rejected, CloseReason.SESSION_FINISHED, timestamp).sessionReset();
        }
        states.put(rejectedKey, rejected.encode());
    }

    /**
     * Closes, with IDLE_TIMEOUT, every open batch no row has reached for the configured idle timeout, and
     * with MAX_AGE every open batch whose first row is older than the configured age limit.
     *
     * @param now wall-clock milliseconds (the punctuation time), also the closed batches' record timestamp
     */
    public void closeIdle(long now) {
        if (!config.timed() || lastTouched.isEmpty()) {
            return;
        }
        long idleCutoff = config.idleTimeout() == null ? Long.MIN_VALUE : now - config.idleTimeout().toMillis();
        long ageCutoff = config.maxBatchAge() == null ? Long.MIN_VALUE : now - config.maxBatchAge().toMillis();
        List<String> due = lastTouched.entrySet().stream()
                .filter(e -> e.getValue() <= idleCutoff || openedAt.getOrDefault(e.getKey(), Long.MAX_VALUE) <= ageCutoff)
                .map(Map.Entry::getKey).sorted().toList();
        for (String batchKey : due) {
            CloseReason reason = lastTouched.get(batchKey) <= idleCutoff ? CloseReason.IDLE_TIMEOUT : CloseReason.MAX_AGE;
            String[] parts = batchKey.split("/", 4);
            Table table = Table.ofName(parts[0])
                    .orElseThrow(() -> new IllegalStateException("batch key " + batchKey + " names no table"));
            SessionId session = new SessionId(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), parts[3]);
            SessionTableState state = close(table, session, SessionTableState.decode(states.get(batchKey)), reason, now);
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
        openedAt.remove(batchKey);
        LOG.info("closed batch {}: {} rows, ~{} KiB, reason {}", batchId, batchRows.size(),
                (state.openBytes() + 1023) / 1024, reason);
        return state.batchClosed();
    }

    static String batchKey(Table table, SessionId session) {
        return RecordKeys.batch(table.tableName(), session.season(), session.round(), session.session());
    }

    private static String batchPrefix(String batchKey, long sequence) {
        return zeroPadded(new StringBuilder(batchKey.length() + 8).append(batchKey).append('|'), sequence, 6).append('|').toString();
    }

    /** {@code batchPrefix + %09d}, built per row: without String.format, which showed in the stream thread's profile. */
    static String rowKey(String batchKey, long sequence, long rowIndex) {
        StringBuilder b = new StringBuilder(batchKey.length() + 17).append(batchKey).append('|');
        return zeroPadded(zeroPadded(b, sequence, 6).append('|'), rowIndex, 9).toString();
    }

    /** Appends {@code value} as String.format("%0{width}d") would (non-negative values). */
    static StringBuilder zeroPadded(StringBuilder b, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits);
    }
}

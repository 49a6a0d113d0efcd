package dev.pitwall.streams;

import dev.pitwall.schemas.serde.RecordCodec;
import dev.pitwall.streams.batch.SessionId;
import dev.pitwall.streams.batch.Table;
import dev.pitwall.streams.clean.Rejection;
import java.util.function.Function;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Everything table-specific about turning one raw record into a clean one: how to decode it, how to
 * clean it, what identifies the fact (its natural key, for revisions and the clean record's key), and
 * which sink the clean record goes to. {@link SessionProcessor} does the rest (session check,
 * dedupe/revision, dead letters, batching) the same way for every table.
 *
 * <p>Every raw schema has {@code source, season, round, session} and every clean schema {@code source}
 * and {@code revision}; they are read by field name so one handler type fits all tables.
 */
final class TableHandler<R extends SpecificRecordBase, C extends SpecificRecordBase> {
    /** A table's cleaner: validates and normalises one raw record, or says why it cannot. */
    @FunctionalInterface
    interface Cleaner<R, C> {
        C clean(R raw) throws Rejection;
    }

    private final Table table;
    private final RecordCodec<R> rawCodec;
    private final RecordCodec<C> cleanCodec;
    private final Cleaner<R, C> cleaner;
    private final Function<C, String> naturalKey;

    /**
     * @param naturalKey the fact's identity, e.g. {@code 2024/1/R/max_verstappen/12} for a lap: the clean
     *                   record's key, and (prefixed with the table name) its key in the revisions store
     */
    TableHandler(Table table, RecordCodec<R> rawCodec, RecordCodec<C> cleanCodec, Cleaner<R, C> cleaner,
                 Function<C, String> naturalKey) {
        this.table = table;
        this.rawCodec = rawCodec;
        this.cleanCodec = cleanCodec;
        this.cleaner = cleaner;
        this.naturalKey = naturalKey;
    }

    Table table() {
        return table;
    }

    /** The topology's sink node writing this table's clean topic. */
    String sinkName() {
        return sinkName(table);
    }

    static String sinkName(Table table) {
        return "clean-" + table.tableName() + "-sink";
    }

    /** @throws RecordCodec.CodecException when the bytes are not a record of the raw schema */
    R decode(byte[] value) {
        return rawCodec.decode(value);
    }

    SessionId session(R raw) {
        return new SessionId((Integer) raw.get("season"), (Integer) raw.get("round"), String.valueOf(raw.get("session")));
    }

    String source(R raw) {
        Object source = raw.get("source");
        return source == null ? null : source.toString();
    }

    C clean(R raw) throws Rejection {
        return cleaner.clean(raw);
    }

    String naturalKey(C clean) {
        return naturalKey.apply(clean);
    }

    /**
     * The clean facts encoded without revision and source, for the content hash: the same fact from the
     * archive and from the API is the same fact.
     */
    byte[] facts(C clean) {
        C canonical = SpecificData.get().deepCopy(clean.getSchema(), clean);
        canonical.put("source", "");
        canonical.put("revision", 0);
        return cleanCodec.encode(canonical);
    }

    /** Sets the revision and encodes the record for the clean topic. */
    byte[] encode(C clean, int revision) {
        clean.put("revision", revision);
        return cleanCodec.encode(table.cleanTopic(), clean);
    }
}

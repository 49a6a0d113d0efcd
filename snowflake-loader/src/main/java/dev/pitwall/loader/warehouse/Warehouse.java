package dev.pitwall.loader.warehouse;

import dev.pitwall.schemas.avro.FileWritten;
import java.nio.file.Path;

/**
 * A warehouse the loader copies S3 batch files into (DESIGN §5): staging tables, the load manifest
 * and the analytics views. DuckDB is the embedded default; Snowflake follows with the same model.
 * Failures surface as {@link WarehouseException}.
 */
public interface Warehouse extends AutoCloseable {

    /** Applies the versioned migrations not yet recorded in the schema-version table; a no-op when up to date. */
    void migrate();

    /** Whether the manifest already holds this object key. */
    boolean isLoaded(String objectKey);

    /**
     * Inserts every line of the gzip JSON-lines file into the staging table named by
     * {@code file.getTable()} and the manifest row, in one transaction. A key already in the
     * manifest is skipped: {@code skipped=true, rows=0}.
     */
    LoadOutcome load(FileWritten file, Path gzipJsonLinesFile);

    /**
     * Whether this warehouse reads the S3 objects itself (Snowflake, from its external stage), so
     * the loader calls {@link #load(FileWritten)} without downloading anything.
     */
    default boolean readsObjectsItself() {
        return false;
    }

    /** Loads the object straight from the warehouse's own stage, with the same manifest rules as the file variant. */
    default LoadOutcome load(FileWritten file) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " loads from a local copy of the object");
    }

    /** Runs ad-hoc SQL (for {@code pitwall sql}); safe to call from any thread. */
    QueryResult query(String sql);

    @Override
    void close();
}

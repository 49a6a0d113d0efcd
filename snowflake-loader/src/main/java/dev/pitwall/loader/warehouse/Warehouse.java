package dev.pitwall.loader.warehouse;

import dev.pitwall.schemas.avro.FileWritten;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
     * The keys among {@code objectKeys} the manifest already holds, in one round trip where the
     * warehouse allows (the default asks {@link #isLoaded} per key).
     */
    default Set<String> loadedAmong(Collection<String> objectKeys) {
        Set<String> loaded = new LinkedHashSet<>();
        for (String key : objectKeys) {
            if (isLoaded(key)) {
                loaded.add(key);
            }
        }
        return loaded;
    }

    /**
     * Loads a group of files of ONE staging table with as few warehouse round trips as the warehouse
     * allows (Snowflake: one COPY with every name in FILES; Snowpipe: one insertFiles), with the same
     * rules per file as {@link #load(FileWritten, Path)}: a file enters the manifest only when all its
     * lines are in staging, in the same commit; a key already in the manifest is skipped.
     *
     * <p>A file that did not load fully is returned in {@link GroupOutcome#failed()} with its first
     * error and nothing of it is committed, while the group's other files are. Throws
     * {@link WarehouseException} when nothing of the group was committed (timeouts, outages).
     *
     * <p>The default loads file by file, each in its own transaction, and stops at the first failure.
     *
     * @param files distinct keys, all of one table, at most {@link dev.pitwall.loader.LoaderConfig#MAX_FILES_PER_LOAD}
     */
    default GroupOutcome loadAll(List<FileToLoad> files) {
        List<LoadOutcome> done = new ArrayList<>();
        Map<String, WarehouseException> failed = new LinkedHashMap<>();
        for (FileToLoad f : files) {
            try {
                done.add(readsObjectsItself() ? load(f.file()) : load(f.file(), f.localCopy()));
            } catch (WarehouseException e) {
                if (done.isEmpty()) {
                    throw e;
                }
                failed.put(f.key(), e);
                break;
            }
        }
        return new GroupOutcome(done, failed);
    }

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

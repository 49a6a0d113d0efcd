package dev.pitwall.loader.snowflake;

import dev.pitwall.loader.warehouse.FileToLoad;
import dev.pitwall.loader.warehouse.GroupOutcome;
import dev.pitwall.loader.warehouse.LoadOutcome;
import dev.pitwall.loader.warehouse.QueryResult;
import dev.pitwall.loader.warehouse.StagingTable;
import dev.pitwall.loader.warehouse.Warehouse;
import dev.pitwall.loader.warehouse.WarehouseError;
import dev.pitwall.loader.warehouse.WarehouseException;
import dev.pitwall.schemas.avro.FileWritten;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snowflake in Snowpipe mode: Snowpipe loads each file through the table's pipe (a group of files of
 * one table in one insertFiles), and the manifest,
 * migrations, pipes and queries go through the same JDBC connection as COPY mode. The manifest row is
 * written only after the pipe reports the file LOADED with every row; submission and manifest are not
 * one transaction, and a crash between them re-submits a file the pipe's load history skips.
 */
public final class SnowpipeWarehouse implements Warehouse {
    private static final Logger LOG = LoggerFactory.getLogger(SnowpipeWarehouse.class);

    private final SnowflakeSettings settings;
    private final SnowflakeWarehouse jdbc;
    private final Snowpipe snowpipe;

    public SnowpipeWarehouse(SnowflakeSettings settings) {
        this.settings = settings;
        this.jdbc = new SnowflakeWarehouse(settings);
        this.snowpipe = new Snowpipe(settings);
    }

    public SnowflakeSettings settings() {
        return settings;
    }

    /** The one-time admin SQL, with the grant that lets the loader's role create the pipes. */
    public String setupSql(String bucket, String awsRoleArn) {
        return SnowflakeSetup.sql(settings, bucket, awsRoleArn);
    }

    /** The Snowflake migrations, then one pipe per staging table (they need the tables and the URL's stage). */
    @Override
    public void migrate() {
        jdbc.migrate();
        for (StagingTable table : StagingTable.values()) {
            jdbc.execute(PipeStatement.forTable(settings, table).sql());
        }
    }

    @Override
    public boolean isLoaded(String objectKey) {
        return jdbc.isLoaded(objectKey);
    }

    @Override
    public Set<String> loadedAmong(Collection<String> objectKeys) {
        return jdbc.loadedAmong(objectKeys);
    }

    @Override
    public boolean readsObjectsItself() {
        return true;
    }

    @Override
    public LoadOutcome load(FileWritten file, Path gzipJsonLinesFile) {
        return load(file);
    }

    /** One file: {@link #loadAll} of one; a file the pipe did not load fully throws its PW-0407 (or PW-0409). */
    @Override
    public LoadOutcome load(FileWritten file) {
        GroupOutcome outcome = loadAll(List.of(FileToLoad.staged(file)));
        if (!outcome.failed().isEmpty()) {
            throw outcome.failed().values().iterator().next();
        }
        return outcome.done().get(0);
    }

    /**
     * The manifest check for the group (one statement), ONE insertFiles with the keys not loaded yet,
     * reports until each has a final status, then the manifest rows of the files LOADED with every row
     * in one JDBC transaction. A file PARTIALLY_LOADED, LOAD_FAILED or with another row count is
     * returned failed with PW-0407 and its first error; a file without a final report within
     * {@code report_timeout} with PW-0409 (retryable: the re-submission is skipped by the pipe and read
     * from its load history).
     */
    @Override
    public GroupOutcome loadAll(List<FileToLoad> files) {
        if (files.isEmpty()) {
            return new GroupOutcome(List.of(), Map.of());
        }
        StagingTable table = StagingTable.named(files.get(0).file().getTable());
        Set<String> present = jdbc.loadedAmong(files.stream().map(FileToLoad::key).toList());
        List<LoadOutcome> done = new ArrayList<>();
        List<FileWritten> pending = new ArrayList<>();
        for (FileToLoad f : files) {
            if (StagingTable.named(f.file().getTable()) != table) {
                throw new IllegalArgumentException("one group holds one table: " + f.key() + " is not in " + table.qualifiedName());
            }
            if (present.contains(f.key())) {
                done.add(new LoadOutcome(f.key(), 0, true));
            } else {
                pending.add(f.file());
            }
        }
        if (pending.isEmpty()) {
            return new GroupOutcome(done, Map.of());
        }
        Snowpipe.Reports reports = snowpipe.load(table, pending.stream().map(FileWritten::getKey).toList());
        Map<String, WarehouseException> failed = new LinkedHashMap<>(reports.timedOut());
        List<FileWritten> loaded = new ArrayList<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        for (FileWritten file : pending) {
            CopyFileResult result = reports.finished().get(file.getKey());
            if (result == null) {
                continue;
            }
            if (result.loadedFully(file.getRows())) {
                loaded.add(file);
                rows.put(file.getKey(), result.rowsLoaded());
            } else {
                String why = "pipe " + settings.qualifiedPipe(table) + ": " + result.describe(file.getRows());
                LOG.error("Snowpipe did not load {} fully, left out of the manifest: {}", file.getKey(), why);
                failed.put(file.getKey(), new WarehouseException(WarehouseError.COPY_INCOMPLETE, why));
            }
        }
        Set<String> recorded = jdbc.recordLoaded(loaded, rows);
        for (FileWritten file : loaded) {
            boolean fresh = recorded.contains(file.getKey());
            done.add(new LoadOutcome(file.getKey(), fresh ? rows.get(file.getKey()) : 0, !fresh));
        }
        if (!recorded.isEmpty()) {
            LOG.info("piped {} into {} rows={}", recorded.size() == 1 ? recorded.iterator().next() : recorded.size() + " files",
                    table.qualifiedName(), recorded.stream().mapToLong(rows::get).sum());
        }
        return new GroupOutcome(done, failed);
    }

    @Override
    public QueryResult query(String sql) {
        return jdbc.query(sql);
    }

    @Override
    public void close() {
        snowpipe.close();
        jdbc.close();
    }
}

package dev.pitwall.loader.snowflake;

import dev.pitwall.loader.warehouse.LoadOutcome;
import dev.pitwall.loader.warehouse.QueryResult;
import dev.pitwall.loader.warehouse.StagingTable;
import dev.pitwall.loader.warehouse.Warehouse;
import dev.pitwall.loader.warehouse.WarehouseError;
import dev.pitwall.loader.warehouse.WarehouseException;
import dev.pitwall.schemas.avro.FileWritten;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snowflake in Snowpipe mode: Snowpipe loads each file through the table's pipe, and the manifest,
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
    public boolean readsObjectsItself() {
        return true;
    }

    @Override
    public LoadOutcome load(FileWritten file, Path gzipJsonLinesFile) {
        return load(file);
    }

    @Override
    public LoadOutcome load(FileWritten file) {
        StagingTable table = StagingTable.named(file.getTable());
        String key = file.getKey();
        if (jdbc.isLoaded(key)) {
            return new LoadOutcome(key, 0, true);
        }
        CopyFileResult result = snowpipe.load(table, key);
        if (!result.loadedFully(file.getRows())) {
            throw new WarehouseException(WarehouseError.COPY_INCOMPLETE, "pipe " + settings.qualifiedPipe(table) + ": "
                    + result.describe(file.getRows()));
        }
        if (!jdbc.recordLoaded(file, result.rowsLoaded())) {
            return new LoadOutcome(key, 0, true);
        }
        LOG.info("piped {} into {} rows={}", key, table.qualifiedName(), result.rowsLoaded());
        return new LoadOutcome(key, result.rowsLoaded(), false);
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

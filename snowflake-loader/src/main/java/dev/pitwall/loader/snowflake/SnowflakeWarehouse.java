package dev.pitwall.loader.snowflake;

import dev.pitwall.loader.warehouse.LoadOutcome;
import dev.pitwall.loader.warehouse.MigrationScript;
import dev.pitwall.loader.warehouse.QueryResult;
import dev.pitwall.loader.warehouse.SchemaMigrator;
import dev.pitwall.loader.warehouse.StagingTable;
import dev.pitwall.loader.warehouse.Warehouse;
import dev.pitwall.loader.warehouse.WarehouseError;
import dev.pitwall.loader.warehouse.WarehouseException;
import dev.pitwall.schemas.avro.FileWritten;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snowflake through snowflake-jdbc with key-pair auth: per file, one transaction runs COPY INTO
 * from the external stage and inserts the manifest row; COPY's per-file result decides whether the
 * file counts as loaded. The connection is opened on first use and reopened after a failure.
 */
public final class SnowflakeWarehouse implements Warehouse {
    private static final Logger LOG = LoggerFactory.getLogger(SnowflakeWarehouse.class);

    private final SnowflakeSettings settings;
    private Connection connection;
    private boolean closed;

    public SnowflakeWarehouse(SnowflakeSettings settings) {
        this.settings = settings;
    }

    public SnowflakeSettings settings() {
        return settings;
    }

    /** The one-time admin SQL for {@code pitwall load --print-setup}. */
    public String setupSql(String bucket, String awsRoleArn) {
        return SnowflakeSetup.sql(settings, bucket, awsRoleArn);
    }

    @Override
    public synchronized void migrate() {
        try {
            new SchemaMigrator(MigrationScript.forDialect("snowflake"), true).migrate(connection());
        } catch (SQLException e) {
            throw failure("migration failed", e);
        }
    }

    @Override
    public synchronized boolean isLoaded(String objectKey) {
        try {
            return manifestHas(connection(), objectKey);
        } catch (SQLException e) {
            throw failure("cannot read the manifest", e);
        }
    }

    @Override
    public boolean readsObjectsItself() {
        return true;
    }

    /** The local copy is not needed: Snowflake reads the object from the stage. */
    @Override
    public LoadOutcome load(FileWritten file, Path gzipJsonLinesFile) {
        return load(file);
    }

    @Override
    public synchronized LoadOutcome load(FileWritten file) {
        StagingTable table = StagingTable.named(file.getTable());
        String key = file.getKey();
        try {
            Connection c = connection();
            c.setAutoCommit(false);
            try {
                if (manifestHas(c, key)) {
                    c.rollback();
                    return new LoadOutcome(key, 0, true);
                }
                CopyFileResult result = copy(c, new CopyStatement(table, stageName(), List.of(key), settings.onError()));
                if (!result.loadedFully(file.getRows())) {
                    c.rollback();
                    throw new WarehouseException(WarehouseError.COPY_INCOMPLETE, result.describe(file.getRows()));
                }
                insertManifestRow(c, file, table, result.rowsLoaded());
                c.commit();
                LOG.info("copied {} into {} rows={}", key, table.qualifiedName(), result.rowsLoaded());
                return new LoadOutcome(key, result.rowsLoaded(), false);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("loading " + key + " into " + table.qualifiedName() + " failed", e);
        }
    }

    /**
     * Writes the manifest row for a file some other path (Snowpipe) already loaded, in its own
     * transaction; false when the manifest had the key already.
     */
    synchronized boolean recordLoaded(FileWritten file, long rows) {
        StagingTable table = StagingTable.named(file.getTable());
        try {
            Connection c = connection();
            c.setAutoCommit(false);
            try {
                if (manifestHas(c, file.getKey())) {
                    c.rollback();
                    return false;
                }
                insertManifestRow(c, file, table, rows);
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("recording " + file.getKey() + " in the manifest failed", e);
        }
    }

    /** Runs one statement outside any transaction (DDL, which Snowflake commits by itself). */
    synchronized void execute(String sql) {
        try (Statement st = connection().createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw failure("statement failed: " + sql, e);
        }
    }

    @Override
    public synchronized QueryResult query(String sql) {
        try (Statement st = connection().createStatement()) {
            if (!st.execute(sql)) {
                return new QueryResult(List.of("count"), List.of(List.of((long) st.getUpdateCount())));
            }
            try (ResultSet rs = st.getResultSet()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
                }
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
                return new QueryResult(columns, rows);
            }
        } catch (SQLException e) {
            throw failure("query failed", e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        disconnect();
    }

    private CopyFileResult copy(Connection c, CopyStatement copy) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(copy.sql());
            List<CopyFileResult> results = new ArrayList<>();
            try (ResultSet rs = st.getResultSet()) {
                while (rs != null && rs.next()) {
                    results.add(new CopyFileResult(rs.getString("file"), rs.getString("status"), rs.getLong("rows_parsed"),
                            rs.getLong("rows_loaded"), rs.getLong("errors_seen"), rs.getString("first_error")));
                }
            }
            String key = copy.objectKeys().get(0);
            return results.stream()
                    .filter(r -> r.file() != null && r.file().endsWith(key))
                    .findFirst()
                    .orElse(new CopyFileResult(key, "NOT_REPORTED", 0, 0, 0, "COPY reported no result for this file"));
        }
    }

    private void insertManifestRow(Connection c, FileWritten file, StagingTable table, long rows) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO staging.loaded_files "
                + "(object_key, table_name, batch_id, sha256, rows, bytes, loaded_at, status) "
                + "VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP(), 'LOADED')")) {
            insert.setString(1, file.getKey());
            insert.setString(2, table.tableName());
            insert.setString(3, file.getBatchId());
            insert.setString(4, file.getSha256());
            insert.setLong(5, rows);
            insert.setLong(6, file.getBytes());
            insert.executeUpdate();
        }
    }

    private static boolean manifestHas(Connection c, String objectKey) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT count(*) FROM staging.loaded_files WHERE object_key = ? AND status = 'LOADED'")) {
            st.setString(1, objectKey);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private String stageName() {
        return settings.database() + "." + settings.schema() + "." + settings.stage();
    }

    private Connection connection() throws SQLException {
        if (closed) {
            throw new WarehouseException(WarehouseError.CLOSED, "Snowflake warehouse " + settings.account() + " is closed");
        }
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(settings.jdbcUrl(), connectionProperties());
            LOG.info("connected to Snowflake account {} as {} ({}.{}, warehouse {})", settings.account(), settings.user(),
                    settings.database(), settings.schema(), settings.warehouse());
        }
        return connection;
    }

    Properties connectionProperties() {
        Properties p = new Properties();
        p.put("user", settings.user());
        p.put("role", settings.role());
        p.put("warehouse", settings.warehouse());
        p.put("db", settings.database());
        p.put("schema", settings.schema());
        p.put("authenticator", "SNOWFLAKE_JWT");
        p.put("privateKey", settings.privateKey());
        // Never probe cloud metadata endpoints; fail fast instead of retrying for minutes.
        p.put("disablePlatformDetection", "true");
        p.put("loginTimeout", Long.toString(settings.loginTimeout().toSeconds()));
        p.put("networkTimeout", Long.toString(settings.networkTimeout().toSeconds()));
        p.put("maxHttpRetries", Integer.toString(settings.maxHttpRetries()));
        // A hung service answers nothing: bound each HTTP read (milliseconds) so the loader's backoff takes over.
        p.put("HTTP_CLIENT_SOCKET_TIMEOUT", Long.toString(settings.networkTimeout().toMillis()));
        p.put("HTTP_CLIENT_CONNECTION_TIMEOUT", Long.toString(settings.loginTimeout().toMillis()));
        p.put("enableCopyResultSet", "true");
        p.put("JDBC_QUERY_RESULT_FORMAT", "JSON");
        p.put("CLIENT_TELEMETRY_ENABLED", "false");
        p.put("CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED", "false");
        return p;
    }

    private WarehouseException failure(String what, SQLException e) {
        disconnect();
        // 390xxx are Snowflake's authentication errors: retrying with the same key cannot help.
        if (e.getErrorCode() >= 390000 && e.getErrorCode() < 391000) {
            return new WarehouseException(WarehouseError.LOGIN_FAILED, "login to Snowflake account " + settings.account()
                    + " as " + settings.user() + " refused: " + e.getMessage(), e);
        }
        return new WarehouseException(WarehouseError.SQL_FAILED, what + ": " + e.getMessage(), e);
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.warn("closing the Snowflake connection failed: {}", e.getMessage());
            }
            connection = null;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed: {}", e.getMessage());
        }
    }
}

package dev.pitwall.loader.snowflake;

import dev.pitwall.loader.warehouse.FileToLoad;
import dev.pitwall.loader.warehouse.GroupOutcome;
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
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snowflake through snowflake-jdbc with key-pair auth: per group of files of one table, one
 * transaction runs one COPY INTO from the external stage with every name in FILES and inserts the
 * manifest rows; COPY's per-file result decides which files count as loaded. The connection is
 * opened on first use and reopened after a failure.
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
    public synchronized Set<String> loadedAmong(Collection<String> objectKeys) {
        if (objectKeys.isEmpty()) {
            return Set.of();
        }
        try {
            return manifestHolds(connection(), objectKeys);
        } catch (SQLException e) {
            throw failure("cannot read the manifest", e);
        }
    }

    /** One file: {@link #loadAll} of one; a file that did not load fully throws its PW-0407. */
    @Override
    public synchronized LoadOutcome load(FileWritten file) {
        GroupOutcome outcome = loadAll(List.of(FileToLoad.staged(file)));
        if (!outcome.failed().isEmpty()) {
            throw outcome.failed().values().iterator().next();
        }
        return outcome.done().get(0);
    }

    /**
     * In one transaction: the manifest check for every key, ONE {@code COPY ... FILES = (...)} for the
     * keys not loaded yet, the manifest rows of the fully loaded files, commit. If COPY reports any
     * file as not fully loaded (PARTIALLY_LOADED under CONTINUE, LOAD_FAILED under SKIP_FILE, fewer
     * rows than {@code FileWritten.rows}, not reported), the transaction is rolled back, because a
     * partial file's rows are in it, and COPY runs again for the remaining files only: the bad files
     * come back in {@link GroupOutcome#failed()} with their first error (PW-0407), the others commit.
     * Every round drops at least one file, so it ends. {@code ON_ERROR = ABORT_STATEMENT} fails the
     * statement itself on a bad line: that throws (PW-0403, retried) and commits nothing of the group.
     */
    @Override
    public synchronized GroupOutcome loadAll(List<FileToLoad> files) {
        if (files.isEmpty()) {
            return new GroupOutcome(List.of(), Map.of());
        }
        StagingTable table = StagingTable.named(files.get(0).file().getTable());
        for (FileToLoad f : files) {
            if (StagingTable.named(f.file().getTable()) != table) {
                throw new IllegalArgumentException("one group holds one table: " + f.key() + " is not in " + table.qualifiedName());
            }
        }
        String what = files.size() == 1 ? files.get(0).key() : files.size() + " files";
        try {
            Connection c = connection();
            c.setAutoCommit(false);
            try {
                Set<String> present = manifestHolds(c, files.stream().map(FileToLoad::key).toList());
                List<LoadOutcome> done = new ArrayList<>();
                Map<String, WarehouseException> failed = new LinkedHashMap<>();
                List<FileWritten> pending = new ArrayList<>();
                for (FileToLoad f : files) {
                    if (present.contains(f.key())) {
                        done.add(new LoadOutcome(f.key(), 0, true));
                    } else {
                        pending.add(f.file());
                    }
                }
                if (pending.isEmpty()) {
                    c.rollback();
                    return new GroupOutcome(done, failed);
                }
                while (!pending.isEmpty()) {
                    List<String> keys = pending.stream().map(FileWritten::getKey).toList();
                    Map<String, CopyFileResult> results = copy(c, new CopyStatement(table, stageName(), keys, settings.onError()));
                    List<FileWritten> incomplete = pending.stream()
                            .filter(f -> !results.get(f.getKey()).loadedFully(f.getRows())).toList();
                    if (incomplete.isEmpty()) {
                        insertManifestRows(c, pending, table, results);
                        c.commit();
                        long rows = 0;
                        for (FileWritten f : pending) {
                            long fileRows = results.get(f.getKey()).rowsLoaded();
                            rows += fileRows;
                            done.add(new LoadOutcome(f.getKey(), fileRows, false));
                        }
                        LOG.info("copied {} into {} rows={}", pending.size() == 1 ? pending.get(0).getKey() : pending.size() + " files",
                                table.qualifiedName(), rows);
                        break;
                    }
                    // The partial files' good rows are in this transaction: none of it may stay.
                    c.rollback();
                    for (FileWritten f : incomplete) {
                        String why = results.get(f.getKey()).describe(f.getRows());
                        LOG.error("COPY did not load {} fully, left out of the manifest: {}", f.getKey(), why);
                        failed.put(f.getKey(), new WarehouseException(WarehouseError.COPY_INCOMPLETE, why));
                    }
                    pending = pending.stream().filter(f -> !incomplete.contains(f)).toList();
                }
                return new GroupOutcome(done, failed);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("loading " + what + " into " + table.qualifiedName() + " failed", e);
        }
    }

    /**
     * Writes the manifest rows for files some other path (Snowpipe) already loaded, in one
     * transaction; returns the keys it recorded (a key the manifest had already is left out).
     *
     * @param rows object key -> rows the pipe reported loaded, for every file in {@code files}
     */
    synchronized Set<String> recordLoaded(List<FileWritten> files, Map<String, Long> rows) {
        if (files.isEmpty()) {
            return Set.of();
        }
        StagingTable table = StagingTable.named(files.get(0).getTable());
        try {
            Connection c = connection();
            c.setAutoCommit(false);
            try {
                Set<String> present = manifestHolds(c, files.stream().map(FileWritten::getKey).toList());
                List<FileWritten> fresh = files.stream().filter(f -> !present.contains(f.getKey())).toList();
                if (fresh.isEmpty()) {
                    c.rollback();
                    return Set.of();
                }
                Map<String, CopyFileResult> counts = new LinkedHashMap<>();
                fresh.forEach(f -> counts.put(f.getKey(), new CopyFileResult(f.getKey(), "LOADED", rows.get(f.getKey()),
                        rows.get(f.getKey()), 0, null)));
                insertManifestRows(c, fresh, table, counts);
                c.commit();
                Set<String> recorded = new LinkedHashSet<>();
                fresh.forEach(f -> recorded.add(f.getKey()));
                return recorded;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("recording " + files.size() + " files in the manifest failed", e);
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

    /** Runs the COPY and maps its per-file result rows to the object keys; a key with no row is NOT_REPORTED. */
    private Map<String, CopyFileResult> copy(Connection c, CopyStatement copy) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(copy.sql());
            List<CopyFileResult> rows = new ArrayList<>();
            try (ResultSet rs = st.getResultSet()) {
                while (rs != null && rs.next()) {
                    rows.add(new CopyFileResult(rs.getString("file"), rs.getString("status"), rs.getLong("rows_parsed"),
                            rs.getLong("rows_loaded"), rs.getLong("errors_seen"), rs.getString("first_error")));
                }
            }
            return byKey(copy.objectKeys(), rows);
        }
    }

    /**
     * COPY names a file by its full stage location ({@code s3://bucket/<key>}): each result row goes to
     * the longest key it ends with, so keys that are suffixes of one another cannot swap results.
     */
    static Map<String, CopyFileResult> byKey(List<String> keys, List<CopyFileResult> rows) {
        List<String> longestFirst = keys.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        Map<String, CopyFileResult> byKey = new LinkedHashMap<>();
        for (CopyFileResult row : rows) {
            if (row.file() == null) {
                continue;
            }
            longestFirst.stream()
                    .filter(k -> row.file().equals(k) || row.file().endsWith("/" + k))
                    .findFirst()
                    .ifPresent(k -> byKey.putIfAbsent(k, row));
        }
        for (String key : keys) {
            byKey.computeIfAbsent(key, k -> new CopyFileResult(k, "NOT_REPORTED", 0, 0, 0, "COPY reported no result for this file"));
        }
        return byKey;
    }

    /** One JDBC batch (the driver sends it as one request with array bindings). */
    private void insertManifestRows(Connection c, List<FileWritten> files, StagingTable table, Map<String, CopyFileResult> results)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO staging.loaded_files "
                + "(object_key, table_name, batch_id, sha256, rows, bytes, loaded_at, status) "
                + "VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP(), 'LOADED')")) {
            for (FileWritten file : files) {
                insert.setString(1, file.getKey());
                insert.setString(2, table.tableName());
                insert.setString(3, file.getBatchId());
                insert.setString(4, file.getSha256());
                insert.setLong(5, results.get(file.getKey()).rowsLoaded());
                insert.setLong(6, file.getBytes());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The keys among {@code objectKeys} the manifest holds as LOADED, in one statement. */
    private static Set<String> manifestHolds(Connection c, Collection<String> objectKeys) throws SQLException {
        Set<String> present = new LinkedHashSet<>();
        try (PreparedStatement st = c.prepareStatement("SELECT object_key FROM staging.loaded_files WHERE status = 'LOADED' "
                + "AND object_key IN (" + String.join(", ", java.util.Collections.nCopies(objectKeys.size(), "?")) + ")")) {
            int i = 1;
            for (String key : objectKeys) {
                st.setString(i++, key);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    present.add(rs.getString(1));
                }
            }
        }
        return present;
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

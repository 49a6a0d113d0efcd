package dev.pitwall.loader.postgres;

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
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL through PgJDBC, the warehouse Grafana reads while pitwall writes (DuckDB admits one
 * process). A group of files loads in one transaction: per file a savepoint, the manifest row
 * ({@code INSERT ... ON CONFLICT DO NOTHING}, so a key another loader committed is skipped and one it
 * is still loading waits for its outcome), then the file's lines through {@code COPY ... FROM STDIN}
 * and the row-count check. A file that fails is rolled back to its savepoint and reported; the files
 * before it commit. Loads use one connection, queries another; each is reopened after a failure.
 */
public final class PostgresWarehouse implements Warehouse {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresWarehouse.class);
    private static final String LOADED = "LOADED";
    private static final String UNIQUE_VIOLATION = "23505";

    private final PostgresSettings settings;
    private final Map<StagingTable, CopyTextRows> encoders = new EnumMap<>(StagingTable.class);
    private final Object queryLock = new Object();
    private Connection writer;
    private Connection reader;
    private volatile boolean closed;

    public PostgresWarehouse(PostgresSettings settings) {
        this.settings = settings;
    }

    public PostgresSettings settings() {
        return settings;
    }

    /** The advisory lock key every pitwall process migrating a PostgreSQL warehouse takes ("pitwall" in ASCII). */
    static final long MIGRATION_LOCK = 0x70697477616c6cL;

    /**
     * Applies the pending migrations under a session advisory lock: loaders started together (a scaled-out
     * group, a compose stack) would otherwise both apply the same script, and the second fail on what the
     * first created. The one that waited finds every script applied.
     */
    @Override
    public synchronized void migrate() {
        try {
            Connection connection = writer();
            try (Statement lock = connection.createStatement()) {
                lock.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
            }
            try {
                new SchemaMigrator(MigrationScript.forDialect("postgresql")).migrate(connection);
            } finally {
                try (Statement unlock = connection.createStatement()) {
                    unlock.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
                }
            }
        } catch (SQLException e) {
            throw failure("migration of " + settings.describe() + " failed", e);
        }
    }

    @Override
    public synchronized boolean isLoaded(String objectKey) {
        return loadedAmong(List.of(objectKey)).contains(objectKey);
    }

    @Override
    public synchronized Set<String> loadedAmong(Collection<String> objectKeys) {
        Set<String> loaded = new LinkedHashSet<>();
        if (objectKeys.isEmpty()) {
            return loaded;
        }
        try (PreparedStatement st = writer().prepareStatement(
                "SELECT object_key FROM staging.loaded_files WHERE object_key = ANY (?)")) {
            st.setArray(1, writer().createArrayOf("varchar", objectKeys.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    loaded.add(rs.getString(1));
                }
            }
            return loaded;
        } catch (SQLException e) {
            throw failure("cannot read the manifest", e);
        }
    }

    @Override
    public LoadOutcome load(FileWritten file, Path gzipJsonLinesFile) {
        GroupOutcome outcome = loadAll(List.of(new FileToLoad(file, gzipJsonLinesFile)));
        if (!outcome.failed().isEmpty()) {
            throw outcome.failed().values().iterator().next();
        }
        return outcome.done().get(0);
    }

    @Override
    public synchronized GroupOutcome loadAll(List<FileToLoad> files) {
        List<LoadOutcome> done = new ArrayList<>(files.size());
        Map<String, WarehouseException> failed = new java.util.LinkedHashMap<>();
        Connection c;
        try {
            c = writer();
            c.setAutoCommit(false);
        } catch (SQLException e) {
            throw failure("cannot start a transaction on " + settings.describe(), e);
        }
        try {
            String ingestedAt = transactionTimestamp(c);
            for (FileToLoad f : files) {
                Savepoint savepoint = c.setSavepoint();
                try {
                    done.add(loadOne(c, f, ingestedAt));
                    c.releaseSavepoint(savepoint);
                } catch (WarehouseException e) {
                    c.rollback(savepoint);
                    failed.put(f.key(), e);
                    break;
                } catch (SQLException e) {
                    c.rollback(savepoint);
                    failed.put(f.key(), new WarehouseException(WarehouseError.SQL_FAILED, "loading " + f.key() + " into "
                            + StagingTable.named(f.file().getTable()).qualifiedName() + " failed: " + e.getMessage(), e));
                    break;
                }
            }
            if (done.isEmpty() && !failed.isEmpty()) {
                c.rollback();
                throw failed.values().iterator().next();
            }
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw failure("transaction on " + settings.describe() + " failed, nothing of its " + files.size()
                    + " files is committed", e);
        } finally {
            autoCommitQuietly(c);
        }
        long rows = done.stream().mapToLong(LoadOutcome::rows).sum();
        if (done.stream().anyMatch(d -> !d.skipped())) {
            LOG.debug("loaded {} rows of {} files into {}", rows, done.size(), settings.describe());
        }
        return new GroupOutcome(done, failed);
    }

    private LoadOutcome loadOne(Connection c, FileToLoad f, String ingestedAt) throws SQLException {
        FileWritten file = f.file();
        String key = file.getKey();
        StagingTable table = StagingTable.named(file.getTable());
        if (!claimInManifest(c, file, table)) {
            return new LoadOutcome(key, 0, true);
        }
        CopyTextRows encoder = encoders.computeIfAbsent(table, CopyTextRows::new);
        CopyManager copyApi = c.unwrap(PGConnection.class).getCopyAPI();
        CopyIn copy = copyApi.copyIn(encoder.copySql());
        long lines;
        long copied;
        try {
            lines = encoder.write(copy, f.localCopy(), key, ingestedAt);
            copied = copy.endCopy();
        } catch (IOException e) {
            cancelQuietly(copy);
            throw new WarehouseException(WarehouseError.SQL_FAILED, "loading " + key + " into " + table.qualifiedName()
                    + " failed: " + e.getMessage(), e);
        } catch (SQLException | RuntimeException e) {
            cancelQuietly(copy);
            throw e;
        }
        if (lines != file.getRows() || copied != lines) {
            throw new WarehouseException(WarehouseError.ROW_COUNT_MISMATCH,
                    key + " has " + lines + " lines, its FileWritten says " + file.getRows());
        }
        return new LoadOutcome(key, copied, false);
    }

    /**
     * Inserts the manifest row first, so a second loader of the same key waits here on the primary
     * key instead of copying the file too. False when the key is (or just became) loaded.
     */
    private static boolean claimInManifest(Connection c, FileWritten file, StagingTable table) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO staging.loaded_files "
                + "(object_key, table_name, batch_id, sha256, rows, bytes, loaded_at, status) "
                + "VALUES (?, ?, ?, ?, ?, ?, current_timestamp, ?) ON CONFLICT (object_key) DO NOTHING")) {
            insert.setString(1, file.getKey());
            insert.setString(2, table.tableName());
            insert.setString(3, file.getBatchId());
            insert.setString(4, file.getSha256());
            insert.setLong(5, file.getRows());
            insert.setLong(6, file.getBytes());
            insert.setString(7, LOADED);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static String transactionTimestamp(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CAST(current_timestamp AS text)")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    public QueryResult query(String sql) {
        synchronized (queryLock) {
            try {
                return run(reader(), sql);
            } catch (SQLException e) {
                if (isConnectionLost(e)) {
                    disconnectReader();
                }
                throw new WarehouseException(WarehouseError.SQL_FAILED, "query failed: " + e.getMessage(), e);
            }
        }
    }

    private static QueryResult run(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            if (!st.execute(sql)) {
                return new QueryResult(List.of("count"), List.of(List.of((long) st.getUpdateCount())));
            }
            try (ResultSet rs = st.getResultSet()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnLabel(i));
                }
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(value(rs, meta, i));
                    }
                    rows.add(row);
                }
                return new QueryResult(columns, rows);
            }
        }
    }

    /**
     * JDBC values as {@link QueryResult} promises and as DuckDB's warehouse gives them: java.time
     * types, arrays as lists, and whole-number sums (numeric in PostgreSQL, HUGEINT in DuckDB) as Long.
     */
    private static Object value(ResultSet rs, ResultSetMetaData meta, int i) throws SQLException {
        if (meta.getColumnType(i) == Types.TIMESTAMP_WITH_TIMEZONE || "timestamptz".equals(meta.getColumnTypeName(i))) {
            return rs.getObject(i, OffsetDateTime.class);
        }
        return plain(rs.getObject(i));
    }

    private static Object plain(Object value) throws SQLException {
        if (value instanceof BigDecimal big && big.scale() == 0 && big.unscaledValue().bitLength() < 64) {
            return big.longValueExact();
        }
        if (value instanceof Timestamp ts) {
            return ts.toLocalDateTime();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof Array array) {
            Object[] items = (Object[]) array.getArray();
            List<Object> list = new ArrayList<>(items.length);
            for (Object item : items) {
                list.add(plain(item));
            }
            return list;
        }
        return value;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            writer = closeQuietly(writer);
        }
        synchronized (queryLock) {
            reader = closeQuietly(reader);
        }
    }

    private Connection writer() throws SQLException {
        ensureOpen();
        if (writer == null || writer.isClosed()) {
            writer = connect("loads");
        }
        return writer;
    }

    private Connection reader() throws SQLException {
        ensureOpen();
        if (reader == null || reader.isClosed()) {
            reader = connect("queries");
        }
        return reader;
    }

    private Connection connect(String purpose) throws SQLException {
        try {
            Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.connectionProperties());
            LOG.info("connected to PostgreSQL {} for {} (password from {})", settings.describe(), purpose, settings.passwordSource());
            return c;
        } catch (SQLException e) {
            // 28xxx: invalid authorization (bad password, no pg_hba entry), 3D000: no such database
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("28") || state.equals("3D000")) {
                throw new WarehouseException(WarehouseError.POSTGRES_LOGIN_FAILED, "login to PostgreSQL " + settings.describe()
                        + " (password from " + settings.passwordSource() + ") refused: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private WarehouseException failure(String what, SQLException e) {
        if (isConnectionLost(e)) {
            writer = closeQuietly(writer);
        }
        return new WarehouseException(WarehouseError.SQL_FAILED, what + ": " + e.getMessage(), e);
    }

    /** 08xxx is a connection exception; after one the connection cannot be trusted, so it is reopened. */
    private static boolean isConnectionLost(SQLException e) {
        return e.getSQLState() == null || e.getSQLState().startsWith("08") || e.getSQLState().startsWith("57P");
    }

    private void disconnectReader() {
        reader = closeQuietly(reader);
    }

    private void ensureOpen() {
        if (closed) {
            throw new WarehouseException(WarehouseError.CLOSED, "PostgreSQL warehouse " + settings.describe() + " is closed");
        }
    }

    private static void cancelQuietly(CopyIn copy) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException e) {
            LOG.debug("cancelling COPY failed: {}", e.getMessage());
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed: {}", e.getMessage());
        }
    }

    private static void autoCommitQuietly(Connection c) {
        try {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.debug("resetting auto-commit failed: {}", e.getMessage());
        }
    }

    private static Connection closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.warn("closing a PostgreSQL connection failed: {}", e.getMessage());
            }
        }
        return null;
    }
}

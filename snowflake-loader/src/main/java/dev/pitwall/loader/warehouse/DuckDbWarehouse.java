package dev.pitwall.loader.warehouse;

import dev.pitwall.schemas.avro.FileWritten;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded warehouse: one DuckDB file, opened once per process (DuckDB locks the file against
 * other processes). Loads run on one writer connection; queries on a duplicate per call.
 */
public final class DuckDbWarehouse implements Warehouse {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbWarehouse.class);
    private static final String LOADED = "LOADED";

    private final Path databaseFile;
    private final DuckDBConnection writer;
    private volatile boolean closed;

    public DuckDbWarehouse(Path databaseFile) {
        this.databaseFile = databaseFile.toAbsolutePath();
        try {
            Path parent = this.databaseFile.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // No network: extensions are never downloaded; json is statically linked.
            Properties props = new Properties();
            props.setProperty("autoinstall_known_extensions", "false");
            props.setProperty("autoload_known_extensions", "true");
            this.writer = DriverManager.getConnection("jdbc:duckdb:" + this.databaseFile, props)
                    .unwrap(DuckDBConnection.class);
        } catch (IOException | SQLException e) {
            throw new WarehouseException(WarehouseError.SQL_FAILED, "cannot open DuckDB file " + this.databaseFile, e);
        }
    }

    public Path databaseFile() {
        return databaseFile;
    }

    @Override
    public synchronized void migrate() {
        ensureOpen();
        try {
            new SchemaMigrator(MigrationScript.forDialect("duckdb")).migrate(writer);
        } catch (SQLException e) {
            throw new WarehouseException(WarehouseError.SQL_FAILED, "migration of " + databaseFile + " failed", e);
        }
    }

    @Override
    public synchronized boolean isLoaded(String objectKey) {
        ensureOpen();
        try {
            return manifestHas(objectKey);
        } catch (SQLException e) {
            throw new WarehouseException(WarehouseError.SQL_FAILED, "cannot read the manifest", e);
        }
    }

    @Override
    public synchronized LoadOutcome load(FileWritten file, Path gzipJsonLinesFile) {
        ensureOpen();
        StagingTable table = StagingTable.named(file.getTable());
        String key = file.getKey();
        try {
            writer.setAutoCommit(false);
            try {
                if (manifestHas(key)) {
                    writer.rollback();
                    return new LoadOutcome(key, 0, true);
                }
                long rows = insertRows(table, key, gzipJsonLinesFile);
                if (rows != file.getRows()) {
                    throw new WarehouseException(WarehouseError.ROW_COUNT_MISMATCH,
                            key + " has " + rows + " lines, its FileWritten says " + file.getRows());
                }
                insertManifestRow(file, table, rows);
                writer.commit();
                return new LoadOutcome(key, rows, false);
            } catch (SQLException | RuntimeException e) {
                writer.rollback();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException e) {
            if (isLoadedQuietly(key)) {
                // Another connection of this process committed the same key first: the PK held.
                return new LoadOutcome(key, 0, true);
            }
            throw new WarehouseException(WarehouseError.SQL_FAILED, "loading " + key + " into "
                    + table.qualifiedName() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Set<String> loadedAmong(Collection<String> objectKeys) {
        ensureOpen();
        Set<String> loaded = new LinkedHashSet<>();
        if (objectKeys.isEmpty()) {
            return loaded;
        }
        try (PreparedStatement st = writer.prepareStatement("SELECT object_key FROM staging.loaded_files WHERE object_key IN ("
                + String.join(", ", java.util.Collections.nCopies(objectKeys.size(), "?")) + ")")) {
            int i = 1;
            for (String key : objectKeys) {
                st.setString(i++, key);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    loaded.add(rs.getString(1));
                }
            }
            return loaded;
        } catch (SQLException e) {
            throw new WarehouseException(WarehouseError.SQL_FAILED, "cannot read the manifest", e);
        }
    }

    /**
     * The whole group in one transaction (each file's rows, row-count check and manifest row), which
     * saves a commit per file. If any file fails, that transaction is rolled back and the group is
     * loaded again file by file, so the files before the bad one are committed and the bad one
     * is reported, as when files were loaded one at a time.
     */
    @Override
    public synchronized GroupOutcome loadAll(List<FileToLoad> files) {
        ensureOpen();
        if (files.size() <= 1) {
            return Warehouse.super.loadAll(files);
        }
        List<LoadOutcome> done = new ArrayList<>(files.size());
        try {
            writer.setAutoCommit(false);
            try {
                Set<String> present = loadedAmong(files.stream().map(FileToLoad::key).toList());
                for (FileToLoad f : files) {
                    FileWritten file = f.file();
                    if (present.contains(file.getKey())) {
                        done.add(new LoadOutcome(file.getKey(), 0, true));
                        continue;
                    }
                    StagingTable table = StagingTable.named(file.getTable());
                    long rows = insertRows(table, file.getKey(), f.localCopy());
                    if (rows != file.getRows()) {
                        throw new WarehouseException(WarehouseError.ROW_COUNT_MISMATCH,
                                file.getKey() + " has " + rows + " lines, its FileWritten says " + file.getRows());
                    }
                    insertManifestRow(file, table, rows);
                    done.add(new LoadOutcome(file.getKey(), rows, false));
                }
                writer.commit();
                return new GroupOutcome(done, Map.of());
            } catch (SQLException | RuntimeException e) {
                writer.rollback();
                LOG.warn("loading {} files in one transaction failed ({}); loading them one by one", files.size(), e.getMessage());
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new WarehouseException(WarehouseError.SQL_FAILED, "transaction on " + databaseFile + " failed: " + e.getMessage(), e);
        }
        return oneByOne(files);
    }

    private GroupOutcome oneByOne(List<FileToLoad> files) {
        List<LoadOutcome> done = new ArrayList<>();
        Map<String, WarehouseException> failed = new LinkedHashMap<>();
        for (FileToLoad f : files) {
            try {
                done.add(load(f.file(), f.localCopy()));
            } catch (WarehouseException e) {
                failed.put(f.key(), e);
                break;
            }
        }
        return new GroupOutcome(done, failed);
    }

    @Override
    public QueryResult query(String sql) {
        ensureOpen();
        try (Connection connection = duplicate();
             Statement st = connection.createStatement()) {
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
                        row.add(plain(rs.getObject(i)));
                    }
                    rows.add(row);
                }
                return new QueryResult(columns, rows);
            }
        } catch (SQLException e) {
            throw new WarehouseException(WarehouseError.SQL_FAILED, "query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.close();
        } catch (SQLException e) {
            LOG.warn("closing DuckDB file {} failed: {}", databaseFile, e.getMessage());
        }
    }

    private long insertRows(StagingTable table, String key, Path file) throws SQLException {
        List<String> lineColumns = table.lineColumnNames();
        String targetColumns = String.join(", ", lineColumns) + ", ingested_at, _file, _row";
        // WITH ORDINALITY numbers the lines in file order (a gzip file is read sequentially).
        String sql = "INSERT INTO " + table.qualifiedName() + " (" + targetColumns + ") "
                + "SELECT " + String.join(", ", lineColumns) + ", current_timestamp, ?, ordinality "
                + "FROM read_json(" + literal(file.toAbsolutePath().toString())
                + ", format='newline_delimited', compression='gzip', columns=" + table.readJsonColumns()
                + ") WITH ORDINALITY";
        try (PreparedStatement insert = writer.prepareStatement(sql)) {
            insert.setString(1, key);
            return insert.executeLargeUpdate();
        }
    }

    private void insertManifestRow(FileWritten file, StagingTable table, long rows) throws SQLException {
        try (PreparedStatement insert = writer.prepareStatement("INSERT INTO staging.loaded_files "
                + "(object_key, table_name, batch_id, sha256, rows, bytes, loaded_at, status) "
                + "VALUES (?, ?, ?, ?, ?, ?, current_timestamp, ?)")) {
            insert.setString(1, file.getKey());
            insert.setString(2, table.tableName());
            insert.setString(3, file.getBatchId());
            insert.setString(4, file.getSha256());
            insert.setLong(5, rows);
            insert.setLong(6, file.getBytes());
            insert.setString(7, LOADED);
            insert.executeUpdate();
        }
    }

    private boolean manifestHas(String objectKey) throws SQLException {
        try (PreparedStatement st = writer.prepareStatement(
                "SELECT count(*) FROM staging.loaded_files WHERE object_key = ?")) {
            st.setString(1, objectKey);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private boolean isLoadedQuietly(String objectKey) {
        try {
            return manifestHas(objectKey);
        } catch (SQLException e) {
            return false;
        }
    }

    private Connection duplicate() throws SQLException {
        synchronized (this) {
            ensureOpen();
            return writer.duplicate();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new WarehouseException(WarehouseError.CLOSED, "DuckDB file " + databaseFile + " is closed");
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** JDBC values callers can print and compare: HUGEINT sums as Long when they fit, arrays as lists. */
    private static Object plain(Object value) throws SQLException {
        if (value instanceof BigInteger big && big.bitLength() < 64) {
            return big.longValue();
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
}

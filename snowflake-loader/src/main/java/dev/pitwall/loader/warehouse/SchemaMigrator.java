package dev.pitwall.loader.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link MigrationScript}s over JDBC, each in its own transaction together with its row in
 * {@code pitwall_schema_version}, so a crash leaves either the whole script applied or none of it.
 */
public final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    static final String VERSION_TABLE = "pitwall_schema_version";

    private final List<MigrationScript> scripts;
    private final boolean statementByStatement;

    public SchemaMigrator(List<MigrationScript> scripts) {
        this(scripts, false);
    }

    /**
     * @param statementByStatement send each {@code ;}-terminated statement on its own (Snowflake runs
     *     one statement per call unless multi-statement mode is enabled)
     */
    public SchemaMigrator(List<MigrationScript> scripts, boolean statementByStatement) {
        this.scripts = List.copyOf(scripts);
        this.statementByStatement = statementByStatement;
    }

    /** @return how many scripts this call applied */
    public int migrate(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " ("
                    + "version INTEGER PRIMARY KEY, script VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, "
                    + "applied_at TIMESTAMPTZ NOT NULL)");
        }
        Map<Integer, String> applied = appliedChecksums(connection);
        int count = 0;
        for (MigrationScript script : scripts) {
            String checksum = applied.get(script.version());
            if (checksum != null) {
                if (!checksum.equals(script.sha256())) {
                    throw new WarehouseException(WarehouseError.MIGRATION_CHANGED,
                            "migration " + script.name() + " differs from the one applied");
                }
                continue;
            }
            apply(connection, script);
            count++;
        }
        return count;
    }

    private static Map<Integer, String> appliedChecksums(Connection connection) throws SQLException {
        Map<Integer, String> applied = new HashMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, sha256 FROM " + VERSION_TABLE)) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        return applied;
    }

    private void apply(Connection connection, MigrationScript script) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement();
             PreparedStatement record = connection.prepareStatement("INSERT INTO " + VERSION_TABLE
                     + " (version, script, sha256, applied_at) VALUES (?, ?, ?, current_timestamp)")) {
            for (String statement : statementByStatement ? script.statements() : List.of(script.sql())) {
                st.execute(statement);
            }
            record.setInt(1, script.version());
            record.setString(2, script.name());
            record.setString(3, script.sha256());
            record.executeUpdate();
            connection.commit();
            LOG.info("applied migration {}", script.name());
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}

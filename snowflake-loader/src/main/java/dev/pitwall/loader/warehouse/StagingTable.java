package dev.pitwall.loader.warehouse;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The staging tables and the JSON-line fields the sink writes for each (clean record in snake_case
 * plus lineage). The names match {@code FileWritten.table}.
 */
public enum StagingTable {
    RESULTS("results", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "driver_id", "VARCHAR",
            "driver_code", "VARCHAR", "driver_number", "INTEGER", "constructor_id", "VARCHAR",
            "grid", "INTEGER", "position", "INTEGER", "position_text", "VARCHAR", "points", "DOUBLE",
            "laps", "INTEGER", "status", "VARCHAR", "status_category", "VARCHAR", "time_ms", "BIGINT",
            "fastest_lap_rank", "INTEGER", "fastest_lap_ms", "BIGINT", "race_name", "VARCHAR",
            "circuit_id", "VARCHAR", "race_date", "VARCHAR", "source", "VARCHAR", "revision", "INTEGER")),
    LAPS("laps", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "driver_id", "VARCHAR",
            "lap", "INTEGER", "position", "INTEGER", "lap_time_ms", "BIGINT", "source", "VARCHAR",
            "revision", "INTEGER")),
    /** Raw records Streams refused, with why (RejectedRecord): the dead letters made queryable. */
    REJECTED("rejected", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "source_table", "VARCHAR",
            "record_key", "VARCHAR", "error_code", "VARCHAR", "error_name", "VARCHAR", "message", "VARCHAR",
            "payload", "VARCHAR", "payload_encoding", "VARCHAR", "source", "VARCHAR"));

    /** Lineage fields every line carries after the record's own fields. */
    public static final Map<String, String> LINEAGE = columns(
            "_batch_id", "VARCHAR", "_topic", "VARCHAR", "_partition", "INTEGER", "_offset", "BIGINT");

    private final String tableName;
    private final Map<String, String> recordColumns;

    StagingTable(String tableName, Map<String, String> recordColumns) {
        this.tableName = tableName;
        this.recordColumns = recordColumns;
    }

    /** @throws WarehouseException {@link WarehouseError#UNKNOWN_TABLE} for a name this loader does not know */
    public static StagingTable named(String table) {
        return Arrays.stream(values())
                .filter(t -> t.tableName.equals(table))
                .findFirst()
                .orElseThrow(() -> new WarehouseException(WarehouseError.UNKNOWN_TABLE,
                        "unknown table '" + table + "'"));
    }

    /** As in {@code FileWritten.table}, e.g. {@code laps}. */
    public String tableName() {
        return tableName;
    }

    /** Schema-qualified, e.g. {@code staging.laps}. */
    public String qualifiedName() {
        return "staging." + tableName;
    }

    /** The clean record's fields in line order, with the SQL type each is read as. */
    public Map<String, String> recordColumns() {
        return recordColumns;
    }

    public List<String> lineColumnNames() {
        return lineColumns().keySet().stream().toList();
    }

    /** Record fields then lineage: everything read from one line. */
    public Map<String, String> lineColumns() {
        Map<String, String> all = new LinkedHashMap<>(recordColumns);
        all.putAll(LINEAGE);
        return all;
    }

    /** The {@code columns={...}} struct literal for DuckDB's {@code read_json}. */
    String readJsonColumns() {
        return lineColumns().entrySet().stream()
                .map(e -> "'" + e.getKey() + "': '" + e.getValue() + "'")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static Map<String, String> columns(String... nameTypePairs) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            columns.put(nameTypePairs[i], nameTypePairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(columns);
    }
}

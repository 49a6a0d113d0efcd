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
            "circuit_id", "VARCHAR", "race_date", "VARCHAR", "source", "VARCHAR", "revision", "INTEGER",
            "position_order", "INTEGER", "driver_given_name", "VARCHAR", "driver_family_name", "VARCHAR")),
    LAPS("laps", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "driver_id", "VARCHAR",
            "lap", "INTEGER", "position", "INTEGER", "lap_time_ms", "BIGINT", "source", "VARCHAR",
            "revision", "INTEGER")),
    /** Raw records Streams refused (severity error) or landed with a field nulled (warning), with why (RejectedRecord). */
    REJECTED("rejected", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "source_table", "VARCHAR",
            "record_key", "VARCHAR", "error_code", "VARCHAR", "error_name", "VARCHAR", "message", "VARCHAR",
            "payload", "VARCHAR", "payload_encoding", "VARCHAR", "source", "VARCHAR", "severity", "VARCHAR")),
    /** Jolpica qualifying classification (CleanQualifying); Q1-Q3 in ms. */
    QUALIFYING("qualifying", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "driver_id", "VARCHAR",
            "driver_code", "VARCHAR", "driver_number", "INTEGER", "constructor_id", "VARCHAR",
            "position", "INTEGER", "q1_ms", "BIGINT", "q2_ms", "BIGINT", "q3_ms", "BIGINT",
            "source", "VARCHAR", "revision", "INTEGER")),
    /** Jolpica pit stops (CleanPitStop): circuit local time of day as text, since the source gives no zone. */
    PITSTOPS("pitstops", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "driver_id", "VARCHAR",
            "stop", "INTEGER", "lap", "INTEGER", "local_time", "VARCHAR", "duration_ms", "BIGINT",
            "source", "VARCHAR", "revision", "INTEGER")),
    /** The drivers' championship as the source published it after a round (CleanDriverStanding). */
    DRIVER_STANDINGS("driver_standings", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "driver_id", "VARCHAR",
            "position", "INTEGER", "position_text", "VARCHAR", "points", "DOUBLE", "wins", "INTEGER",
            "constructor_ids", "VARCHAR", "source", "VARCHAR", "revision", "INTEGER")),
    /** The constructors' championship as published after a round (CleanConstructorStanding). */
    CONSTRUCTOR_STANDINGS("constructor_standings", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "constructor_id", "VARCHAR",
            "position", "INTEGER", "position_text", "VARCHAR", "points", "DOUBLE", "wins", "INTEGER",
            "source", "VARCHAR", "revision", "INTEGER")),
    /** OpenF1 laps (CleanOpenF1Lap), keyed by car number: OpenF1 has no driverId. */
    OPENF1_LAPS("openf1_laps", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "session_key", "INTEGER",
            "driver_number", "INTEGER", "lap", "INTEGER", "date_start", "TIMESTAMP",
            "lap_duration_ms", "BIGINT", "sector1_ms", "BIGINT", "sector2_ms", "BIGINT", "sector3_ms", "BIGINT",
            "i1_speed", "INTEGER", "i2_speed", "INTEGER", "st_speed", "INTEGER", "is_pit_out_lap", "BOOLEAN",
            "source", "VARCHAR", "revision", "INTEGER")),
    /** OpenF1 tyre stints (CleanStint); a live stint is revised as it grows. */
    STINTS("stints", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "session_key", "INTEGER",
            "driver_number", "INTEGER", "stint_number", "INTEGER", "lap_start", "INTEGER", "lap_end", "INTEGER",
            "compound", "VARCHAR", "tyre_age_at_start", "INTEGER", "source", "VARCHAR", "revision", "INTEGER")),
    /** OpenF1 pit entries (CleanOpenF1Pit), times in UTC. */
    OPENF1_PIT("openf1_pit", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "session_key", "INTEGER",
            "driver_number", "INTEGER", "lap", "INTEGER", "date_utc", "TIMESTAMP",
            "pit_duration_ms", "BIGINT", "lane_duration_ms", "BIGINT", "stop_duration_ms", "BIGINT",
            "source", "VARCHAR", "revision", "INTEGER")),
    /** OpenF1 weather samples (CleanWeather), about one a minute. */
    WEATHER("weather", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "session_key", "INTEGER",
            "date_utc", "TIMESTAMP", "air_temperature", "DOUBLE", "track_temperature", "DOUBLE",
            "humidity", "DOUBLE", "pressure", "DOUBLE", "rainfall", "DOUBLE", "wind_speed", "DOUBLE",
            "wind_direction", "INTEGER", "source", "VARCHAR", "revision", "INTEGER")),
    /** OpenF1 race-control messages (CleanRaceControl): flags, safety car, penalties. */
    RACE_CONTROL("race_control", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "session_key", "INTEGER",
            "date_utc", "TIMESTAMP", "category", "VARCHAR", "flag", "VARCHAR", "scope", "VARCHAR",
            "sector", "INTEGER", "lap", "INTEGER", "driver_number", "INTEGER", "qualifying_phase", "INTEGER",
            "message", "VARCHAR", "source", "VARCHAR", "revision", "INTEGER")),
    /** Laps derived from F1 live timing (CleanTimingLap), keyed by car number. */
    TIMING_LAPS("timing_laps", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "driver_number", "INTEGER", "lap", "INTEGER",
            "lap_time_ms", "BIGINT", "sector1_ms", "BIGINT", "sector2_ms", "BIGINT", "sector3_ms", "BIGINT",
            "speed_i1", "INTEGER", "speed_i2", "INTEGER", "speed_fl", "INTEGER", "speed_st", "INTEGER",
            "position", "INTEGER", "gap_to_leader_ms", "BIGINT", "gap_to_leader_laps", "INTEGER", "interval_ms", "BIGINT",
            "pit_in", "BOOLEAN", "pit_out", "BOOLEAN", "compound", "VARCHAR", "tyre_age_laps", "INTEGER", "stint", "INTEGER",
            "completed_at", "TIMESTAMP", "source", "VARCHAR", "revision", "INTEGER")),
    /** Track status changes from F1 live timing (CleanTrackStatus). */
    TRACK_STATUS("track_status", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "stream_offset_ms", "BIGINT",
            "date_utc", "TIMESTAMP", "status", "VARCHAR", "message", "VARCHAR", "source", "VARCHAR", "revision", "INTEGER")),
    /** Tyre stints from F1 live timing (CleanTimingStint); a running stint is revised as the tyre ages. */
    TIMING_STINTS("timing_stints", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "driver_number", "INTEGER", "stint", "INTEGER",
            "compound", "VARCHAR", "new_tyre", "BOOLEAN", "tyre_age_at_start", "INTEGER", "tyre_age_laps", "INTEGER",
            "source", "VARCHAR", "revision", "INTEGER")),
    /** Race-control messages from F1 live timing (CleanTimingRaceControl). */
    TIMING_RACE_CONTROL("timing_race_control", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "message_index", "INTEGER", "date_utc", "TIMESTAMP",
            "lap", "INTEGER", "category", "VARCHAR", "flag", "VARCHAR", "scope", "VARCHAR", "sector", "INTEGER",
            "driver_number", "INTEGER", "status", "VARCHAR", "message", "VARCHAR", "source", "VARCHAR", "revision", "INTEGER")),
    /** Weather samples from F1 live timing (CleanTimingWeather). */
    TIMING_WEATHER("timing_weather", columns(
            "season", "INTEGER", "round", "INTEGER", "session", "VARCHAR", "stream_offset_ms", "BIGINT", "date_utc", "TIMESTAMP",
            "air_temperature", "DOUBLE", "track_temperature", "DOUBLE", "humidity", "DOUBLE", "pressure", "DOUBLE",
            "rainfall", "DOUBLE", "wind_speed", "DOUBLE", "wind_direction", "INTEGER", "source", "VARCHAR", "revision", "INTEGER"));

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
                        "unknown table '" + table + "' (this loader knows " + Arrays.stream(values())
                                .map(StagingTable::tableName).collect(Collectors.joining(", ")) + ")"));
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

package dev.pitwall.loader.snowflake;

import dev.pitwall.loader.warehouse.StagingTable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code COPY INTO staging.<table>} for named objects of the external stage: JSON lines matched to
 * columns by name, lineage from the file's metadata, and {@code FORCE = TRUE} because our manifest,
 * not Snowflake's 64-day load metadata, decides what is loaded (a rolled-back load must reload).
 */
public record CopyStatement(StagingTable table, String stage, List<String> objectKeys, String onError) {
    /** Snowflake's limit on names in one FILES list. */
    public static final int MAX_FILES = 1000;

    public CopyStatement {
        if (objectKeys.isEmpty() || objectKeys.size() > MAX_FILES) {
            throw new IllegalArgumentException("COPY takes 1 to " + MAX_FILES + " files, got " + objectKeys.size());
        }
        objectKeys = List.copyOf(objectKeys);
    }

    public String sql() {
        return "COPY INTO " + table.qualifiedName() + " FROM @" + stage
                + " FILES = (" + objectKeys.stream().map(k -> "'" + k.replace("'", "''") + "'").collect(Collectors.joining(", ")) + ")"
                + loadOptions(onError)
                + " FORCE = TRUE";
    }

    /** What every load of a sink object needs, for COPY here and inside a pipe's COPY. */
    static String loadOptions(String onError) {
        return " FILE_FORMAT = (TYPE = JSON COMPRESSION = GZIP)"
                + " MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE"
                + " INCLUDE_METADATA = (_file = METADATA$FILENAME, _row = METADATA$FILE_ROW_NUMBER, ingested_at = METADATA$START_SCAN_TIME)"
                + " ON_ERROR = " + onError;
    }
}

package dev.pitwall.loader.snowflake;

import dev.pitwall.loader.warehouse.StagingTable;

/**
 * {@code CREATE PIPE IF NOT EXISTS} for one staging table: the same COPY options as the loader's
 * own COPY, without FILES (Snowpipe names the file) and without FORCE (a pipe's 14-day load history
 * is what skips a file submitted twice). Never {@code OR REPLACE}: replacing a pipe drops that history.
 */
public record PipeStatement(String pipe, String database, StagingTable table, String stage, String onError) {

    public static PipeStatement forTable(SnowflakeSettings settings, StagingTable table) {
        return new PipeStatement(settings.qualifiedPipe(table), settings.database(), table, settings.qualifiedStage(),
                pipeOnError(settings.onError()));
    }

    /**
     * A pipe loads one file per COPY, so ABORT_STATEMENT and SKIP_FILE have the same effect there;
     * SKIP_FILE is Snowpipe's default and the only policy its error notifications support.
     */
    static String pipeOnError(String onError) {
        return "ABORT_STATEMENT".equals(onError) ? "SKIP_FILE" : onError;
    }

    /** The staging table qualified with the database, because a pipe's COPY is resolved when the pipe runs, not in a session. */
    public String sql() {
        return "CREATE PIPE IF NOT EXISTS " + pipe + " AS COPY INTO " + database + "." + table.qualifiedName()
                + " FROM @" + stage + CopyStatement.loadOptions(onError);
    }
}

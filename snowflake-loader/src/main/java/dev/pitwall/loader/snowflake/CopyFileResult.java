package dev.pitwall.loader.snowflake;

/** One row of COPY's per-file result set ({@code enableCopyResultSet=true}). */
public record CopyFileResult(String file, String status, long rowsParsed, long rowsLoaded, long errorsSeen, String firstError) {

    /** Loaded completely: status LOADED, no errors, and as many rows as the file has lines. */
    public boolean loadedFully(long expectedRows) {
        return "LOADED".equalsIgnoreCase(status) && errorsSeen == 0 && rowsLoaded == expectedRows;
    }

    public String describe(long expectedRows) {
        return file + " " + status + ": " + rowsLoaded + " of " + expectedRows + " rows loaded, " + errorsSeen
                + " errors" + (firstError == null ? "" : ", first error: " + firstError);
    }
}

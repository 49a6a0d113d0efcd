package dev.pitwall.loader.warehouse;

/**
 * Stable error codes of the loader's warehouse side, each with what to do about it. Fatal errors
 * stop the loader (retrying cannot help); the others are retried with backoff.
 */
public enum WarehouseError {
    UNKNOWN_TABLE("PW-0401", true,
            "this loader knows the tables results, laps and rejected; upgrade the loader or fix the table the sink announces"),
    ROW_COUNT_MISMATCH("PW-0402", false,
            "the file holds a different number of lines than its FileWritten record says; check the sink that wrote it"),
    SQL_FAILED("PW-0403", false,
            "check the warehouse file and the object's content; the load is retried and nothing was committed"),
    MIGRATION_CHANGED("PW-0404", true,
            "an applied migration script was edited; restore it and put the change in a new versioned script"),
    CLOSED("PW-0405", true,
            "the warehouse was closed; open a new one");

    private final String code;
    private final boolean fatal;
    private final String remedy;

    WarehouseError(String code, boolean fatal, String remedy) {
        this.code = code;
        this.fatal = fatal;
        this.remedy = remedy;
    }

    public String code() {
        return code;
    }

    public boolean fatal() {
        return fatal;
    }

    public String remedy() {
        return remedy;
    }
}

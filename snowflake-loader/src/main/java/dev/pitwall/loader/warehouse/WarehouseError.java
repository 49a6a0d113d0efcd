package dev.pitwall.loader.warehouse;

/**
 * Stable error codes of the loader's warehouse side, each with what to do about it. Fatal errors
 * stop the loader (retrying cannot help); the others are retried with backoff.
 */
public enum WarehouseError {
    UNKNOWN_TABLE("PW-0401", true,
            "upgrade the loader or fix the table the sink announces"),
    ROW_COUNT_MISMATCH("PW-0402", false,
            "the file holds a different number of lines than its FileWritten record says; check the sink that wrote it"),
    SQL_FAILED("PW-0403", false,
            "check the warehouse file and the object's content; the load is retried and nothing was committed"),
    MIGRATION_CHANGED("PW-0404", true,
            "an applied migration script was edited; restore it and put the change in a new versioned script"),
    CLOSED("PW-0405", true,
            "the warehouse was closed; open a new one"),
    BAD_URL("PW-0406", true,
            "pass --warehouse duckdb:PATH, postgresql://USER@HOST:PORT/DATABASE (password in PGPASSWORD or a password file) "
                    + "or snowflake://ACCOUNT/DATABASE/SCHEMA?warehouse=W&role=R&user=U "
                    + "with private_key_file=PATH or the key in PITWALL_SNOWFLAKE_PRIVATE_KEY"),
    COPY_INCOMPLETE("PW-0407", true,
            "the object did not load completely and nothing of it was committed; fix or rewrite the object, then restart the loader"),
    LOGIN_FAILED("PW-0408", true,
            "check the account, user, role and that the user's RSA_PUBLIC_KEY matches the private key"),
    PIPE_REPORT_TIMEOUT("PW-0409", false,
            "Snowpipe did not report the file's outcome in time; nothing was marked loaded and the file is submitted again "
                    + "(Snowpipe skips a file it already loaded); raise report_timeout if loads are slow"),
    PIPE_REFUSED("PW-0412", true,
            "Snowpipe refused the request; check that the pipe exists (pitwall migrate creates it) and that the user's "
                    + "default role may OPERATE and MONITOR it"),
    PIPE_UNAVAILABLE("PW-0413", false,
            "Snowpipe could not be reached or answered with a server error; the file is submitted again after backoff"),
    POSTGRES_LOGIN_FAILED("PW-0414", true,
            "check the user, host, port and database of the postgresql:// URL, and that PGPASSWORD or the password file "
                    + "(?passfile=PATH, PGPASSFILE or ~/.pgpass) holds this user's password");

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

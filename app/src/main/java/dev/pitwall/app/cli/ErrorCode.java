package dev.pitwall.app.cli;

/** Stable error codes of the CLI, each with what to do about it. */
public enum ErrorCode {
    SOURCE_NOT_FOUND("PW-0101", 2, "check --season/--round against the source's schedule"),
    SOURCE_UNREACHABLE("PW-0102", 2, "check the source URL (--jolpica-url, --openf1-url), or replay offline with --archive DIR"),
    SOURCE_BAD_RESPONSE("PW-0103", 1, "the source answered something unexpected; retry later or use --archive DIR"),
    BAD_SETTING("PW-0104", 2, "see `pitwall <command> --help` for the accepted values"),
    DATA_DIR_IN_USE("PW-0201", 1, "stop the other pitwall process, or pass another --data-dir"),
    PIPELINE_TIMEOUT("PW-0301", 1, "a stage did not catch up in time; rerun with --verbose to see which"),
    STAGE_FAILED("PW-0302", 1, "see the message; rerun with --verbose for details"),
    SCHEMA_REGISTRY("PW-0601", 1, "check --schema-registry-url and its credentials (env PITWALL_SCHEMA_REGISTRY_USER/PASSWORD); "
            + "with --no-schema-auto-register every <topic>-key/-value subject must hold pitwall's schema"),
    NO_WAREHOUSE("PW-0501", 1, "run `pitwall replay` first, or pass the --data-dir that holds the warehouse"),
    SQL_FAILED("PW-0502", 1, "fix the query; `select table_schema, table_name from information_schema.tables` lists what exists");

    private final String code;
    private final int exitCode;
    private final String remedy;

    ErrorCode(String code, int exitCode, String remedy) {
        this.code = code;
        this.exitCode = exitCode;
        this.remedy = remedy;
    }

    public String code() { return code; }
    public int exitCode() { return exitCode; }
    public String remedy() { return remedy; }
}

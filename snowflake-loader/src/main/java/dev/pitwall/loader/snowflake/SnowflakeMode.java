package dev.pitwall.loader.snowflake;

/** How files reach Snowflake's staging tables: the loader's own COPY per file, or Snowpipe's REST API. */
public enum SnowflakeMode {
    /** {@code COPY INTO ... FILES = (key) FORCE = TRUE} and the manifest row in one transaction. */
    COPY,
    /** {@code insertFiles} to the table's pipe, {@code insertReport} until the file's outcome, then the manifest row. */
    SNOWPIPE
}

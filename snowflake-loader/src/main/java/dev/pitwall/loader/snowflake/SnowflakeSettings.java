package dev.pitwall.loader.snowflake;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Duration;

/**
 * Where and how to load into Snowflake, parsed from
 * {@code snowflake://ACCOUNT/DATABASE/SCHEMA?warehouse=..&role=..&user=..} by
 * {@link dev.pitwall.loader.warehouse.Warehouses}.
 *
 * @param endpoint the service address; {@code https://ACCOUNT.snowflakecomputing.com} unless the
 *     URL's {@code endpoint} names another (a private link, or the local test server)
 * @param stage the external stage over the sink's bucket that COPY reads from
 * @param storageIntegration the integration the stage uses (only needed for {@link SnowflakeSetup})
 * @param onError COPY's ON_ERROR policy, e.g. {@code ABORT_STATEMENT} or {@code CONTINUE}
 * @param mode the loader's own COPY (default) or Snowpipe
 * @param pipe the name prefix of the per-table pipes: {@code <pipe>_RESULTS}, {@code <pipe>_LAPS}, ...
 * @param reportTimeout how long Snowpipe mode waits for a submitted file's load report
 */
public record SnowflakeSettings(String account, String database, String schema, String warehouse, String role,
                                String user, PrivateKey privateKey, URI endpoint, String stage,
                                String storageIntegration, String onError, Duration loginTimeout,
                                Duration networkTimeout, int maxHttpRetries, SnowflakeMode mode, String pipe,
                                Duration reportTimeout) {
    public static final String DEFAULT_PIPE = "PITWALL_PIPE";
    public static final Duration DEFAULT_REPORT_TIMEOUT = Duration.ofMinutes(5);

    /** COPY mode, as before Snowpipe mode existed. */
    public SnowflakeSettings(String account, String database, String schema, String warehouse, String role,
                             String user, PrivateKey privateKey, URI endpoint, String stage,
                             String storageIntegration, String onError, Duration loginTimeout,
                             Duration networkTimeout, int maxHttpRetries) {
        this(account, database, schema, warehouse, role, user, privateKey, endpoint, stage, storageIntegration, onError,
                loginTimeout, networkTimeout, maxHttpRetries, SnowflakeMode.COPY, DEFAULT_PIPE, DEFAULT_REPORT_TIMEOUT);
    }

    /** The JDBC URL: account in the query because a loopback host has no account label to derive it from. */
    public String jdbcUrl() {
        return "jdbc:snowflake://" + endpoint.getScheme() + "://" + endpoint.getHost() + ":" + port() + "/?account=" + account;
    }

    /** Never prints the key: an RSA key's own toString includes its private exponent. */
    @Override
    public String toString() {
        return "SnowflakeSettings[account=" + account + ", database=" + database + ", schema=" + schema
                + ", warehouse=" + warehouse + ", role=" + role + ", user=" + user + ", endpoint=" + endpoint
                + ", stage=" + stage + ", storageIntegration=" + storageIntegration + ", onError=" + onError
                + ", loginTimeout=" + loginTimeout + ", networkTimeout=" + networkTimeout
                + ", maxHttpRetries=" + maxHttpRetries + ", mode=" + mode + ", pipe=" + pipe
                + ", reportTimeout=" + reportTimeout + ", privateKey=(" + (privateKey == null ? "none" : privateKey.getAlgorithm()) + ")]";
    }

    /** The external stage, qualified: {@code DATABASE.SCHEMA.STAGE}. */
    public String qualifiedStage() {
        return database + "." + schema + "." + stage;
    }

    /** The pipe that loads one staging table, qualified: {@code DATABASE.SCHEMA.<pipe>_<TABLE>}. */
    public String qualifiedPipe(dev.pitwall.loader.warehouse.StagingTable table) {
        return database + "." + schema + "." + pipe + "_" + table.tableName().toUpperCase(java.util.Locale.ROOT);
    }

    public int port() {
        if (endpoint.getPort() > 0) {
            return endpoint.getPort();
        }
        return "http".equals(endpoint.getScheme()) ? 80 : 443;
    }
}

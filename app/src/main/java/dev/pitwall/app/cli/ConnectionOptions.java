package dev.pitwall.app.cli;

import dev.pitwall.app.runtime.InProcessPipeline;
import dev.pitwall.app.runtime.PipelineSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import dev.pitwall.loader.warehouse.Warehouses;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where the services are. Each one left unset runs embedded under --data-dir. */
public final class ConnectionOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
            defaultValue = "${env:PITWALL_BOOTSTRAP_SERVERS}",
            description = "An external Kafka (env PITWALL_BOOTSTRAP_SERVERS). Default: an embedded KRaft broker.")
    String bootstrapServers;

    @Option(names = "--s3-endpoint", paramLabel = "URL", defaultValue = "${env:PITWALL_S3_ENDPOINT}",
            description = "An external S3-compatible endpoint such as MinIO (env PITWALL_S3_ENDPOINT); "
                    + "credentials from the AWS default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, ...). "
                    + "Default: an embedded s3proxy.")
    URI s3Endpoint;

    @Option(names = "--aws-s3", description = "Use AWS S3 itself (no endpoint; region from --s3-region, credentials from the AWS default chain).")
    boolean awsS3;

    @Option(names = "--s3-bucket", paramLabel = "NAME", defaultValue = "${env:PITWALL_S3_BUCKET:-" + InProcessPipeline.DEFAULT_BUCKET + "}",
            description = "Bucket for batch files (env PITWALL_S3_BUCKET; default: ${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = "--s3-region", paramLabel = "REGION", defaultValue = "${env:PITWALL_S3_REGION:-us-east-1}",
            description = "S3 region (env PITWALL_S3_REGION; default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--s3-virtual-hosted", description = "Address buckets as <bucket>.<host> instead of path style (path style is the default; MinIO and s3proxy need it).")
    boolean virtualHosted;

    @Option(names = "--warehouse", paramLabel = "URL", defaultValue = "${env:PITWALL_WAREHOUSE}",
            description = {"duckdb:PATH, postgresql://USER@HOST:PORT/DB or snowflake://ACCOUNT/DB/SCHEMA?warehouse=..&role=..&user=.. (env PITWALL_WAREHOUSE).",
                    "PostgreSQL password: env PGPASSWORD or a password file (?passfile=PATH, env PGPASSFILE, ~/.pgpass), never in the URL.",
                    "Snowflake key-pair auth: &private_key_file=PATH or env " + Warehouses.KEY_ENV + ", passphrase in env "
                            + Warehouses.PASSPHRASE_ENV + ". Default: duckdb:<data-dir>/warehouse.duckdb."})
    String warehouse;

    @Option(names = "--snowflake-mode", paramLabel = "copy|snowpipe",
            description = "How files reach a snowflake:// warehouse: copy (COPY INTO per file, the default) or snowpipe (insertFiles + insertReport).")
    String snowflakeMode;

    /** The --warehouse URL with --snowflake-mode folded in; null for the default DuckDB file. */
    public String warehouseUrl() {
        if (warehouse == null || warehouse.isBlank()) {
            return null;
        }
        if (snowflakeMode == null) {
            return warehouse;
        }
        return warehouse + (warehouse.contains("?") ? "&" : "?") + "mode=" + snowflakeMode;
    }

    public String bucket() {
        return bucket;
    }

    public PipelineSettings settings(CommandLine cl, Path dataDir) {
        if (s3Endpoint != null) {
            String scheme = s3Endpoint.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || s3Endpoint.getHost() == null) {
                throw new CommandLine.ParameterException(cl, "--s3-endpoint " + s3Endpoint + " is not an http(s) URL");
            }
            if (awsS3) {
                throw new CommandLine.ParameterException(cl, "--aws-s3 and --s3-endpoint exclude each other");
            }
        }
        if (bootstrapServers != null && !bootstrapServers.matches("[^,\\s:]+:\\d+(,[^,\\s:]+:\\d+)*")) {
            throw new CommandLine.ParameterException(cl, "--bootstrap-servers " + bootstrapServers + " is not host:port[,host:port...]");
        }
        if (snowflakeMode != null) {
            if (warehouse == null || !warehouse.startsWith("snowflake://")) {
                throw new CommandLine.ParameterException(cl, "--snowflake-mode needs --warehouse snowflake://...");
            }
            if (!snowflakeMode.equals("copy") && !snowflakeMode.equals("snowpipe")) {
                throw new CommandLine.ParameterException(cl, "--snowflake-mode " + snowflakeMode + " is neither copy nor snowpipe");
            }
        }
        if (warehouse != null && !warehouse.isBlank()) {
            try {
                if (warehouse.startsWith("snowflake://")) {
                    Warehouses.snowflake(warehouseUrl(), System.getenv());
                } else if (Warehouses.isPostgres(warehouse)) {
                    Warehouses.postgresql(warehouse, System.getenv());
                } else {
                    Warehouses.duckDbFile(warehouse, dataDir);
                }
            } catch (RuntimeException e) {
                throw new CommandLine.ParameterException(cl, "--warehouse: " + e.getMessage());
            }
        }
        return new PipelineSettings(dataDir, Optional.ofNullable(blankToNull(bootstrapServers)), Optional.ofNullable(s3Endpoint),
                awsS3, bucket, region, !virtualHosted, Optional.ofNullable(warehouseUrl()),
                EnumSet.allOf(PipelineSettings.Stage.class), false);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

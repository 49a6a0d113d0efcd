package dev.pitwall.app.runtime;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where the pipeline's parts are: each absent service is started embedded under the data dir.
 *
 * @param bootstrapServers an external Kafka, or empty for the embedded KRaft broker
 * @param s3Endpoint an external S3 endpoint (MinIO, s3proxy, AWS with an explicit endpoint), or empty
 *     for the embedded s3proxy unless {@code awsS3} is set
 * @param awsS3 use AWS S3 itself (no endpoint override; credentials from the AWS default chain)
 * @param warehouseUrl {@code duckdb:PATH}, {@code postgresql://...}, {@code snowflake://...}, or empty for {@code duckdb:<dataDir>/warehouse.duckdb}
 * @param stages which stages this process runs
 * @param live Streams also closes batches nothing reached for a second (live data has no end to wait for);
 *     replays close them by the producer's announced counts only, so their files are deterministic
 */
public record PipelineSettings(Path dataDir, Optional<String> bootstrapServers, Optional<URI> s3Endpoint, boolean awsS3,
        String bucket, String region, boolean pathStyle, Optional<String> warehouseUrl, Set<Stage> stages, boolean live) {

    public enum Stage { STREAMS, SINK, LOADER }

    public static PipelineSettings embedded(Path dataDir) {
        return new PipelineSettings(dataDir, Optional.empty(), Optional.empty(), false, InProcessPipeline.DEFAULT_BUCKET,
                "us-east-1", true, Optional.empty(), EnumSet.allOf(Stage.class), false);
    }

    public boolean embeddedKafka() {
        return bootstrapServers.isEmpty();
    }

    public boolean embeddedS3() {
        return s3Endpoint.isEmpty() && !awsS3;
    }

    public PipelineSettings withStages(Set<Stage> only) {
        return new PipelineSettings(dataDir, bootstrapServers, s3Endpoint, awsS3, bucket, region, pathStyle, warehouseUrl,
                EnumSet.copyOf(only), live);
    }

    public PipelineSettings withLive(boolean on) {
        return new PipelineSettings(dataDir, bootstrapServers, s3Endpoint, awsS3, bucket, region, pathStyle, warehouseUrl,
                stages, on);
    }
}

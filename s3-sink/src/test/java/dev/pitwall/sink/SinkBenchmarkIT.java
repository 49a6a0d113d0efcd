package dev.pitwall.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.sink.bench.SinkBenchmark;
import dev.pitwall.sink.testing.LocalS3;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The benchmark runs end to end on tiny input; its numbers are not asserted. */
class SinkBenchmarkIT {
    @TempDir
    Path dir;

    @Test
    void writesEveryObjectOnBothPathsAndReportsBoth() {
        try (LocalS3 s3 = LocalS3.start(dir); S3Client client = s3.client()) {
            client.createBucket(b -> b.bucket("bench"));

            SinkBenchmark.Result result = SinkBenchmark.run(client, "bench", 3, 40);

            long measured = client.listObjectsV2Paginator(b -> b.bucket("bench")).contents().stream()
                    .map(S3Object::key).filter(k -> k.contains("/sink/") || k.contains("/raw/")).count();
            assertThat(measured).isEqualTo(6);
            assertThat(result.objects()).isEqualTo(3);
            assertThat(result.bytes()).isPositive();
            assertThat(result.toString()).contains("sink path", "raw PUT", "ratio");
        }
    }
}

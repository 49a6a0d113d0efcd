package dev.pitwall.sink.testing;

import dev.pitwall.sink.bench.SinkBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3Client;

/** Runs {@link SinkBenchmark} against an in-process s3proxy, for docs/BENCHMARKS.md. Args: [objects] [rowsPerObject]. */
public final class BenchmarkOnLocalS3 {
    private BenchmarkOnLocalS3() {}

    public static void main(String[] args) throws Exception {
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1100;
        Path dir = Files.createTempDirectory("pitwall-sink-bench");
        try (LocalS3 s3 = LocalS3.start(dir); S3Client client = s3.client()) {
            client.createBucket(b -> b.bucket("bench"));
            System.out.println(SinkBenchmark.run(client, "bench", objects, rows));
        }
    }
}

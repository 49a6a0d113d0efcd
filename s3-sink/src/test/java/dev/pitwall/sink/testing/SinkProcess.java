package dev.pitwall.sink.testing;

import dev.pitwall.sink.S3Sink;
import dev.pitwall.sink.SinkConfig;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** A sink in a JVM of its own, so a test can kill it with SIGKILL at any instant. Args: bootstrap, S3 endpoint, bucket. */
public final class SinkProcess {
    private SinkProcess() {}

    public static void main(String[] args) throws Exception {
        S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(args[1]))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)))
                .forcePathStyle(true)
                .httpClient(Apache5HttpClient.create())
                .build();
        // one batch per transaction, so a kill lands between many commits; a short session so the
        // restarted sink need not wait the default 45 s for the dead member to leave the group
        S3Sink sink = new S3Sink(Map.of("bootstrap.servers", args[0], "max.poll.records", 1, "session.timeout.ms", 6000),
                s3, SinkConfig.defaults(args[2]));
        sink.start();
        Thread.sleep(Long.MAX_VALUE);
    }
}

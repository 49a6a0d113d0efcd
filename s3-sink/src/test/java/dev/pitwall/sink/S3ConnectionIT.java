package dev.pitwall.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.sink.s3.S3Connection;
import dev.pitwall.sink.testing.LocalS3;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Clients built from settings reach a real S3 server with static keys or with the standard chain. */
class S3ConnectionIT {
    @TempDir
    Path dir;
    private LocalS3 s3;

    @BeforeEach
    void start() {
        s3 = LocalS3.start(dir);
        try (S3Client admin = s3.client()) {
            admin.createBucket(b -> b.bucket("conn"));
        }
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    @Test
    void staticKeysWriteAndReadBack() {
        try (S3Client client = S3Connection.local(s3.endpoint(), LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY).open()) {
            client.putObject(b -> b.bucket("conn").key("a"), RequestBody.fromString("static"));
            assertThat(client.getObjectAsBytes(b -> b.bucket("conn").key("a")).asUtf8String()).isEqualTo("static");
        }
        assertThat(System.getProperty("aws.disableEc2Metadata")).isEqualTo("true");
    }

    @Test
    void withoutKeysTheStandardChainIsUsed() {
        // the chain's first link: JVM system properties (instance metadata stays disabled by the build)
        System.setProperty("aws.accessKeyId", LocalS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", LocalS3.SECRET_KEY);
        try (S3Client client = new S3Connection(s3.endpoint(), "us-east-1", true, null, null).open()) {
            client.putObject(b -> b.bucket("conn").key("b"), RequestBody.fromString("chain"));
            assertThat(client.getObjectAsBytes(b -> b.bucket("conn").key("b")).asUtf8String()).isEqualTo("chain");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}

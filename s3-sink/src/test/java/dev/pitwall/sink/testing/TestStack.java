package dev.pitwall.sink.testing;

import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.schemas.TopicCatalogue;
import java.nio.file.Path;
import org.apache.kafka.clients.admin.Admin;
import software.amazon.awssdk.services.s3.S3Client;

/** A fresh broker (pitwall topics created), an S3 server with one bucket, and a client for each. */
public final class TestStack implements AutoCloseable {
    public final EmbeddedKafka kafka;
    public final LocalS3 s3;
    public final S3Client client;
    public final PipelineTopics topics;

    private TestStack(EmbeddedKafka kafka, LocalS3 s3, S3Client client) {
        this.kafka = kafka;
        this.s3 = s3;
        this.client = client;
        this.topics = new PipelineTopics(kafka.bootstrapServers());
    }

    public static TestStack start(Path dir, String bucket) {
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        LocalS3 s3;
        try (Admin admin = Admin.create(kafka.clientProps())) {
            TopicCatalogue.ensure(admin, (short) 1);
            s3 = LocalS3.start(dir.resolve("s3"));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        S3Client client = s3.client();
        TestStack stack = new TestStack(kafka, s3, client);
        try {
            client.createBucket(b -> b.bucket(bucket));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** Stops everything, the broker last and even when an earlier stop fails: a broker outliving its temp dir halts the JVM. */
    @Override
    public void close() {
        try {
            client.close();
            s3.close();
        } finally {
            kafka.close();
        }
    }
}

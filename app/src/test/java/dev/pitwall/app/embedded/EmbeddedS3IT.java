package dev.pitwall.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.embedded.EmbeddedS3;
import dev.pitwall.sink.s3.S3Connection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class EmbeddedS3IT {
    private static final String KEY = "pitwall/laps/season=2024/round=01/session=R/laps-000001.jsonl.gz";

    @TempDir
    Path dir;

    private static S3Client client(EmbeddedS3 s3) {
        return S3Connection.local(s3.endpoint(), s3.accessKey(), s3.secretKey()).open();
    }

    @Test
    void storesObjectsRefusesConditionalOverwritesAndKeepsThemAcrossARestart() {
        byte[] body = "{\"driver_id\":\"max_verstappen\",\"lap\":1}\n".getBytes(StandardCharsets.UTF_8);
        URI firstEndpoint;
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir, "pitwall"); S3Client client = client(s3)) {
            firstEndpoint = s3.endpoint();
            assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(s3.bucket()).isEqualTo("pitwall");
            assertThat(s3.region()).isEqualTo("us-east-1");

            client.putObject(put(s3).ifNoneMatch("*").build(), RequestBody.fromBytes(body));
            assertThat(get(client, s3)).isEqualTo(body);

            byte[] other = "changed\n".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> client.putObject(put(s3).ifNoneMatch("*").build(), RequestBody.fromBytes(other)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
            assertThat(get(client, s3)).as("the refused write left the object alone").isEqualTo(body);
        }

        try (EmbeddedS3 s3 = EmbeddedS3.start(dir, "pitwall"); S3Client client = client(s3)) {
            assertThat(get(client, s3)).isEqualTo(body);
            assertThat(client.listObjectsV2(b -> b.bucket(s3.bucket())).contents())
                    .extracting(S3Object::key).containsExactly(KEY);
            assertThatThrownBy(() -> client.putObject(put(s3).ifNoneMatch("*").build(), RequestBody.fromBytes(body)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        }
        System.out.println("s3 endpoint before restart " + firstEndpoint);
    }

    @Test
    void checksSignatures() {
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir, "pitwall");
             S3Client stranger = S3Connection.local(s3.endpoint(), s3.accessKey(), "not-the-secret").open()) {
            assertThatThrownBy(() -> stranger.listObjectsV2(b -> b.bucket(s3.bucket())))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void refusesADataDirThatIsAlreadyInUse() {
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir, "pitwall")) {
            assertThatThrownBy(() -> EmbeddedS3.start(dir, "pitwall"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("data dir " + dir.toAbsolutePath() + " is in use by another pitwall process");
        }
    }

    private static PutObjectRequest.Builder put(EmbeddedS3 s3) {
        return PutObjectRequest.builder().bucket(s3.bucket()).key(KEY);
    }

    private static byte[] get(S3Client client, EmbeddedS3 s3) {
        return client.getObjectAsBytes(GetObjectRequest.builder().bucket(s3.bucket()).key(KEY).build()).asByteArray();
    }
}

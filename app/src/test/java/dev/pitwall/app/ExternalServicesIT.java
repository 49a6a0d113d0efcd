package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.embedded.EmbeddedS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `--bootstrap-servers`, `--s3-endpoint`, `--s3-bucket` and `--warehouse` point the stages at services
 * that pitwall does not start itself. Here those "external" services are a broker and an s3proxy
 * this test starts on loopback; credentials come from the AWS default chain (system properties).
 */
class ExternalServicesIT {

    @TempDir
    Path work;

    @Test
    void replayAgainstExternalKafkaS3AndWarehouseFile() throws Exception {
        Path fixtures = JolpicaFixtures.root();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("their-kafka"));
             EmbeddedS3 s3 = EmbeddedS3.start(work.resolve("their-s3"), "their-bucket")) {
            System.setProperty("aws.accessKeyId", s3.accessKey());
            System.setProperty("aws.secretAccessKey", s3.secretKey());
            Path warehouse = work.resolve("elsewhere").resolve("wh.duckdb");
            Path dataDir = work.resolve("data");
            ReplayEndToEndIT.Run run = ReplayEndToEndIT.pitwall("replay", "--season", "2021", "--round", "12",
                    "--archive", fixtures.toString(), "--data-dir", dataDir.toString(),
                    "--bootstrap-servers", kafka.bootstrapServers(), "--s3-endpoint", s3.endpoint().toString(),
                    "--s3-bucket", "their-bucket", "--warehouse", "duckdb:" + warehouse);
            assertThat(run.exitCode()).as("replay failed: %s", run.err()).isZero();

            assertThat(Files.exists(warehouse)).isTrue();
            assertThat(Files.exists(dataDir.resolve("kafka"))).as("no embedded broker was started").isFalse();
            assertThat(Files.exists(dataDir.resolve("s3"))).as("no embedded s3proxy was started").isFalse();
            try (var client = dev.pitwall.sink.s3.S3Connection.local(s3.endpoint(), s3.accessKey(), s3.secretKey()).open()) {
                List<String> keys = client.listObjectsV2(b -> b.bucket("their-bucket")).contents().stream()
                        .map(o -> o.key()).toList();
                assertThat(keys).anyMatch(k -> k.contains("laps/season=2021/round=12/session=R/"));
            }
            try (var wh = new dev.pitwall.loader.warehouse.DuckDbWarehouse(warehouse)) {
                Object laps = wh.query("select count(*) from analytics.laps where season = 2021 and round = 12").rows().get(0).get(0);
                assertThat(((Number) laps).longValue()).isEqualTo(JolpicaFixtures.laps(2021, 12).size());
            }
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}

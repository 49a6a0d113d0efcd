package dev.pitwall.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.sink.s3.S3Connection;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkConfigTest {

    @Test
    void theFourSettingConstructorKeepsTheMultipartDefaults() {
        SinkConfig config = new SinkConfig("b", "p", "g", "t");
        assertThat(config.multipartThreshold()).isEqualTo(8L * 1024 * 1024);
        assertThat(config.partSize()).isEqualTo(5 * 1024 * 1024);
        assertThat(config.withMultipart(1024, 6 * 1024 * 1024).multipartThreshold()).isEqualTo(1024);
    }

    @Test
    void partsBelowTheS3MinimumAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> SinkConfig.defaults("b").withMultipart(1024, 1024 * 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'partSize'");
        assertThatThrownBy(() -> SinkConfig.defaults("b").withMultipart(0, 5 * 1024 * 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'multipartThreshold'");
    }

    @Test
    void s3CredentialsComeInPairsAndARegionIsRequired() {
        assertThatThrownBy(() -> new S3Connection(null, "eu-west-1", false, "key", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give both or neither");
        assertThatThrownBy(() -> new S3Connection(null, " ", false, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'region'");
        S3Connection local = S3Connection.local(URI.create("http://127.0.0.1:9000"), "k", "s");
        assertThat(local.staticCredentials()).isTrue();
        assertThat(local.toString()).doesNotContain("s]").contains("credentials=static");
    }

    @Test
    void metricsPrintEveryCounter() {
        SinkStats stats = new SinkStats();
        stats.committed("laps", 20, 400, false, true, "MAX_RECORDS");
        stats.committed("laps", 5, 100, true, false, "SESSION_FINISHED");
        stats.committed("laps", 7, 120, false, false, "SESSION_FINISHED");

        SinkMetrics m = stats.snapshot();

        assertThat(m.objects()).isEqualTo(3);
        assertThat(m.rows()).isEqualTo(32);
        assertThat(m.bytes()).isEqualTo(620);
        assertThat(m.alreadyPresent()).isEqualTo(1);
        assertThat(m.multipart()).isEqualTo(1);
        assertThat(m.closeReasons()).containsExactlyInAnyOrderEntriesOf(Map.of("MAX_RECORDS", 1L, "SESSION_FINISHED", 2L));
        assertThat(m.toString()).contains("objects=3", "rows=32", "SESSION_FINISHED=2");
    }
}

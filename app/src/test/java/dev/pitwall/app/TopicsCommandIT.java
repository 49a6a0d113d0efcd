package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.schemas.Topics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `pitwall topics create|status` against a real broker named by --bootstrap-servers. */
class TopicsCommandIT {

    @Test
    void statusShowsMissingTopicsThenCreateMakesEveryOne(@TempDir Path dir) {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            String servers = kafka.bootstrapServers();
            String[] common = {"--data-dir", dir.resolve("data").toString(), "--bootstrap-servers", servers};

            ReplayEndToEndIT.Run before = ReplayEndToEndIT.pitwall(concat(new String[] {"topics", "status"}, common));
            assertThat(before.exitCode()).as(before.err()).isZero();
            assertThat(before.out()).contains(Topics.RAW_OPENF1_LAPS).contains("missing: run `pitwall topics create`");

            ReplayEndToEndIT.Run create = ReplayEndToEndIT.pitwall(concat(new String[] {"topics", "create", "--replication-factor", "1"}, common));
            assertThat(create.exitCode()).as(create.err()).isZero();
            assertThat(create.out()).contains("created " + Topics.all().size() + " of " + Topics.all().size());

            ReplayEndToEndIT.Run again = ReplayEndToEndIT.pitwall(concat(new String[] {"topics", "create"}, common));
            assertThat(again.out()).contains("all " + Topics.all().size() + " topics exist");

            ReplayEndToEndIT.Run after = ReplayEndToEndIT.pitwall(concat(new String[] {"topics", "status"}, common));
            assertThat(after.exitCode()).as(after.err()).isZero();
            assertThat(after.out()).doesNotContain("missing");
            for (Topics.TopicSpec spec : Topics.all()) {
                assertThat(after.out()).containsPattern("(?m)^" + java.util.regex.Pattern.quote(spec.name()) + "\\s+" + spec.partitions() + "\\s+0\\b");
            }
            assertThat(after.out()).contains("(pitwall-streams)");

            ReplayEndToEndIT.Run bad = ReplayEndToEndIT.pitwall(concat(new String[] {"topics", "create", "--replication-factor", "0"}, common));
            assertThat(bad.exitCode()).isEqualTo(2);
            assertThat(bad.err()).contains("--replication-factor");
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

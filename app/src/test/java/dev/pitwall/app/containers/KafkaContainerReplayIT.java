package dev.pitwall.app.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.app.Pitwall;
import dev.pitwall.app.registry.ApicurioRegistry;
import dev.pitwall.schemas.serde.WireFormats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import picocli.CommandLine;

/**
 * The end-to-end replay against the Kafka of a container ({@code apache/kafka}, KRaft, the image the compose
 * file uses) instead of the embedded broker. Needs a Docker engine; skipped, saying so, without one.
 */
@ExtendWith(PrintSkipWithoutDocker.class)
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerReplayIT {
    static final String KAFKA_IMAGE = "apache/kafka:4.3.1";

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(KAFKA_IMAGE)
            // exactly-once Streams and transactional producers need these at 1 on a single broker
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");

    @TempDir
    Path work;

    @AfterEach
    void backToTheDefaultFormat() {
        WireFormats.reset();
    }

    private static Path fixtures() {
        Path fixtures = Path.of(System.getProperty("pitwall.fixtures", "../../shared/fixtures")).toAbsolutePath().normalize();
        if (!Files.isDirectory(fixtures.resolve("jolpica"))) {
            System.out.println("[skip] recorded fixtures not found at " + fixtures);
        }
        Assumptions.assumeTrue(Files.isDirectory(fixtures.resolve("jolpica")), "recorded fixtures not found at " + fixtures);
        return fixtures;
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Pitwall.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        assertThat(code).as("pitwall %s failed: %s", String.join(" ", args), err).isZero();
        return new String[] {out.toString(), err.toString()};
    }

    private long laps(Path dataDir) {
        String csv = run("sql", "--data-dir", dataDir.toString(), "--format", "csv",
                "select count(*) from analytics.laps where season = 2024 and round = 1")[0];
        return Long.parseLong(csv.lines().skip(1).findFirst().orElseThrow().trim());
    }

    @Test
    void replaysARaceThroughAContainerisedBroker() {
        Path dataDir = work.resolve("data");
        run("replay", "--season", "2024", "--round", "1", "--archive", fixtures().toString(), "--data-dir", dataDir.toString(),
                "--bootstrap-servers", KAFKA.getBootstrapServers());
        assertThat(laps(dataDir)).isEqualTo(1129);
        run("replay", "--season", "2024", "--round", "1", "--archive", fixtures().toString(), "--data-dir", dataDir.toString(),
                "--bootstrap-servers", KAFKA.getBootstrapServers());
        assertThat(laps(dataDir)).as("a second replay adds nothing").isEqualTo(1129);
    }

    @Test
    void replaysARaceInTheConfluentWireFormatThroughAContainerisedBroker() {
        Path dataDir = work.resolve("data-registry");
        ApicurioRegistry registry = ApicurioRegistry.get();
        run("replay", "--season", "2024", "--round", "1", "--archive", fixtures().toString(), "--data-dir", dataDir.toString(),
                "--bootstrap-servers", KAFKA.getBootstrapServers(), "--schema-registry-url", registry.confluentUrl().toString());
        assertThat(laps(dataDir)).isEqualTo(1129);
    }
}

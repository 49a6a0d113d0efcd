package dev.pitwall.app.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The whole docker-compose.yml stack (Kafka, the S3 store, PostgreSQL, Grafana, Prometheus and pitwall's
 * stages built from the Dockerfile) brought up by Testcontainers' Compose module; a one-shot replay of a
 * recorded race from ../shared/fixtures (an override file mounts it read-only, so nothing leaves the
 * machine but the image pulls) is produced into it, and the warehouse Grafana reads must hold every lap.
 * Needs a Docker engine with Compose; skipped, saying so, without one.
 */
@ExtendWith(PrintSkipWithoutDocker.class)
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackIT {
    private static final int LAPS_2024_1 = 1129;

    @TempDir
    Path work;

    @Test
    void theComposeStackLoadsAReplayedRaceIntoPostgres() throws Exception {
        Path fixtures = Path.of(System.getProperty("pitwall.fixtures", "../../shared/fixtures")).toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isDirectory(fixtures.resolve("jolpica")), "recorded fixtures not found at " + fixtures);
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path override = work.resolve("docker-compose.fixtures.yml");
        Files.writeString(override, String.join("\n",
                "services:",
                "  replay-fixtures:",
                "    image: pitwall:local",
                "    command: [\"replay\", \"--produce-only\", \"--season\", \"2024\", \"--round\", \"1\", \"--archive\", \"/fixtures\",",
                "              \"--data-dir\", \"/var/lib/pitwall/replay\", \"--bootstrap-servers\", \"kafka:9092\"]",
                "    volumes:",
                "      - " + fixtures + ":/fixtures:ro",
                "    depends_on:",
                "      topics:",
                "        condition: service_completed_successfully",
                "    restart: \"no\"",
                ""));
        try (ComposeContainer stack = new ComposeContainer(List.of(root.resolve("docker-compose.yml").toFile(), override.toFile()))
                .withBuild(true)
                .withEnv("POSTGRES_PASSWORD", "pitwall")
                .withExposedService("postgres", 5432, Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(5)))
                .withStartupTimeout(Duration.ofMinutes(15))) {
            stack.start();
            String url = "jdbc:postgresql://" + stack.getServiceHost("postgres", 5432) + ":" + stack.getServicePort("postgres", 5432) + "/pitwall";
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            long laps = -1;
            while (System.nanoTime() < deadline && laps < LAPS_2024_1) {
                laps = count(url);
                Thread.sleep(2_000);
            }
            assertThat(laps).as("laps of 2024 round 1 in the compose stack's warehouse").isEqualTo(LAPS_2024_1);
        }
    }

    /** Laps of the race, or -1 while the loader has not created the views yet. */
    private static long count(String url) {
        try (Connection c = DriverManager.getConnection(url, "pitwall", "pitwall"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM analytics.laps WHERE season = 2024 AND round = 1")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }
}

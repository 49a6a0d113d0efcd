package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.embedded.LocalPostgres;
import dev.pitwall.loader.testing.AnalyticsViews;
import dev.pitwall.loader.warehouse.Warehouse;
import dev.pitwall.loader.warehouse.Warehouses;
import dev.pitwall.producer.testing.FixtureJolpicaServer;
import dev.pitwall.producer.testing.FixtureOpenF1Server;
import dev.pitwall.producer.testing.OpenF1Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorded 2024 season replayed through the whole pipeline twice, once into the default DuckDB
 * file and once with {@code --warehouse postgresql://...} into a real PostgreSQL server, plus
 * OpenF1's 2024 Spanish GP race (session 9539) into both: every {@code analytics} view, enumerated
 * from the catalog, holds the same rows in both. Then {@code pitwall sql} against PostgreSQL, and
 * the password in no log line, output or error.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresWarehouseReplayIT {
    @TempDir
    static Path work;
    static LocalPostgres postgres;
    static String stderr;

    @BeforeAll
    static void startPostgres() {
        postgres = LocalPostgres.start(work.resolve("postgres"), Path.of("target", "embedded-pg").toAbsolutePath());
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void aSeasonReplayedIntoDuckDbAndIntoPostgresGivesTheSameRowsInEveryView() {
        Path fixtures = JolpicaFixtures.root();
        Path duckDir = work.resolve("duckdb");
        Path pgDir = work.resolve("postgresql");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(err, originalErr), true, StandardCharsets.UTF_8));
        try (FixtureJolpicaServer jolpica = FixtureJolpicaServer.start(fixtures.resolve("jolpica"));
             FixtureOpenF1Server openF1 = FixtureOpenF1Server.start(OpenF1Fixtures.openF1(), List.of(9539), null)) {
            for (Path dataDir : List.of(duckDir, pgDir)) {
                List<String> warehouse = dataDir.equals(pgDir) ? List.of("--warehouse", postgres.warehouseUrl()) : List.of();
                long t0 = System.nanoTime();
                ReplayEndToEndIT.Run season = ReplayEndToEndIT.pitwall(args(warehouse, "replay", "--season", "2024",
                        "--archive", fixtures.toString(), "--data-dir", dataDir.toString()));
                assertThat(season.exitCode()).as("season replay into %s failed: %s", dataDir, season.err()).isZero();
                System.out.printf("postgres-replay-it: season 2024 replay into %s: %.1f s%n%s%n", dataDir.getFileName(),
                        (System.nanoTime() - t0) / 1e9, season.out());
                ReplayEndToEndIT.Run race = ReplayEndToEndIT.pitwall(args(warehouse, "replay", "--season", "2024", "--round", "10",
                        "--jolpica-url", jolpica.baseUrl().toString(), "--openf1", "--openf1-url", openF1.baseUrl().toString(),
                        "--openf1-rate-limit", "unlimited", "--data-dir", dataDir.toString()));
                assertThat(race.exitCode()).as("OpenF1 replay into %s failed: %s", dataDir, race.err()).isZero();
            }
        } finally {
            System.setErr(originalErr);
        }
        stderr = err.toString(StandardCharsets.UTF_8);

        Map<String, Integer> rowsPerView = new LinkedHashMap<>();
        try (Warehouse duckdb = Warehouses.open("duckdb:" + duckDir.resolve("warehouse.duckdb"), duckDir, Map.of());
             Warehouse postgresql = Warehouses.open(postgres.warehouseUrl(), pgDir, Map.of())) {
            List<String> views = AnalyticsViews.names(duckdb);
            assertThat(AnalyticsViews.names(postgresql)).isEqualTo(views);
            for (String view : views) {
                List<List<String>> expected = AnalyticsViews.rows(duckdb, view);
                List<List<String>> actual = AnalyticsViews.rows(postgresql, view);
                assertThat(actual).as("rows of analytics.%s", view).hasSameSizeAs(expected);
                for (int i = 0; i < expected.size(); i++) {
                    assertThat(actual.get(i)).as("analytics.%s row %d (sorted)", view, i).isEqualTo(expected.get(i));
                }
                rowsPerView.put(view, expected.size());
            }
        }
        System.out.println("postgres-replay-it: rows per analytics view, identical in both: " + rowsPerView);
        assertThat(rowsPerView.get("laps")).isEqualTo(26_574);
        assertThat(rowsPerView.get("results")).isEqualTo(599);
        for (String fed : List.of("openf1_laps", "stints", "weather", "tyre_strategy", "qualifying", "pit_stops",
                "driver_standings", "published_driver_standings", "constructor_standings", "published_constructor_standings",
                "standings_check")) {
            assertThat(rowsPerView.get(fed)).as("rows of analytics.%s", fed).isPositive();
        }
    }

    @Test
    @Order(2)
    void sqlQueriesPostgresDirectlyAndTheRowsAreTheReplayedOnes() {
        ReplayEndToEndIT.Run run = ReplayEndToEndIT.pitwall("sql", "--data-dir", work.resolve("postgresql").toString(),
                "--warehouse", postgres.warehouseUrl(), "--format", "csv",
                "select driver_id, points from analytics.driver_standings where season = 2024 and round = 24 and position = 1");
        assertThat(run.exitCode()).as("sql failed: %s", run.err()).isZero();
        assertThat(run.out().lines().toList()).containsExactly("driver_id,points", "max_verstappen,437.00");

        // PGPASSWORD and no data dir of a running stack: the same answer
        ReplayEndToEndIT.Run table = ReplayEndToEndIT.pitwall("sql", "--data-dir", work.resolve("nothing-here").toString(),
                "--warehouse", postgres.warehouseUrl(), "select count(*) as files from staging.loaded_files");
        assertThat(table.exitCode()).as("sql failed: %s", table.err()).isZero();
        assertThat(table.out()).contains("files");
    }

    @Test
    @Order(3)
    void thePasswordIsInNoLogLineAndAUrlCarryingOneIsRefusedWithoutEchoingIt() {
        // INFO lines go to the data dir's log file, the console keeps warnings: the password is in neither
        String logFile;
        try {
            logFile = java.nio.file.Files.readString(dev.pitwall.app.log.LogSetup.logFile(work.resolve("postgresql")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(logFile).as("the replays' log file").contains("connected to PostgreSQL postgres@127.0.0.1:" + postgres.port())
                .doesNotContain(postgres.password());
        assertThat(stderr).as("the replays' console").doesNotContain(postgres.password());

        String withPassword = "postgresql://postgres:" + postgres.password() + "@127.0.0.1:" + postgres.port() + "/postgres";
        ReplayEndToEndIT.Run sql = ReplayEndToEndIT.pitwall("sql", "--data-dir", work.resolve("x").toString(),
                "--warehouse", withPassword, "select 1");
        assertThat(sql.exitCode()).isNotZero();
        assertThat(sql.err()).contains("PW-0406").contains("PGPASSWORD");
        ReplayEndToEndIT.Run replay = ReplayEndToEndIT.pitwall("replay", "--season", "2024", "--round", "1",
                "--archive", JolpicaFixtures.root().toString(), "--data-dir", work.resolve("y").toString(), "--warehouse", withPassword);
        assertThat(replay.exitCode()).isEqualTo(2);
        for (ReplayEndToEndIT.Run run : List.of(sql, replay)) {
            assertThat(run.out() + run.err()).doesNotContain(postgres.password());
        }
    }

    private static String[] args(List<String> warehouse, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(warehouse);
        return all.toArray(String[]::new);
    }

    /** Keeps what the pipeline logs for the assertions while still showing it in the test output. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}

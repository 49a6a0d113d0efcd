package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitwall.embedded.LocalPostgres;
import dev.pitwall.loader.warehouse.QueryResult;
import dev.pitwall.loader.warehouse.Warehouse;
import dev.pitwall.loader.warehouse.Warehouses;
import dev.pitwall.producer.testing.FixtureJolpicaServer;
import dev.pitwall.producer.testing.FixtureOpenF1Server;
import dev.pitwall.producer.testing.OpenF1Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every SQL panel of the committed PostgreSQL dashboards (grafana/dashboards/postgresql/) run the way
 * Grafana runs it, against a real PostgreSQL warehouse holding the recorded 2024 season replayed
 * through the whole pipeline (plus the Spanish GP, round 10, from OpenF1 and from F1's live-timing archive): variables resolved in order
 * from their own queries and set to the first answer (the latest, as Grafana picks with no saved
 * value), Grafana's macros expanded for the dashboard's default time range. All must run; at least
 * 90 % must return rows. The Snowflake set has the same SQL (GrafanaDashboardsTest), so this covers it.
 */
class GrafanaPanelSqlIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DASHBOARDS = Path.of("..", "grafana", "dashboards", "postgresql").toAbsolutePath().normalize();

    @TempDir
    static Path work;
    static LocalPostgres postgres;
    static Warehouse warehouse;

    @BeforeAll
    static void replayTheSeasonIntoPostgres() {
        Path fixtures = JolpicaFixtures.root();
        postgres = LocalPostgres.start(work.resolve("postgres"), Path.of("target", "embedded-pg").toAbsolutePath());
        Path dataDir = work.resolve("data");
        long t0 = System.nanoTime();
        ReplayEndToEndIT.Run season = ReplayEndToEndIT.pitwall("replay", "--season", "2024", "--archive", fixtures.toString(),
                "--data-dir", dataDir.toString(), "--warehouse", postgres.warehouseUrl());
        assertThat(season.exitCode()).as("season replay failed: %s", season.err()).isZero();
        System.out.printf("grafana-panel-sql-it: season 2024 replayed into PostgreSQL in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        try (FixtureJolpicaServer jolpica = FixtureJolpicaServer.start(fixtures.resolve("jolpica"));
             FixtureOpenF1Server openF1 = FixtureOpenF1Server.start(OpenF1Fixtures.openF1(), List.of(9539), null)) {
            ReplayEndToEndIT.Run race = ReplayEndToEndIT.pitwall("replay", "--season", "2024", "--round", "10",
                    "--jolpica-url", jolpica.baseUrl().toString(), "--openf1", "--openf1-url", openF1.baseUrl().toString(),
                    "--openf1-rate-limit", "unlimited", "--data-dir", dataDir.toString(), "--warehouse", postgres.warehouseUrl());
            assertThat(race.exitCode()).as("OpenF1 replay failed: %s", race.err()).isZero();
        }
        // the same weekend from F1's live-timing archive: race-control messages, which no recorded OpenF1 session has
        ReplayEndToEndIT.Run timing = ReplayEndToEndIT.pitwall("replay", "--season", "2024", "--round", "10", "--archive", fixtures.toString(),
                "--livetiming", "--data-dir", dataDir.toString(), "--warehouse", postgres.warehouseUrl());
        assertThat(timing.exitCode()).as("live-timing replay failed: %s", timing.err()).isZero();
        warehouse = Warehouses.open(postgres.warehouseUrl(), dataDir, Map.of());
    }

    @AfterAll
    static void stop() {
        if (warehouse != null) {
            warehouse.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void everyPanelRunsWithItsDefaultsAndAtLeastNinetyPercentReturnRows() throws IOException {
        int panels = 0;
        int withRows = 0;
        List<String> empty = new ArrayList<>();
        List<Path> files = dashboards();
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        for (Path file : files) {
            JsonNode d = JSON.readTree(file.toFile());
            Map<String, String> values = defaults(d, Map.of());
            System.out.printf("grafana-panel-sql-it: %s with %s%n", d.path("title").asText(), values);
            for (JsonNode panel : d.path("panels")) {
                String sql = panel.path("targets").path(0).path("rawSql").asText(null);
                if (sql == null) {
                    continue;
                }
                panels++;
                long t0 = System.nanoTime();
                int rows = run(d, panel, values).rows().size();
                System.out.printf("grafana-panel-sql-it:   %-50s %6d rows %8.0f ms%n", panel.path("title").asText(), rows, (System.nanoTime() - t0) / 1e6);
                if (rows > 0) {
                    withRows++;
                } else {
                    empty.add(d.path("title").asText() + " / " + panel.path("title").asText());
                }
            }
        }
        System.out.printf("grafana-panel-sql-it: %d dashboards, %d SQL panels, %d return rows (%.1f %%); empty: %s%n",
                files.size(), panels, withRows, 100.0 * withRows / panels, empty);
        assertThat(panels).isGreaterThanOrEqualTo(20);
        assertThat(withRows * 10).as("panels returning rows: %d of %d; empty: %s", withRows, panels, empty).isGreaterThanOrEqualTo(panels * 9);
    }

    @Test
    void theOpenF1AndLiveTimingPanelsReturnRowsForARaceTheyCover() throws IOException {
        JsonNode race = JSON.readTree(DASHBOARDS.resolve("pitwall-race.json").toFile());
        Map<String, String> values = defaults(race, Map.of("season", "2024", "round", "10"));
        assertThat(values).containsEntry("session", "R").containsEntry("driver", "max_verstappen");
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (JsonNode panel : race.path("panels")) {
            rows.put(panel.path("title").asText(), run(race, panel, values).rows().size());
        }
        System.out.println("grafana-panel-sql-it: race dashboard at 2024 round 10: " + rows);
        assertThat(rows.get("Tyre strategy")).isPositive();
        assertThat(rows.get("Weather against lap times")).isPositive();
        // the recorded live-timing race holds only its driver list; its qualifying has the race-control messages
        Map<String, String> qualifying = defaults(race, Map.of("season", "2024", "round", "10", "session", "Q"));
        JsonNode raceControl = null;
        for (JsonNode panel : race.path("panels")) {
            if (panel.path("title").asText().equals("Race control")) {
                raceControl = panel;
            }
        }
        int messages = run(race, raceControl, qualifying).rows().size();
        System.out.println("grafana-panel-sql-it: race control at 2024 round 10 qualifying (live timing): " + messages + " rows");
        assertThat(messages).isPositive();
        assertThat(warehouse.query("SELECT DISTINCT source FROM analytics.race_stints WHERE season = 2024 AND round = 10").rows())
                .extracting(r -> r.get(0)).containsExactly("openf1");
        // every other round has stints only from Jolpica's pit-stop laps
        assertThat(warehouse.query("SELECT count(*) FROM analytics.race_stints WHERE season = 2024 AND round = 24"
                + " AND source = 'jolpica_pit_stops'").rows().get(0).get(0).toString()).isNotEqualTo("0");
    }

    /** Each variable's query with the earlier ones substituted; its first answer unless {@code fixed} sets it. */
    private static Map<String, String> defaults(JsonNode dashboard, Map<String, String> fixed) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            String name = v.path("name").asText();
            if (fixed.containsKey(name)) {
                values.put(name, fixed.get(name));
                continue;
            }
            QueryResult answer = warehouse.query(expand(dashboard, v.path("query").asText(), values));
            assertThat(answer.rows()).as("variable %s of %s has options", name, dashboard.path("title").asText()).isNotEmpty();
            values.put(name, answer.rows().get(0).get(0).toString());
        }
        return values;
    }

    private static QueryResult run(JsonNode dashboard, JsonNode panel, Map<String, String> values) {
        String sql = expand(dashboard, panel.path("targets").path(0).path("rawSql").asText(), values);
        try {
            return warehouse.query(sql);
        } catch (RuntimeException e) {
            throw new AssertionError(dashboard.path("title").asText() + " / " + panel.path("title").asText() + " failed: " + e.getMessage()
                    + "\n" + sql, e);
        }
    }

    /**
     * Variables and macros as Grafana's PostgreSQL datasource expands them: $__timeFilter(c) to a BETWEEN
     * over the dashboard's range, $__timeGroup(c, 'Nm') to epoch seconds floored to the interval.
     */
    static String expand(JsonNode dashboard, String sql, Map<String, String> values) {
        Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant from = to.minus(range(dashboard.path("time").path("from").asText("now-6h")));
        String out = sql;
        Matcher filter = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)").matcher(out);
        out = filter.replaceAll(m -> Matcher.quoteReplacement(m.group(1).trim() + " BETWEEN '" + from + "' AND '" + to + "'"));
        Matcher group = Pattern.compile("\\$__timeGroup\\(([^,]+),\\s*'(\\d+)([smhd])'\\)").matcher(out);
        out = group.replaceAll(m -> {
            long seconds = Long.parseLong(m.group(2)) * switch (m.group(3)) {
                case "s" -> 1;
                case "m" -> 60;
                case "h" -> 3600;
                default -> 86400;
            };
            return Matcher.quoteReplacement("floor(extract(epoch from " + m.group(1).trim() + ")/" + seconds + ")*" + seconds);
        });
        out = out.replace("$__timeFrom()", "'" + from + "'").replace("$__timeTo()", "'" + to + "'");
        List<String> names = new ArrayList<>(values.keySet());
        names.sort(Comparator.comparingInt(String::length).reversed());
        for (String name : names) {
            out = out.replace("${" + name + "}", values.get(name)).replace("$" + name, values.get(name));
        }
        assertThat(out).as("everything expanded in %s", sql).doesNotContain("$");
        return out;
    }

    private static Duration range(String from) {
        Matcher m = Pattern.compile("now-(\\d+)([mhd])").matcher(from);
        assertThat(m.matches()).as("time range %s", from).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }
}

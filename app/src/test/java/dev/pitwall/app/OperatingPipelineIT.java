package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.app.metrics.PrometheusText;
import dev.pitwall.app.runtime.InProcessPipeline;
import dev.pitwall.app.runtime.PipelineSettings;
import dev.pitwall.app.stack.StackFile;
import java.net.URI;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay attached to a running stack (what `pitwall up` runs), then what an operator looks at: its
 * /metrics scraped over HTTP on 127.0.0.1 (on the SQL server's port named in stack.json and on a
 * --metrics-port server of its own), the log under the data dir, `pitwall status`, and the Prometheus
 * dashboard's queries against the series the scrape really holds.
 */
class OperatingPipelineIT {
    @TempDir
    static Path dataDir;

    static InProcessPipeline running;
    static PrometheusText scrape;
    static List<JolpicaFixtures.Lap> laps;
    static String replayErr;

    @BeforeAll
    static void replayIntoARunningStack() {
        Path fixtures = JolpicaFixtures.root();
        running = InProcessPipeline.start(PipelineSettings.embedded(dataDir), new InProcessPipeline.MetricsPort("127.0.0.1", 0));
        ReplayEndToEndIT.Run replay = ReplayEndToEndIT.pitwall("replay", "--season", "2021", "--round", "12",
                "--archive", fixtures.toString(), "--data-dir", dataDir.toString());
        assertThat(replay.exitCode()).as("replay failed: %s", replay.err()).isZero();
        replayErr = replay.err();
        laps = JolpicaFixtures.laps(2021, 12);
        scrape = PrometheusText.scrape(URI.create("http://127.0.0.1:" + running.metricsPort() + "/metrics"));
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    /** The names of every series the scrape holds (for the dashboard test). */
    static Set<String> exportedNames() {
        return scrape.samples().stream().map(PrometheusText.Sample::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void stackFileNamesTheMetricsEndpointAndBothPortsAnswer() {
        URI named = StackFile.read(dataDir).orElseThrow().metricsEndpoint();
        assertThat(named).isEqualTo(running.metricsEndpoint().orElseThrow());
        assertThat(named.getHost()).isEqualTo("127.0.0.1");
        PrometheusText onSqlPort = PrometheusText.scrape(named);
        assertThat(onSqlPort.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(onSqlPort.value("pitwall_loader_rows_total", "table", "laps"))
                .isEqualTo(scrape.value("pitwall_loader_rows_total", "table", "laps"));
    }

    @Test
    void atLeastTenPitwallSeriesAreNonZeroAfterAReplay() {
        List<PrometheusText.Sample> nonZero = scrape.samples().stream()
                .filter(s -> s.name().startsWith("pitwall_") && s.value() != 0).toList();
        assertThat(nonZero).as("non-zero pitwall_ series").hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void countsAgreeWithWhatTheReplayLoaded() {
        long lapRows = Long.parseLong(ReplayEndToEndIT.csv(dataDir,
                "select count(*) from staging.laps where season = 2021 and round = 12").get(0)[0]);
        assertThat(lapRows).isEqualTo(laps.size());
        // every recorded lap went in, came out clean, was written and loaded: the same count at each stage
        assertThat(scrape.value("pitwall_streams_records_in_total", "topic", "f1.raw.laps")).isEqualTo(laps.size());
        assertThat(scrape.value("pitwall_streams_records_out_total", "table", "laps")).isEqualTo(laps.size());
        assertThat(scrape.value("pitwall_streams_duplicates_total", "table", "laps")).isZero();
        assertThat(scrape.value("pitwall_sink_rows_total", "table", "laps")).isEqualTo(laps.size());
        assertThat(scrape.value("pitwall_loader_rows_total", "table", "laps")).isEqualTo(laps.size());
        long files = Long.parseLong(ReplayEndToEndIT.csv(dataDir, "select count(*) from staging.loaded_files").get(0)[0]);
        assertThat(scrape.sum("pitwall_loader_files_total")).isEqualTo(files);
        assertThat(scrape.sum("pitwall_sink_objects_total")).isEqualTo(files);
        assertThat(scrape.sum("pitwall_sink_batches_total")).isEqualTo(files);
        assertThat(scrape.value("pitwall_sink_batches_total", "table", "laps", "reason", "SESSION_FINISHED")).isPositive();
        assertThat(scrape.value("pitwall_loader_load_seconds_count", "table", "laps")).isPositive();
        assertThat(scrape.sum("pitwall_streams_batches_total")).isEqualTo(files);
    }

    @Test
    void theReplaysLogIsInTheDataDirAndTheConsoleStaysQuiet() throws java.io.IOException {
        Path log = dataDir.resolve("logs").resolve("pitwall.log");
        assertThat(log).exists();
        List<String> lines = java.nio.file.Files.readAllLines(log);
        // INFO for pitwall: the loader's line per load is there; libraries only at WARN and above
        assertThat(lines).anyMatch(l -> l.contains(" INFO ") && l.contains("dev.pitwall.loader.FileLoader") && l.contains("loaded "));
        assertThat(lines).noneMatch(l -> l.contains(" INFO ") && l.contains("org.apache.kafka"));
        assertThat(replayErr.lines().filter(l -> l.contains(" INFO "))).as("INFO lines on the replay's console").isEmpty();
    }

    @Test
    void stagesLagAndFreshnessAreExported() {
        for (String stage : List.of("streams", "sink", "loader")) {
            assertThat(scrape.value("pitwall_stage_up", "stage", stage)).as(stage).isEqualTo(1.0);
        }
        for (String group : List.of("pitwall-streams", "pitwall-sink", "pitwall-loader")) {
            assertThat(scrape.value("pitwall_consumer_lag_records", "group", group)).as(group).isGreaterThanOrEqualTo(0);
        }
        double newest = scrape.value("pitwall_loader_newest_event_timestamp_seconds", "table", "laps");
        // the replay produced it minutes ago at most, so its event time is this run's, not 1970's
        assertThat(newest).isGreaterThan(System.currentTimeMillis() / 1000.0 - 3600);
        assertThat(scrape.value("pitwall_loader_freshness_seconds", "table", "laps")).isGreaterThanOrEqualTo(0);
        assertThat(scrape.named("jvm_memory_used_bytes")).isNotEmpty();
        assertThat(scrape.named("process_cpu_usage")).isNotEmpty();
    }

    @Test
    void statusReadsTheRunningStackAndTheWarehouse() throws Exception {
        ReplayEndToEndIT.Run table = ReplayEndToEndIT.pitwall("status", "--data-dir", dataDir.toString());
        assertThat(table.exitCode()).as("status: %s%s", table.out(), table.err()).isZero();
        assertThat(table.out()).contains("pitwall healthy").contains("streams").contains("sink").contains("loader").contains("laps");

        ReplayEndToEndIT.Run json = ReplayEndToEndIT.pitwall("status", "--data-dir", dataDir.toString(), "--format", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode status = new ObjectMapper().readTree(json.out());
        assertThat(status.path("healthy").asBoolean()).isTrue();
        List<String> stages = new ArrayList<>();
        for (JsonNode stage : status.path("stages")) {
            stages.add(stage.path("stage").asText());
            assertThat(stage.path("running").asBoolean()).as(stage.toString()).isTrue();
            assertThat(stage.path("members").asInt()).as(stage.toString()).isPositive();
            assertThat(stage.path("lag").isNumber()).as(stage.toString()).isTrue();
        }
        assertThat(stages).containsExactly("streams", "sink", "loader");
        JsonNode laps = null;
        for (JsonNode t : status.path("tables")) {
            if (t.path("table").asText().equals("laps")) {
                laps = t;
            }
        }
        assertThat(laps).as("laps in %s", status.path("tables")).isNotNull();
        String lapFiles = ReplayEndToEndIT.csv(dataDir, "select count(*) from staging.loaded_files where table_name = 'laps'").get(0)[0];
        assertThat(laps.path("files").asLong()).isEqualTo(Long.parseLong(lapFiles));
        String newest = ReplayEndToEndIT.csv(dataDir,
                "select object_key from staging.loaded_files where table_name = 'laps' order by loaded_at desc, object_key desc limit 1").get(0)[0];
        assertThat(laps.path("lastFile").asText()).isEqualTo(newest);
        assertThat(laps.path("ageSeconds").asDouble()).isBetween(0.0, 3600.0);
        String rejects = ReplayEndToEndIT.csv(dataDir,
                "select count(*) from staging.rejected where ingested_at > current_timestamp - interval '1 hour'").get(0)[0];
        assertThat(status.path("rejectsLastHour").asLong()).isEqualTo(Long.parseLong(rejects));
    }

    @Test
    void statusWithoutARunningStackIsUnhealthyButStillReadsTheWarehouse() {
        Path other = dataDir.resolveSibling(dataDir.getFileName() + "-stopped");
        ReplayEndToEndIT.Run none = ReplayEndToEndIT.pitwall("status", "--data-dir", other.toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.out()).contains("NOT healthy").contains("no broker").contains("no warehouse");
        assertThat(other).doesNotExist();
    }

    @Test
    void everyDashboardQueryReadsOnlySeriesThisScrapeHolds() throws Exception {
        Path dashboards = Path.of(System.getProperty("user.dir")).resolveSibling("grafana").resolve("dashboards").resolve("prometheus");
        List<Path> files;
        try (var listing = Files.list(dashboards)) {
            files = listing.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(files).isNotEmpty();
        Set<String> exported = exportedNames();
        for (Path file : files) {
            JsonNode dash = new ObjectMapper().readTree(file.toFile());
            assertThat(dash.path("uid").asText()).isNotBlank();
            assertThat(dash.path("title").asText()).isNotBlank();
            assertThat(dash.path("schemaVersion").asInt()).isPositive();
            Set<Integer> ids = new TreeSet<>();
            int queries = 0;
            for (JsonNode panel : dash.path("panels")) {
                assertThat(ids.add(panel.path("id").asInt())).as("unique panel id %s", panel.path("id")).isTrue();
                assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
                assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("pitwall-prometheus");
                assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("datasource").path("uid").asText()).isEqualTo("pitwall-prometheus");
                    String expr = target.path("expr").asText();
                    Set<String> names = PromQl.metricNames(expr);
                    assertThat(names).as("metrics in %s", expr).isNotEmpty();
                    assertThat(exported).as("series of %s (%s)", expr, file.getFileName()).containsAll(names);
                    queries++;
                }
            }
            assertThat(queries).isGreaterThanOrEqualTo(10);
        }
    }
}

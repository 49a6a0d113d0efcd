package dev.pitwall.loader.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.loader.warehouse.FileToLoad;
import dev.pitwall.loader.warehouse.GroupOutcome;
import dev.pitwall.loader.warehouse.LoadOutcome;
import dev.pitwall.loader.warehouse.StagingTable;
import dev.pitwall.loader.warehouse.WarehouseError;
import dev.pitwall.loader.warehouse.WarehouseException;
import dev.pitwall.loader.warehouse.Warehouses;
import dev.pitwall.schemas.avro.FileWritten;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snowpipe mode end to end at protocol level: the real ingest SDK 4.3.0 against {@link LocalSnowpipe}
 * and the real snowflake-jdbc driver against {@link LocalSnowflake}, on one loopback address.
 * Snowflake's loading itself (what a pipe's COPY does with the object) is not emulated.
 */
class SnowpipeWarehouseTest {
    private static final String RESULTS_PIPE = "PITWALL.LOADER.F1_PIPE_RESULTS";
    private static final String INSERT_MANIFEST = "INSERT INTO staging.loaded_files";
    private static KeyPair keys;

    @TempDir
    Path dir;
    private LocalSnowflake snowflake;
    private LocalSnowpipe snowpipe;
    private SnowpipeWarehouse warehouse;

    @BeforeAll
    static void key() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @BeforeEach
    void start() throws Exception {
        snowflake = new LocalSnowflake();
        snowpipe = new LocalSnowpipe("xy12345", "PITWALL", keys.getPublic());
        snowflake.mount("/v1/data/pipes/", snowpipe);
        Path keyFile = dir.resolve("rsa_key.p8");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        warehouse = (SnowpipeWarehouse) Warehouses.open("snowflake://xy12345/PITWALL/LOADER?warehouse=LOAD_WH&role=PITWALL_LOADER"
                + "&user=PITWALL&private_key_file=" + keyFile + "&mode=snowpipe&pipe=F1_PIPE&report_timeout=2"
                + "&endpoint=" + snowflake.endpoint() + "&login_timeout=5&network_timeout=2&max_http_retries=1", dir, Map.of());
    }

    @AfterEach
    void stop() {
        warehouse.close();
        snowflake.close();
    }

    @Test
    void migrateCreatesOnePipePerStagingTableAfterTheTables() {
        warehouse.migrate();

        List<String> statements = snowflake.statements();
        List<String> pipes = statements.stream().filter(s -> s.startsWith("CREATE PIPE")).toList();
        assertThat(pipes).hasSize(StagingTable.values().length).hasSize(17).contains("CREATE PIPE IF NOT EXISTS " + RESULTS_PIPE
                + " AS COPY INTO PITWALL.staging.results FROM @PITWALL.LOADER.PITWALL_FILES"
                + " FILE_FORMAT = (TYPE = JSON COMPRESSION = GZIP) MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE"
                + " INCLUDE_METADATA = (_file = METADATA$FILENAME, _row = METADATA$FILE_ROW_NUMBER, ingested_at = METADATA$START_SCAN_TIME)"
                + " ON_ERROR = SKIP_FILE");
        assertThat(pipes).anyMatch(s -> s.startsWith("CREATE PIPE IF NOT EXISTS PITWALL.LOADER.F1_PIPE_LAPS AS COPY INTO PITWALL.staging.laps "))
                .anyMatch(s -> s.startsWith("CREATE PIPE IF NOT EXISTS PITWALL.LOADER.F1_PIPE_REJECTED AS COPY INTO PITWALL.staging.rejected "));
        int lastTable = statements.lastIndexOf(statements.stream().filter(s -> s.startsWith("CREATE TABLE IF NOT EXISTS staging.")).reduce((a, b) -> b).orElseThrow());
        assertThat(statements.indexOf(pipes.get(0))).isGreaterThan(lastTable);
        assertThat(snowpipe.requests()).isEmpty();
    }

    @Test
    void aLoadedFileGetsItsManifestRowAfterTheReportSaysLoaded() {
        FileWritten file = file("results", 20);
        snowpipe.script(file.getKey(), LocalSnowpipe.Outcome.loaded(20));

        LoadOutcome outcome = warehouse.load(file);

        assertThat(outcome).isEqualTo(new LoadOutcome(file.getKey(), 20, false));
        List<String> requests = snowpipe.requests();
        assertThat(requests.get(0)).isEqualTo("POST /v1/data/pipes/" + RESULTS_PIPE + "/insertFiles [" + file.getKey() + "]");
        // The first report shows the file in progress, so the loader had to read at least two.
        assertThat(requests.subList(1, requests.size())).hasSizeGreaterThanOrEqualTo(2)
                .allMatch(r -> r.equals("GET /v1/data/pipes/" + RESULTS_PIPE + "/insertReport"));
        assertThat(snowflake.manifest()).containsExactly(file.getKey());
        assertThat(snowflake.statements()).filteredOn(s -> s.startsWith(INSERT_MANIFEST)).singleElement()
                .satisfies(s -> assertThat(s).endsWith(List.of(List.of(file.getKey(), "results", file.getBatchId(), file.getSha256(),
                        "20", Long.toString(file.getBytes()))).toString()));

        assertThat(warehouse.load(file)).isEqualTo(new LoadOutcome(file.getKey(), 0, true));
        assertThat(snowpipe.requests()).hasSameSizeAs(requests);
    }

    @Test
    void aPartiallyLoadedFileIsNotMarkedLoadedAndReportsItsFirstError() {
        FileWritten file = file("laps", 1200);
        snowpipe.script(file.getKey(), new LocalSnowpipe.Outcome("PARTIALLY_LOADED", 1200, 1197, 3,
                "Numeric value 'DNF' is not recognized", 412L));

        assertThatThrownBy(() -> warehouse.load(file))
                .isInstanceOfSatisfying(WarehouseException.class, e -> {
                    assertThat(e.error()).isEqualTo(WarehouseError.COPY_INCOMPLETE);
                    assertThat(e).hasMessageStartingWith("PW-0407").hasMessageContaining("PITWALL.LOADER.F1_PIPE_LAPS")
                            .hasMessageContaining("PARTIALLY_LOADED").hasMessageContaining("1197 of 1200")
                            .hasMessageContaining("Numeric value 'DNF' is not recognized (line 412");
                });
        assertThat(snowflake.manifest()).isEmpty();
        assertThat(snowflake.statements()).noneMatch(s -> s.startsWith(INSERT_MANIFEST));
    }

    @Test
    void aGroupIsOneInsertFilesAndOneManifestTransactionAndAPartialFileIsLeftOut() {
        FileWritten loaded = file("results", 20, 0);
        FileWritten partial = file("results", 20, 1);
        FileWritten earlier = file("results", 20, 2);
        FileWritten recorded = file("results", 20, 3);
        snowpipe.script(loaded.getKey(), LocalSnowpipe.Outcome.loaded(20));
        snowpipe.script(partial.getKey(), new LocalSnowpipe.Outcome("PARTIALLY_LOADED", 20, 18, 2,
                "Numeric value 'DNF' is not recognized", 4L));
        snowpipe.loadedEarlier(RESULTS_PIPE, earlier.getKey(), 20);
        snowpipe.script(recorded.getKey(), LocalSnowpipe.Outcome.loaded(20));
        warehouse.load(recorded);
        int before = snowpipe.requests().size();
        snowflake.clearStatements();

        GroupOutcome outcome = warehouse.loadAll(Stream.of(loaded, partial, earlier, recorded).map(FileToLoad::staged).toList());

        assertThat(outcome.done()).containsExactlyInAnyOrder(new LoadOutcome(loaded.getKey(), 20, false),
                new LoadOutcome(earlier.getKey(), 20, false), new LoadOutcome(recorded.getKey(), 0, true));
        assertThat(outcome.failed()).containsOnlyKeys(partial.getKey());
        assertThat(outcome.failed().get(partial.getKey())).hasMessageStartingWith("PW-0407")
                .hasMessageContaining("PARTIALLY_LOADED: 18 of 20 rows")
                .hasMessageContaining("Numeric value 'DNF' is not recognized (line 4");
        List<String> requests = snowpipe.requests().subList(before, snowpipe.requests().size());
        // One submission for the three files not in the manifest; reports for two, the load history for the skipped one.
        assertThat(requests).filteredOn(r -> r.contains("/insertFiles")).containsExactly("POST /v1/data/pipes/" + RESULTS_PIPE
                + "/insertFiles " + List.of(loaded.getKey(), partial.getKey(), earlier.getKey()));
        assertThat(requests).anyMatch(r -> r.endsWith("/insertReport")).anyMatch(r -> r.endsWith("/loadHistoryScan"));
        assertThat(snowflake.statements()).filteredOn(st -> st.startsWith("SELECT object_key FROM staging.loaded_files")).hasSize(2);
        assertThat(snowflake.statements()).filteredOn(st -> st.startsWith(INSERT_MANIFEST)).singleElement()
                .satisfies(st -> assertThat(st).contains(loaded.getKey()).contains(earlier.getKey()).doesNotContain(partial.getKey()));
        assertThat(snowflake.manifest()).containsExactlyInAnyOrder(loaded.getKey(), earlier.getKey(), recorded.getKey());
    }

    @Test
    void aFailedFileIsNotMarkedLoaded() {
        FileWritten file = file("results", 20);
        snowpipe.script(file.getKey(), new LocalSnowpipe.Outcome("LOAD_FAILED", 20, 0, 1, "NULL result in a non-nullable column", 7L));

        assertThatThrownBy(() -> warehouse.load(file))
                .isInstanceOfSatisfying(WarehouseException.class, e -> assertThat(e).hasMessageStartingWith("PW-0407")
                        .hasMessageContaining("LOAD_FAILED: 0 of 20 rows").hasMessageContaining("NULL result in a non-nullable column"));
        assertThat(snowflake.manifest()).isEmpty();
    }

    @Test
    void aRefusedJwtIsALoginErrorAndNothingIsSubmitted() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        snowpipe.trust(generator.generateKeyPair().getPublic());
        FileWritten file = file("results", 20);
        snowpipe.script(file.getKey(), LocalSnowpipe.Outcome.loaded(20));

        assertThatThrownBy(() -> warehouse.load(file))
                .isInstanceOfSatisfying(WarehouseException.class, e -> {
                    assertThat(e.error()).isEqualTo(WarehouseError.LOGIN_FAILED);
                    assertThat(e.error().fatal()).isTrue();
                    assertThat(e).hasMessageStartingWith("PW-0408").hasMessageContaining("xy12345")
                            .hasMessageContaining("HTTP 401");
                });
        // The SDK signs a fresh JWT and tries once more before giving up.
        assertThat(snowpipe.requests()).isNotEmpty().allMatch(r -> r.equals("POST /v1/data/pipes/" + RESULTS_PIPE
                + "/insertFiles refused: signature does not match the user's public key"));
        assertThat(snowflake.manifest()).isEmpty();
    }

    @Test
    void aReportThatNeverComesTimesOutThenTheResubmittedFileIsFoundInTheLoadHistory() {
        FileWritten file = file("results", 20);

        assertThatThrownBy(() -> warehouse.load(file))
                .isInstanceOfSatisfying(WarehouseException.class, e -> {
                    assertThat(e.error()).isEqualTo(WarehouseError.PIPE_REPORT_TIMEOUT);
                    assertThat(e.error().fatal()).isFalse();
                    assertThat(e).hasMessageStartingWith("PW-0409").hasMessageContaining(file.getKey())
                            .hasMessageContaining("within 2 s");
                });
        assertThat(snowpipe.requests()).filteredOn(r -> r.endsWith("/insertReport")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(snowflake.manifest()).isEmpty();
        assertThat(snowflake.statements()).noneMatch(s -> s.startsWith(INSERT_MANIFEST));

        // The pipe finishes the file later; the loader's retry submits it again, Snowpipe skips it,
        // and its outcome comes from the load history.
        snowpipe.script(file.getKey(), LocalSnowpipe.Outcome.loaded(20));
        assertThat(warehouse.load(file)).isEqualTo(new LoadOutcome(file.getKey(), 20, false));
        assertThat(snowpipe.requests()).filteredOn(r -> r.contains("/insertFiles")).hasSize(2);
        assertThat(snowpipe.requests()).last().asString().endsWith("/loadHistoryScan");
        assertThat(snowflake.manifest()).containsExactly(file.getKey());
    }

    @Test
    void aFileLoadedBeforeACrashIsSkippedByThePipeAndOnlyGetsItsManifestRow() {
        FileWritten file = file("results", 20);
        snowpipe.loadedEarlier(RESULTS_PIPE, file.getKey(), 20);

        assertThat(warehouse.load(file)).isEqualTo(new LoadOutcome(file.getKey(), 20, false));

        assertThat(snowpipe.requests()).containsExactly(
                "POST /v1/data/pipes/" + RESULTS_PIPE + "/insertFiles [" + file.getKey() + "]",
                "GET /v1/data/pipes/" + RESULTS_PIPE + "/loadHistoryScan");
        assertThat(snowflake.manifest()).containsExactly(file.getKey());
    }

    @Test
    void setupGrantsThePipePrivilegesAndTheDefaultRole() {
        String sql = warehouse.setupSql("pitwall-batches", "arn:aws:iam::123456789012:role/pitwall-snowflake");
        assertThat(sql).contains("CREATE STAGE IF NOT EXISTS PITWALL.LOADER.PITWALL_FILES")
                .contains("GRANT CREATE PIPE ON SCHEMA PITWALL.LOADER TO ROLE PITWALL_LOADER;")
                .contains("ALTER USER \"PITWALL\" SET DEFAULT_ROLE = PITWALL_LOADER;");
    }

    private static FileWritten file(String table, long rows) {
        return file(table, rows, 0);
    }

    private static FileWritten file(String table, long rows, int sequence) {
        String batchId = table + "-2024-1-R-" + String.format("%06d", sequence);
        return FileWritten.newBuilder().setBucket("pitwall-batches")
                .setKey("pitwall/" + table + "/season=2024/round=01/session=R/" + batchId + ".jsonl.gz")
                .setTable(table).setSeason(2024).setRound(1).setSession("R").setBatchId(batchId)
                .setRows(rows).setBytes(rows * 90).setSha256("ab".repeat(32)).setCloseReason("SESSION_FINISHED").build();
    }
}

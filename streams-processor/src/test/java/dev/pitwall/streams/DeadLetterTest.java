package dev.pitwall.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.CloseReason;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.RejectedRecord;
import dev.pitwall.schemas.serde.PitwallSerdes;
import dev.pitwall.streams.deadletter.DeadLetter;
import dev.pitwall.streams.fixture.JolpicaRace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real 2024 Bahrain rows with a few corrupted the way sources and bugs corrupt them. */
class DeadLetterTest {
    @TempDir
    Path stateDir;

    private final JolpicaRace race = JolpicaRace.load(2024, 1);

    @Test
    void invalidRecordsGoToTheDeadLetterTopicAndStillCountTowardsTheSession() {
        List<RawLap> laps = new ArrayList<>(race.rawLaps());
        laps.set(10, RawLap.newBuilder(laps.get(10)).setTime("1:3x.456").build());
        laps.set(20, RawLap.newBuilder(laps.get(20)).setDriverId(null).build());
        laps.set(30, RawLap.newBuilder(laps.get(30)).setPosition("0").build());
        laps.set(40, RawLap.newBuilder(laps.get(40)).setLap("0").build());
        laps.set(50, RawLap.newBuilder(laps.get(50)).setTime("1:61.000").build());
        List<RawResult> results = new ArrayList<>(race.rawResults("R"));
        results.set(3, RawResult.newBuilder(results.get(3)).setPayload("{\"Driver\": ").build());
        results.set(4, RawResult.newBuilder(results.get(4))
                .setPayload(results.get(4).getPayload().replace("\"driverId\"", "\"driverIdentifier\"")).setDriverId(null).build());
        String garbageKey = RecordKeys.driver(2024, 1, "R", "max_verstappen");
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            topology.pipeLaps(laps);
            topology.rawLaps.pipeInput(garbageKey, garbage);
            topology.pipeResults(results);
            topology.pipeEvent(race.finished("R", results.size(), laps.size() + 1));

            List<TestRecord<String, byte[]>> dead = topology.deadLetters();
            assertThat(dead).extracting(r -> header(r.headers(), DeadLetter.ERROR_CODE)).containsExactly(
                    "PW-2002 BAD_LAP_TIME", "PW-2005 MISSING_DRIVER", "PW-2004 BAD_LAP_NUMBER",
                    "PW-2002 BAD_LAP_TIME", "PW-2001 UNDECODABLE", "PW-2006 BAD_RESULT_JSON", "PW-2005 MISSING_DRIVER");
            assertThat(dead).allSatisfy(r -> {
                assertThat(header(r.headers(), DeadLetter.STAGE)).isEqualTo("streams");
                assertThat(header(r.headers(), DeadLetter.ERROR_MESSAGE)).isNotBlank();
                assertThat(header(r.headers(), DeadLetter.SOURCE_PARTITION)).isEqualTo("0");
            });
            assertDeadLetter(dead.get(0), Topics.RAW_LAPS, 10, PitwallSerdes.rawLapCodec().encode(laps.get(10)));
            assertDeadLetter(dead.get(2), Topics.RAW_LAPS, 40, PitwallSerdes.rawLapCodec().encode(laps.get(40)));
            assertDeadLetter(dead.get(4), Topics.RAW_LAPS, laps.size(), garbage);
            assertThat(dead.get(4).key()).isEqualTo(garbageKey);
            assertDeadLetter(dead.get(5), Topics.RAW_RESULTS, 3, PitwallSerdes.rawResultCodec().encode(results.get(3)));
            assertThat(dead.get(1).key()).isEqualTo(RecordKeys.driver(2024, 1, "R", null));
            assertThat(header(dead.get(0).headers(), DeadLetter.ERROR_MESSAGE)).contains("1:3x.456");

            Map<String, Long> rejectedPerTopic = dead.stream().collect(Collectors.groupingBy(
                    r -> header(r.headers(), DeadLetter.SOURCE_TOPIC), Collectors.counting()));
            int lapsIn = laps.size() + 1;
            List<CleanLap> cleanLaps = topology.cleanLaps();
            assertThat(cleanLaps.size() + rejectedPerTopic.get(Topics.RAW_LAPS)).isEqualTo(lapsIn);
            assertThat(topology.cleanResults().size() + rejectedPerTopic.get(Topics.RAW_RESULTS)).isEqualTo(results.size());

            // a running position of 0 is no position, but the lap is real: it lands with none, and a warning says so
            RawLap zero = laps.get(30);
            assertThat(cleanLaps).filteredOn(l -> l.getDriverId().equals(zero.getDriverId().trim())
                            && l.getLap() == Integer.parseInt(zero.getLap().trim()))
                    .singleElement().satisfies(l -> assertThat(l.getPosition()).isNull());

            // the sessions closed although their last records were not all valid
            Map<String, Batch> batches = topology.batches().stream().collect(Collectors.toMap(Batch::getTable, b -> b));
            assertThat(batches.values()).allSatisfy(b -> assertThat(b.getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED));
            assertThat(batches.get("laps").getRows()).hasSize(lapsIn - rejectedPerTopic.get(Topics.RAW_LAPS).intValue());
            assertThat(batches.get("results").getRows()).hasSize(results.size() - rejectedPerTopic.get(Topics.RAW_RESULTS).intValue());
            List<RejectedRecord> rejected = batches.get("rejected").getRows().stream().map(r -> (RejectedRecord) r.getRecord()).toList();
            assertThat(rejected).filteredOn(r -> r.getSeverity().equals("error")).hasSize(dead.size());
            assertThat(rejected).filteredOn(r -> r.getSeverity().equals("warning")).singleElement().satisfies(w -> {
                assertThat(w.getErrorCode()).isEqualTo("PW-2003");
                assertThat(w.getSourceTable()).isEqualTo("laps");
                assertThat(w.getMessage()).contains("position '0'").contains("nulled");
            });
        }
    }

    @Test
    void undecodableControlEventIsDeadLetteredAndIgnored() {
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            byte[] lapBytes = PitwallSerdes.rawLapCodec().encode(race.rawLaps().get(0));
            topology.control.pipeInput(RecordKeys.session(2024, 1, "R"), lapBytes);
            List<TestRecord<String, byte[]>> dead = topology.deadLetters();
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(header(r.headers(), DeadLetter.ERROR_CODE)).isEqualTo("PW-2001 UNDECODABLE");
                assertDeadLetter(r, Topics.CONTROL, 0, lapBytes);
            });
            assertThat(topology.batches()).isEmpty();
        }
    }

    @Test
    void aConfluentFramedRecordInAProcessWithoutARegistryIsDeadLetteredNamingTheFlag() {
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            // magic 0, schema id 5, then Avro binary: what a producer with --schema-registry-url writes
            byte[] framed = {0, 0, 0, 0, 5, 2, 'R'};
            topology.rawLaps.pipeInput(RecordKeys.driver(2024, 1, "R", "max_verstappen"), framed);
            assertThat(topology.deadLetters()).singleElement().satisfies(r -> {
                assertThat(header(r.headers(), DeadLetter.ERROR_CODE)).isEqualTo("PW-2001 UNDECODABLE");
                assertThat(header(r.headers(), DeadLetter.ERROR_MESSAGE)).contains("schema id 5").contains("--schema-registry-url");
                assertDeadLetter(r, Topics.RAW_LAPS, 0, framed);
            });
        }
    }

    private static void assertDeadLetter(TestRecord<String, byte[]> record, String topic, long offset, byte[] value) {
        assertThat(header(record.headers(), DeadLetter.SOURCE_TOPIC)).isEqualTo(topic);
        assertThat(header(record.headers(), DeadLetter.SOURCE_OFFSET)).isEqualTo(Long.toString(offset));
        assertThat(record.value()).isEqualTo(value);
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

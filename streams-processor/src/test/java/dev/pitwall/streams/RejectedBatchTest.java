package dev.pitwall.streams;

import static dev.pitwall.streams.TopologyHarness.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.CloseReason;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.RejectedRecord;
import dev.pitwall.schemas.serde.PitwallSerdes;
import dev.pitwall.streams.fixture.JolpicaRace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejects reach the warehouse as rows of a per-session "rejected" batch, with code, key and raw payload. */
class RejectedBatchTest {
    @TempDir
    Path stateDir;

    private final JolpicaRace race = JolpicaRace.load(2024, 1);

    @Test
    void aRecordNamingAnotherSessionThanItsKeyIsRejectedAndCountedInTheKeysSession() {
        List<RawLap> laps = new ArrayList<>(race.rawLaps());
        List<RawResult> results = new ArrayList<>(race.rawResults("R"));
        RawLap wrongRound = RawLap.newBuilder(laps.get(5)).setRound(2).build();
        RawResult wrongSeason = RawResult.newBuilder(results.get(0)).setSeason(2023).build();
        String lapKey = RecordKeys.driver(2024, 1, "R", wrongRound.getDriverId());
        String resultKey = RecordKeys.driver(2024, 1, "R", wrongSeason.getDriverId());
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            topology.pipeLaps(laps.subList(0, 5));
            topology.rawLaps.pipeInput(lapKey, PitwallSerdes.rawLapCodec().encode(wrongRound));
            topology.pipeLaps(laps.subList(6, laps.size()));
            topology.rawResults.pipeInput(resultKey, PitwallSerdes.rawResultCodec().encode(wrongSeason));
            topology.pipeResults(results.subList(1, results.size()));
            topology.pipeEvent(race.finished("R", results.size(), laps.size()));

            Map<String, Batch> batches = topology.batches().stream().collect(Collectors.toMap(Batch::getTable, b -> b));
            assertThat(batches).containsOnlyKeys("results", "laps", "rejected");
            assertThat(batches.values()).allSatisfy(b -> assertThat(b.getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED));
            assertThat(batches.get("laps").getRows()).hasSize(laps.size() - 1);
            assertThat(batches.get("results").getRows()).hasSize(results.size() - 1);
            Batch rejectedBatch = batches.get("rejected");
            assertThat(rejectedBatch.getBatchId()).isEqualTo("rejected-2024-1-R-000000");
            List<RejectedRecord> rows = rejected(rejectedBatch);
            assertThat(rows).extracting(RejectedRecord::getErrorCode, RejectedRecord::getErrorName, RejectedRecord::getSourceTable,
                            RejectedRecord::getRecordKey)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("PW-2007", "SESSION_MISMATCH", "laps", lapKey),
                            org.assertj.core.groups.Tuple.tuple("PW-2007", "SESSION_MISMATCH", "results", resultKey));
            assertThat(rows).allSatisfy(r -> {
                assertThat(r.getSeason()).isEqualTo(2024);
                assertThat(r.getRound()).isEqualTo(1);
                assertThat(r.getSource()).isEqualTo(JolpicaRace.SOURCE);
                assertThat(r.getPayloadEncoding()).isEqualTo("json");
            });
            assertThat(rows.get(0).getPayload()).contains("\"round\": 2").contains(wrongRound.getDriverId());
            assertThat(rows.get(1).getPayload()).contains("\"season\": 2023");
            assertThat(rejectedBatch.getRows().get(0).getTopic()).isEqualTo(Topics.RAW_LAPS);
            assertThat(rejectedBatch.getRows().get(0).getOffset()).isEqualTo(5);
        }
    }

    @Test
    void undecodableRecordsWithoutASessionKeyGoToTheUnknownSessionClosedBySize() {
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        byte[] moreGarbage = {0, 1, 2, 3};
        try (TopologyHarness topology = new TopologyHarness(new TopologyConfig(2, TopologyConfig.DEFAULT_MAX_BATCH_BYTES), stateDir)) {
            topology.rawLaps.pipeInput((String) null, garbage);
            topology.rawResults.pipeInput("no-session-here", moreGarbage);
            topology.control.pipeInput("2024/1/R", garbage);

            List<Batch> batches = topology.batches();
            assertThat(batches).singleElement().satisfies(b -> {
                assertThat(b.getBatchId()).isEqualTo("rejected-0-0-unknown-000000");
                assertThat(b.getCloseReason()).isEqualTo(CloseReason.MAX_RECORDS);
                assertThat(rejected(b)).extracting(RejectedRecord::getSourceTable, RejectedRecord::getRecordKey,
                                RejectedRecord::getErrorCode, RejectedRecord::getPayloadEncoding)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("laps", null, "PW-2001", "base64"),
                                org.assertj.core.groups.Tuple.tuple("results", "no-session-here", "PW-2001", "base64"));
                assertThat(Base64.getDecoder().decode(rejected(b).get(0).getPayload())).isEqualTo(garbage);
                assertThat(Base64.getDecoder().decode(rejected(b).get(1).getPayload())).isEqualTo(moreGarbage);
            });
            assertThat(topology.deadLetters()).hasSize(3);
        }
    }

    @Test
    void anUndecodableControlEventIsARejectOfItsSessionAndClosesWithIt() {
        List<RawLap> laps = race.rawLaps().subList(0, 10);
        byte[] bad = "garbage".getBytes(StandardCharsets.UTF_8);
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            topology.control.pipeInput(RecordKeys.session(2024, 1, "R"), bad);
            topology.pipeLaps(laps);
            topology.pipeEvent(race.finished("R", 0, laps.size()));
            Map<String, Batch> batches = topology.batches().stream().collect(Collectors.toMap(Batch::getTable, b -> b));
            assertThat(batches).containsOnlyKeys("laps", "rejected");
            assertThat(rejected(batches.get("rejected"))).singleElement().satisfies(r -> {
                assertThat(r.getSourceTable()).isEqualTo("control");
                assertThat(r.getSession()).isEqualTo("R");
                assertThat(Base64.getDecoder().decode(r.getPayload())).isEqualTo(bad);
            });
        }
    }
}

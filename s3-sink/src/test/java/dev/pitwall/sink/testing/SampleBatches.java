package dev.pitwall.sink.testing;

import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.schemas.avro.CloseReason;
import dev.pitwall.schemas.avro.RejectedRecord;
import java.util.ArrayList;
import java.util.List;

/** Hand-made records shaped like the 2019 Chinese GP (round 3), for tests that must not need fixtures. */
public final class SampleBatches {
    private SampleBatches() {}

    /** A classified finisher: every optional field set. */
    public static CleanResult finisher() {
        return CleanResult.newBuilder()
                .setSeason(2019).setRound(3).setSession("R")
                .setDriverId("hamilton").setDriverCode("HAM").setDriverNumber(44).setConstructorId("mercedes")
                .setGrid(2).setPosition(1).setPositionText("1").setPoints(25.0).setLaps(56)
                .setStatus("Finished").setStatusCategory("finished").setTimeMs(5_555_145L)
                .setFastestLapRank(3).setFastestLapMs(97_784L)
                .setRaceName("Chinese Grand Prix").setCircuitId("shanghai").setRaceDate("2019-04-14")
                .setSource("jolpica").setRevision(1)
                .build();
    }

    /** A retirement the source gives few facts about: every optional field null. */
    public static CleanResult sparseRetirement() {
        return CleanResult.newBuilder()
                .setSeason(2019).setRound(3).setSession("R")
                .setDriverId("hulkenberg").setPositionText("R").setPoints(0.0)
                .setSource("jolpica")
                .build();
    }

    public static CleanLap lap(String driverId, int lap, Integer position, long lapTimeMs) {
        return CleanLap.newBuilder()
                .setSeason(2019).setRound(3).setSession("R")
                .setDriverId(driverId).setLap(lap).setPosition(position).setLapTimeMs(lapTimeMs)
                .setSource("jolpica").setRevision(1)
                .build();
    }

    /** A lap Streams refused, as the dead-letter path records it; {@code payload} stands for the raw JSON. */
    public static RejectedRecord rejectedLap(String driverId, String payload) {
        return RejectedRecord.newBuilder()
                .setSeason(2019).setRound(3).setSession("R")
                .setSourceTable("laps").setRecordKey("2019/3/R/" + driverId)
                .setErrorCode("PW-2002").setErrorName("BAD_LAP_TIME")
                .setMessage("lap time '1:3x.204' is not a duration")
                .setPayload(payload).setPayloadEncoding("json").setSource("jolpica")
                .build();
    }

    public static Batch batch(String table, long sequence, List<?> records, long firstSourceOffset) {
        List<BatchRow> rows = new ArrayList<>();
        String topic = switch (table) {
            case "laps" -> Topics.CLEAN_LAPS;
            case "rejected" -> Topics.DLQ;
            default -> Topics.CLEAN_RESULTS;
        };
        for (int i = 0; i < records.size(); i++) {
            rows.add(BatchRow.newBuilder().setTopic(topic).setPartition(i % Topics.SESSION_PARTITIONS)
                    .setOffset(firstSourceOffset + i).setRecord(records.get(i)).build());
        }
        return Batch.newBuilder()
                .setBatchId(String.format("%s-2019-3-R-%06d", table, sequence))
                .setTable(table).setSeason(2019).setRound(3).setSession("R").setSequence(sequence)
                .setCloseReason(CloseReason.SESSION_FINISHED)
                .setRows(rows)
                .build();
    }
}

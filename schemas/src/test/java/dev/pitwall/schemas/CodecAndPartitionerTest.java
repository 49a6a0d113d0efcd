package dev.pitwall.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CloseReason;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.serde.PitwallSerdes;
import dev.pitwall.schemas.serde.RecordCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecAndPartitionerTest {

    @Test
    void rawLapRoundTripsWithSingleObjectHeader() {
        RawLap lap = RawLap.newBuilder().setSource("jolpica").setSeason(2024).setRound(6).setSession("R")
                .setDriverId("norris").setLap("12").setPosition("3").setTime("1:32.456").build();
        RecordCodec<RawLap> codec = PitwallSerdes.rawLapCodec();
        byte[] bytes = codec.encode(lap);
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(codec.decode(bytes)).isEqualTo(lap);
    }

    @Test
    void batchWithUnionRowsRoundTrips() {
        CleanLap lap = CleanLap.newBuilder().setSeason(2024).setRound(6).setSession("R").setDriverId("norris")
                .setLap(1).setPosition(6).setLapTimeMs(98_919).setSource("jolpica").setRevision(1).build();
        Batch batch = Batch.newBuilder().setBatchId("laps-2024-6-R-000000").setTable("laps").setSeason(2024)
                .setRound(6).setSession("R").setSequence(0).setCloseReason(CloseReason.SESSION_FINISHED)
                .setRows(List.of(BatchRow.newBuilder().setTopic(Topics.RAW_LAPS).setPartition(1).setOffset(42)
                        .setRecord(lap).build()))
                .build();
        RecordCodec<Batch> codec = PitwallSerdes.batchCodec();
        assertThat(codec.decode(codec.encode(batch))).isEqualTo(batch);
    }

    @Test
    void decodingGarbageSaysWhatWasExpected() {
        assertThatThrownBy(() -> PitwallSerdes.rawLapCodec().decode(new byte[] {1, 2, 3}))
                .isInstanceOf(RecordCodec.CodecException.class)
                .hasMessageContaining("not a RawLap record");
    }

    @Test
    void aSessionsRecordsAndEventsShareAPartition() {
        String control = RecordKeys.session(2024, 6, "R");
        int p = SessionPartitioner.partitionFor(control, Topics.SESSION_PARTITIONS);
        for (String driver : List.of("norris", "max_verstappen", "leclerc", "sainz", "perez", "hamilton")) {
            assertThat(SessionPartitioner.partitionFor(RecordKeys.driver(2024, 6, "R", driver), Topics.SESSION_PARTITIONS))
                    .isEqualTo(p);
        }
        assertThat(RecordKeys.sessionPrefix("2024/6/R/norris")).isEqualTo("2024/6/R");
        assertThat(RecordKeys.sessionPrefix("2024/6/R")).isEqualTo("2024/6/R");
    }
}

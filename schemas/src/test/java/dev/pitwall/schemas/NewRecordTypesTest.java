package dev.pitwall.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import dev.pitwall.schemas.avro.CleanConstructorStanding;
import dev.pitwall.schemas.avro.CleanDriverStanding;
import dev.pitwall.schemas.avro.CleanOpenF1Lap;
import dev.pitwall.schemas.avro.CleanOpenF1Pit;
import dev.pitwall.schemas.avro.CleanPitStop;
import dev.pitwall.schemas.avro.CleanQualifying;
import dev.pitwall.schemas.avro.CleanRaceControl;
import dev.pitwall.schemas.avro.CleanStint;
import dev.pitwall.schemas.avro.CleanWeather;
import dev.pitwall.schemas.avro.CloseReason;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import dev.pitwall.schemas.avro.RawOpenF1;
import dev.pitwall.schemas.avro.RawStanding;
import dev.pitwall.schemas.serde.PitwallSerdes;
import dev.pitwall.schemas.serde.RecordCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The record types added for qualifying, pit stops, standings and OpenF1 travel through the codecs and inside a Batch. */
class NewRecordTypesTest {

    @Test
    void everyCleanTypeRoundTripsInsideABatch() {
        List<Object> records = List.of(
                CleanQualifying.newBuilder().setSeason(2024).setRound(1).setSession("Q").setDriverId("max_verstappen")
                        .setPosition(1).setQ1Ms(90031L).setQ2Ms(89374L).setQ3Ms(89179L).setSource("archive").build(),
                CleanPitStop.newBuilder().setSeason(2024).setRound(1).setSession("R").setDriverId("hulkenberg")
                        .setStop(1).setLap(1).setLocalTime("18:05:33").setDurationMs(36604L).setSource("archive").build(),
                CleanDriverStanding.newBuilder().setSeason(2024).setRound(1).setSession("R").setDriverId("max_verstappen")
                        .setPosition(1).setPositionText("1").setPoints(26).setWins(1).setConstructorIds("red_bull")
                        .setSource("archive").build(),
                CleanConstructorStanding.newBuilder().setSeason(2024).setRound(1).setSession("R").setConstructorId("red_bull")
                        .setPosition(1).setPositionText("1").setPoints(44).setWins(1).setSource("archive").build(),
                CleanOpenF1Lap.newBuilder().setSeason(2024).setRound(10).setSession("R").setSessionKey(9539).setDriverNumber(1)
                        .setLap(1).setDateStart("2024-06-23T13:03:14.412Z").setLapDurationMs(83634L).setSource("openf1").build(),
                CleanStint.newBuilder().setSeason(2024).setRound(10).setSession("R").setSessionKey(9539).setDriverNumber(1)
                        .setStintNumber(1).setLapStart(1).setLapEnd(17).setCompound("SOFT").setTyreAgeAtStart(3)
                        .setSource("openf1").build(),
                CleanOpenF1Pit.newBuilder().setSeason(2025).setRound(20).setSession("R").setSessionKey(9877).setDriverNumber(16)
                        .setLap(31).setDateUtc("2025-10-26T20:46:37.358Z").setPitDurationMs(22215L).setSource("openf1").build(),
                CleanWeather.newBuilder().setSeason(2024).setRound(10).setSession("R").setSessionKey(9539)
                        .setDateUtc("2024-06-23T12:06:37.971Z").setAirTemperature(23.9).setSource("openf1").build(),
                CleanRaceControl.newBuilder().setSeason(2023).setRound(7).setSession("R").setSessionKey(9102)
                        .setDateUtc("2023-06-04T14:21:01.000Z").setCategory("Flag").setFlag("BLACK AND WHITE")
                        .setMessage("BLACK AND WHITE FLAG FOR CAR 1 (VER) - TRACK LIMITS").setSource("openf1").build());
        List<BatchRow> rows = records.stream().map(r -> BatchRow.newBuilder().setTopic("t").setPartition(0).setOffset(1)
                .setRecord(r).build()).toList();
        Batch batch = Batch.newBuilder().setBatchId("x-2024-1-R-000000").setTable("x").setSeason(2024).setRound(1)
                .setSession("R").setSequence(0).setCloseReason(CloseReason.SESSION_FINISHED).setRows(rows).build();
        RecordCodec<Batch> codec = PitwallSerdes.batchCodec();
        assertThat(codec.decode(codec.encode(batch))).isEqualTo(batch);
    }

    @Test
    void rawTypesAndCheckpointCursorsRoundTrip() {
        RawOpenF1 lap = RawOpenF1.newBuilder().setSource("openf1").setSeason(2024).setRound(10).setSession("R")
                .setSessionKey(9539).setEndpoint("laps").setDriverNumber(1).setDate("2024-06-23T13:03:14.412000+00:00")
                .setPayload("{\"lap_number\":1}").build();
        assertThat(PitwallSerdes.rawOpenF1Codec().decode(PitwallSerdes.rawOpenF1Codec().encode(lap))).isEqualTo(lap);
        RawStanding standing = RawStanding.newBuilder().setSource("jolpica").setSeason(2024).setRound(1).setSession("R")
                .setKind("driver").setEntityId("max_verstappen").setPayload("{}").build();
        assertThat(PitwallSerdes.rawStandingCodec().decode(PitwallSerdes.rawStandingCodec().encode(standing))).isEqualTo(standing);
        ProducerCheckpoint cp = ProducerCheckpoint.newBuilder().setJob("live/9539").setRunId("r")
                .setCursors(Map.of("laps", "2024-06-23T13:03:14.412000+00:00")).setSent(Map.of("openf1_laps", 20L)).build();
        RecordCodec<ProducerCheckpoint> codec = PitwallSerdes.codec(ProducerCheckpoint.class);
        assertThat(codec.decode(codec.encode(cp))).isEqualTo(cp);
    }

    @Test
    void everyRawTopicIsCreatedWithTheSessionPartitionCount() {
        assertThat(Topics.all()).filteredOn(s -> Topics.RAW.contains(s.name()) || s.name().equals(Topics.CONTROL))
                .hasSize(Topics.RAW.size() + 1)
                .allSatisfy(s -> assertThat(s.partitions()).isEqualTo(Topics.SESSION_PARTITIONS));
        assertThat(Topics.all()).extracting(Topics.TopicSpec::name).doesNotHaveDuplicates();
    }
}

package dev.pitwall.schemas.serde;

import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.schemas.avro.FileWritten;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.RawQualifying;
import dev.pitwall.schemas.avro.RawPitStop;
import dev.pitwall.schemas.avro.RawStanding;
import dev.pitwall.schemas.avro.RawOpenF1;
import dev.pitwall.schemas.avro.RawLiveTiming;
import dev.pitwall.schemas.avro.CleanQualifying;
import dev.pitwall.schemas.avro.CleanPitStop;
import dev.pitwall.schemas.avro.CleanDriverStanding;
import dev.pitwall.schemas.avro.CleanConstructorStanding;
import dev.pitwall.schemas.avro.CleanOpenF1Lap;
import dev.pitwall.schemas.avro.CleanStint;
import dev.pitwall.schemas.avro.CleanOpenF1Pit;
import dev.pitwall.schemas.avro.CleanWeather;
import dev.pitwall.schemas.avro.CleanRaceControl;
import java.util.List;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serdes for every value type on pitwall's topics, in the process's {@link WireFormat}; keys: {@link PitwallKeySerde}. */
public final class PitwallSerdes {
    private PitwallSerdes() {}

    public static RecordCodec<RawResult> rawResultCodec() {
        return codec(RawResult.class);
    }

    public static RecordCodec<RawLap> rawLapCodec() {
        return codec(RawLap.class);
    }

    public static RecordCodec<SessionEvent> sessionEventCodec() {
        return codec(SessionEvent.class);
    }

    public static RecordCodec<CleanResult> cleanResultCodec() {
        return codec(CleanResult.class);
    }

    public static RecordCodec<CleanLap> cleanLapCodec() {
        return codec(CleanLap.class);
    }

    /** A codec for any generated record class (the class's own schema is the writer schema). */
    public static <T extends SpecificRecord> RecordCodec<T> codec(Class<T> type) {
        return new WireCodec<>(type, new SingleObjectCodec<>(type, SpecificData.get().getSchema(type), List.of()));
    }

    public static RecordCodec<RawQualifying> rawQualifyingCodec() { return codec(RawQualifying.class); }
    public static RecordCodec<RawPitStop> rawPitStopCodec() { return codec(RawPitStop.class); }
    public static RecordCodec<RawStanding> rawStandingCodec() { return codec(RawStanding.class); }
    public static RecordCodec<RawOpenF1> rawOpenF1Codec() { return codec(RawOpenF1.class); }
    public static RecordCodec<RawLiveTiming> rawLiveTimingCodec() { return codec(RawLiveTiming.class); }

    public static RecordCodec<Batch> batchCodec() {
        return codec(Batch.class);
    }

    public static RecordCodec<FileWritten> fileWrittenCodec() {
        return codec(FileWritten.class);
    }

    public static Serde<RawResult> rawResult() { return serde(rawResultCodec()); }
    public static Serde<RawLap> rawLap() { return serde(rawLapCodec()); }
    public static Serde<SessionEvent> sessionEvent() { return serde(sessionEventCodec()); }
    public static Serde<CleanResult> cleanResult() { return serde(cleanResultCodec()); }
    public static Serde<CleanLap> cleanLap() { return serde(cleanLapCodec()); }
    public static Serde<Batch> batch() { return serde(batchCodec()); }
    public static Serde<FileWritten> fileWritten() { return serde(fileWrittenCodec()); }

    public static <T extends SpecificRecord> Serde<T> serde(RecordCodec<T> codec) {
        Serializer<T> ser = (topic, value) -> value == null ? null : codec.encode(topic, value);
        Deserializer<T> de = (topic, bytes) -> bytes == null ? null : codec.decode(bytes);
        return Serdes.serdeFrom(ser, de);
    }
}

package dev.pitwall.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.RawLap;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The default wire format and the Confluent frame, without a registry (SchemaRegistryIT covers one). */
class WireFormatTest {
    private static final RawLap LAP = RawLap.newBuilder().setSource("jolpica").setSeason(2021).setRound(12).setSession("R")
            .setDriverId("hamilton").setLap("1").setPosition("2").setTime("2:07.500").build();

    @Test
    void withoutARegistryTopicsCarrySingleObjectEncodingAndUtf8Keys() {
        RecordCodec<RawLap> codec = PitwallSerdes.rawLapCodec();
        byte[] onTopic = codec.encode(Topics.RAW_LAPS, LAP);
        assertThat(onTopic).isEqualTo(codec.encode(LAP));
        assertThat(onTopic[0] & 0xff).isEqualTo(0xC3);
        assertThat(onTopic[1]).isEqualTo((byte) 0x01);
        assertThat(codec.decode(onTopic)).isEqualTo(LAP);
        assertThat(WireFormats.current().encodeKey(Topics.RAW_LAPS, "2021/12/R/hamilton"))
                .isEqualTo("2021/12/R/hamilton".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aConfluentFramedRecordWithoutARegistryIsRefusedNamingTheFix() {
        byte[] framed = {0, 0, 0, 0, 42, 2, 'x'};
        assertThatThrownBy(() -> PitwallSerdes.rawLapCodec().decode(framed))
                .isInstanceOf(RecordCodec.CodecException.class)
                .hasMessageContaining("schema id 42").hasMessageContaining("--schema-registry-url");
    }

    @Test
    void keysOfBothEncodingsRead() {
        String key = "2021/12/R/hamilton";
        byte[] framed = ConfluentFraming.frameString(7, key);
        assertThat(ConfluentFraming.isFramed(framed)).isTrue();
        assertThat(ConfluentFraming.schemaId(framed)).isEqualTo(7);
        assertThat(ConfluentFraming.decodeKey(framed)).isEqualTo(key);
        assertThat(new PitwallKeySerde.KeyDeserializer().deserialize("t", key.getBytes(StandardCharsets.UTF_8))).isEqualTo(key);
        String longKey = "x".repeat(300) + "ü";
        assertThat(ConfluentFraming.decodeKey(ConfluentFraming.frameString(1, longKey))).as("multi-byte length varint").isEqualTo(longKey);
        assertThatThrownBy(() -> ConfluentFraming.decodeKey(new byte[] {0, 0, 0, 0, 1, 20, 'a'}))
                .isInstanceOf(RecordCodec.CodecException.class);
    }

    @Test
    void everyAvroTopicHasAValueSchemaAndTheDeadLetterTopicNone() {
        assertThat(TopicSchemas.values().keySet()).containsAll(Topics.RAW).containsAll(Topics.CLEAN)
                .contains(Topics.CONTROL, Topics.BATCHES, Topics.FILES, Topics.PRODUCER_CHECKPOINTS).doesNotContain(Topics.DLQ);
    }
}

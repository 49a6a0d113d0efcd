package dev.pitwall.schemas.serde;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * How records travel on topics (DESIGN §2): Avro single-object encoding by default, or the Confluent wire
 * format against a schema registry. One process writes one format; every format reads both, so a running
 * deployment can switch (the first bytes differ: {@code C3 01} against {@code 00}).
 */
public interface WireFormat {
    /** The value as written to {@code topic}. */
    byte[] encodeValue(String topic, IndexedRecord record);

    /** A value of either encoding, read into {@code type}'s schema. @throws RecordCodec.CodecException for bytes that are not one */
    <T extends SpecificRecord> T decodeValue(byte[] bytes, Class<T> type);

    /** A record key as written to {@code topic}. */
    byte[] encodeKey(String topic, String key);

    /** Registers or looks up the subjects of these topics up front, so a bad registry fails the start, not the first record. */
    void prepare(Map<String, Schema> valueSchemas);

    /** One line for the start-up banner (never credentials). */
    String describe();
}

package dev.pitwall.schemas.serde;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Record keys in the process's wire format: UTF-8 by default, framed Avro strings with a registry.
 * Reads both. Named by class in client configs, so both are public with no-argument constructors.
 */
public final class PitwallKeySerde {
    private PitwallKeySerde() {}

    public static final class KeySerializer implements Serializer<String> {
        @Override
        public byte[] serialize(String topic, String key) {
            return WireFormats.current().encodeKey(topic, key);
        }
    }

    public static final class KeyDeserializer implements Deserializer<String> {
        @Override
        public String deserialize(String topic, byte[] bytes) {
            return ConfluentFraming.decodeKey(bytes);
        }
    }
}

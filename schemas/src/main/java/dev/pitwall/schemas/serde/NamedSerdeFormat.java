package dev.pitwall.schemas.serde;

import dev.pitwall.schemas.registry.RegistrySettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Values through a Kafka {@code Serde} named by class, such as Confluent's {@code SpecificAvroSerde}, configured
 * the way Confluent's serdes read their settings. Keys stay pitwall's framed Avro strings on the same registry.
 */
public final class NamedSerdeFormat implements WireFormat {
    private final String className;
    private final Serde<Object> serde;
    private final ConfluentFormat keys;

    @SuppressWarnings("unchecked")
    public NamedSerdeFormat(RegistrySettings settings) {
        this.className = settings.serdeClass().orElseThrow();
        this.keys = new ConfluentFormat(settings);
        try {
            this.serde = (Serde<Object>) Class.forName(className).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("serde class " + className + " cannot be made (a public no-argument Serde on the class path?): " + e, e);
        }
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", settings.url().toString());
        config.put("auto.register.schemas", settings.autoRegister());
        config.put("specific.avro.reader", true);
        settings.credentials().ifPresent(c -> {
            config.put("basic.auth.credentials.source", "USER_INFO");
            config.put("basic.auth.user.info", c.user() + ":" + c.password());
        });
        serde.configure(config, false);
    }

    @Override
    public byte[] encodeValue(String topic, IndexedRecord record) {
        return serde.serializer().serialize(topic, record);
    }

    @Override
    public <T extends SpecificRecord> T decodeValue(byte[] bytes, Class<T> type) {
        if (!ConfluentFraming.isFramed(bytes)) {
            return SingleObjectFormat.INSTANCE.decodeValue(bytes, type);
        }
        Object value;
        try {
            value = serde.deserializer().deserialize(null, bytes);
        } catch (RuntimeException e) {
            throw new RecordCodec.CodecException(className + " could not read the record: " + e.getMessage(), e);
        }
        if (!type.isInstance(value)) {
            throw new RecordCodec.CodecException(className + " returned " + (value == null ? "null" : value.getClass().getName())
                    + ", not a " + type.getName() + " (it must read specific records)", null);
        }
        return type.cast(value);
    }

    @Override
    public byte[] encodeKey(String topic, String key) {
        return keys.encodeKey(topic, key);
    }

    @Override
    public void prepare(Map<String, Schema> valueSchemas) {
        valueSchemas.keySet().forEach(topic -> keys.id(topic + "-key", ConfluentFormat.KEY_SCHEMA));
    }

    @Override
    public String describe() {
        return "values through " + className + ", keys as Avro strings on " + keys.describe();
    }
}

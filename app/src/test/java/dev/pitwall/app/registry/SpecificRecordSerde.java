package dev.pitwall.app.registry;

import dev.pitwall.schemas.registry.RegistrySettings;
import dev.pitwall.schemas.serde.ConfluentFormat;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Serde that reads its settings the way Confluent's {@code SpecificAvroSerde} does ({@code schema.registry.url},
 * {@code auto.register.schemas}, {@code specific.avro.reader}), to test {@code --schema-serde CLASS} where Confluent's
 * own jars are not available. It remembers the configuration it was given.
 */
public final class SpecificRecordSerde implements Serde<Object> {
    public static volatile Map<String, Object> lastConfig;
    private ConfluentFormat format;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        lastConfig = Map.<String, Object>copyOf(configs);
        if (!Boolean.TRUE.equals(configs.get("specific.avro.reader"))) {
            throw new IllegalArgumentException("this serde reads specific records only");
        }
        format = new ConfluentFormat(new RegistrySettings(URI.create((String) configs.get("schema.registry.url")), Optional.empty(),
                (Boolean) configs.get("auto.register.schemas"), Optional.empty()));
    }

    @Override
    public Serializer<Object> serializer() {
        return (topic, data) -> data == null ? null : format.encodeValue(topic, (IndexedRecord) data);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Deserializer<Object> deserializer() {
        return (topic, bytes) -> {
            Class<? extends SpecificRecord> type = (Class<? extends SpecificRecord>) SpecificData.get().getClass(format.writerSchema(bytes));
            return format.decodeValue(bytes, type);
        };
    }
}

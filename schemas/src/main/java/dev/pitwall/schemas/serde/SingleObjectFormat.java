package dev.pitwall.schemas.serde;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** The default: Avro single-object encoding with the writer schemas shipped in this module, UTF-8 keys, no registry. */
public final class SingleObjectFormat implements WireFormat {
    public static final SingleObjectFormat INSTANCE = new SingleObjectFormat();

    private final Map<Class<?>, SingleObjectCodec<?>> codecs = new ConcurrentHashMap<>();

    private SingleObjectFormat() {}

    @SuppressWarnings("unchecked")
    <T extends SpecificRecord> SingleObjectCodec<T> codec(Class<T> type) {
        return (SingleObjectCodec<T>) codecs.computeIfAbsent(type,
                t -> new SingleObjectCodec<>(type, SpecificData.get().getSchema(type), List.of()));
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public byte[] encodeValue(String topic, IndexedRecord record) {
        if (!(record instanceof SpecificRecord specific)) {
            throw new IllegalArgumentException("single-object encoding writes generated records only, not " + record.getSchema().getFullName());
        }
        return ((SingleObjectCodec) codec(specific.getClass())).encode(specific);
    }

    @Override
    public <T extends SpecificRecord> T decodeValue(byte[] bytes, Class<T> type) {
        if (ConfluentFraming.isFramed(bytes)) {
            throw new RecordCodec.CodecException("record in the Confluent wire format (schema id " + ConfluentFraming.schemaId(bytes)
                    + "): this process has no --schema-registry-url to read it", null);
        }
        return codec(type).decode(bytes);
    }

    @Override
    public byte[] encodeKey(String topic, String key) {
        return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void prepare(Map<String, Schema> valueSchemas) {}

    @Override
    public String describe() {
        return "Avro single-object encoding (no schema registry)";
    }
}

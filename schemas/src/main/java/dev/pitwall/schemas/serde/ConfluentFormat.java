package dev.pitwall.schemas.serde;

import dev.pitwall.schemas.registry.RegistrySettings;
import dev.pitwall.schemas.registry.SchemaRegistryClient;
import dev.pitwall.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Confluent wire format against a Confluent-compatible registry, topic-name strategy ({@code <topic>-value},
 * {@code <topic>-key}; keys are Avro strings, so Confluent's {@code AvroConsumer} decodes both). Subject ids
 * and schemas by id are cached for the life of the process; a registry is asked once per subject and schema.
 */
public final class ConfluentFormat implements WireFormat {
    public static final String COMPATIBILITY = "BACKWARD";
    static final Schema KEY_SCHEMA = Schema.create(Schema.Type.STRING);

    private final SchemaRegistryClient client;
    private final RegistrySettings settings;
    private final Map<SubjectSchema, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<IndexedRecord>> writers = new ConcurrentHashMap<>();
    private final Map<ReaderKey, DatumReader<?>> readers = new ConcurrentHashMap<>();

    // per-record cache keys: Avro caches a schema's hash, so no schema is turned into JSON per record
    private record SubjectSchema(String subject, Schema schema) {}

    private record ReaderKey(int id, Class<?> type) {}

    public ConfluentFormat(RegistrySettings settings) {
        TrustedClasses.register();
        this.settings = settings;
        this.client = new SchemaRegistryClient(settings);
    }

    public SchemaRegistryClient client() {
        return client;
    }

    @Override
    public void prepare(Map<String, Schema> valueSchemas) {
        valueSchemas.forEach((topic, schema) -> {
            id(topic + "-key", KEY_SCHEMA);
            id(topic + "-value", schema);
        });
    }

    /** The id of {@code schema} under {@code subject}: registered (and the subject set BACKWARD) or looked up, then cached. */
    public int id(String subject, Schema schema) {
        SubjectSchema cacheKey = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectAndSchema.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        int id;
        if (settings.autoRegister()) {
            id = register(subject, schema);
            ensureCompatibility(subject);
        } else {
            id = client.lookup(subject, schema.toString()).orElseThrow(() -> new SchemaRegistryException(
                    "subject " + subject + " does not hold pitwall's " + schema.getName() + " schema: register it, or drop --no-schema-auto-register",
                    404, null));
        }
        schemasById.putIfAbsent(id, schema);
        idsBySubjectAndSchema.put(cacheKey, id);
        return id;
    }

    /** Several stages start at once and register the same schemas: a registry may answer a racing twin with 409. */
    private int register(String subject, Schema schema) {
        try {
            return client.register(subject, schema.toString());
        } catch (SchemaRegistryException e) {
            if (e.status() != 409) {
                throw e;
            }
            return client.lookup(subject, schema.toString()).orElseThrow(() -> e);
        }
    }

    /** Sets the subject BACKWARD unless it is already; a concurrent twin setting it too (Apicurio: 409) is no failure. */
    private void ensureCompatibility(String subject) {
        if (client.compatibility(subject).filter(COMPATIBILITY::equals).isPresent()) {
            return;
        }
        try {
            client.setCompatibility(subject, COMPATIBILITY);
        } catch (SchemaRegistryException e) {
            if (e.status() != 409 || client.compatibility(subject).filter(COMPATIBILITY::equals).isEmpty()) {
                throw e;
            }
        }
    }

    @Override
    public byte[] encodeValue(String topic, IndexedRecord record) {
        Schema schema = record.getSchema();
        int id = id(topic + "-value", schema);
        DatumWriter<IndexedRecord> writer = writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, SpecificData.get()));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.write(new byte[ConfluentFraming.HEADER]);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(record, encoder);
            encoder.flush();
            byte[] bytes = out.toByteArray();
            ConfluentFraming.writeHeader(bytes, id);
            return bytes;
        } catch (IOException e) {
            throw new RecordCodec.CodecException("cannot encode " + schema.getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] encodeKey(String topic, String key) {
        return key == null ? null : ConfluentFraming.frameString(id(topic + "-key", KEY_SCHEMA), key);
    }

    @Override
    public <T extends SpecificRecord> T decodeValue(byte[] bytes, Class<T> type) {
        if (!ConfluentFraming.isFramed(bytes)) {
            return SingleObjectFormat.INSTANCE.decodeValue(bytes, type);
        }
        int id = ConfluentFraming.schemaId(bytes);
        Schema writer = writerSchema(id);
        @SuppressWarnings("unchecked")
        DatumReader<T> reader = (DatumReader<T>) readers.computeIfAbsent(new ReaderKey(id, type), k -> {
            SpecificData model = SpecificData.getForClass(type);
            return new SpecificDatumReader<>(writer, model.getSchema(type), model);
        });
        return read(reader, bytes, writer);
    }

    /** A value read into any reader schema (a newer or older version than the writer's), for tools and tests. */
    public GenericRecord decodeGeneric(byte[] bytes, Schema readerSchema) {
        if (!ConfluentFraming.isFramed(bytes)) {
            throw new RecordCodec.CodecException("not in the Confluent wire format", null);
        }
        Schema writer = writerSchema(ConfluentFraming.schemaId(bytes));
        return read(new GenericDatumReader<GenericRecord>(writer, readerSchema), bytes, writer);
    }

    /** The writer schema a framed record names, from the cache or the registry. */
    public Schema writerSchema(byte[] framed) {
        if (!ConfluentFraming.isFramed(framed)) {
            throw new RecordCodec.CodecException("not in the Confluent wire format", null);
        }
        return writerSchema(ConfluentFraming.schemaId(framed));
    }

    private Schema writerSchema(int id) {
        Schema known = schemasById.get(id);
        if (known != null) {
            return known;
        }
        String text;
        try {
            text = client.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.status() == 404) {
                throw new RecordCodec.CodecException("schema id " + id + " is unknown to the registry", e);
            }
            throw e;
        }
        Schema parsed = new Schema.Parser().parse(text);
        schemasById.putIfAbsent(id, parsed);
        return parsed;
    }

    private static <T> T read(DatumReader<T> reader, byte[] bytes, Schema writer) {
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, ConfluentFraming.HEADER,
                    bytes.length - ConfluentFraming.HEADER, null));
        } catch (IOException | RuntimeException e) {
            throw new RecordCodec.CodecException("not a " + writer.getName() + " record: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "Confluent wire format, schema registry " + settings.url() + (settings.autoRegister() ? "" : " (no auto-registration)");
    }
}

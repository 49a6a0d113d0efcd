package dev.pitwall.sink.object;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.pitwall.schemas.avro.BatchRow;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Writes one batch row as a JSON object: the clean record's fields, named in snake_case and in
 * schema order, then the lineage columns. Driven by the record's Avro schema so new clean
 * record types need no code here.
 */
public final class RowJson {
    public static final String BATCH_ID = "_batch_id";
    public static final String TOPIC = "_topic";
    public static final String PARTITION = "_partition";
    public static final String OFFSET = "_offset";
    /** Column names by Avro field name, snake-cased and UTF-8 encoded once rather than per row. */
    private static final Map<String, SerializedString> COLUMNS = new ConcurrentHashMap<>();
    private static final SerializedString BATCH_ID_COLUMN = new SerializedString(BATCH_ID);
    private static final SerializedString TOPIC_COLUMN = new SerializedString(TOPIC);
    private static final SerializedString PARTITION_COLUMN = new SerializedString(PARTITION);
    private static final SerializedString OFFSET_COLUMN = new SerializedString(OFFSET);

    private RowJson() {}

    public static void write(JsonGenerator json, String batchId, BatchRow row) throws IOException {
        if (!(row.getRecord() instanceof IndexedRecord record)) {
            throw new IllegalArgumentException("batch " + batchId + " has a row without a record");
        }
        json.writeStartObject();
        writeFields(json, record);
        json.writeFieldName(BATCH_ID_COLUMN);
        json.writeString(batchId);
        json.writeFieldName(TOPIC_COLUMN);
        json.writeString(row.getTopic());
        json.writeFieldName(PARTITION_COLUMN);
        json.writeNumber(row.getPartition());
        json.writeFieldName(OFFSET_COLUMN);
        json.writeNumber(row.getOffset());
        json.writeEndObject();
    }

    private static void writeFields(JsonGenerator json, IndexedRecord record) throws IOException {
        for (Schema.Field field : record.getSchema().getFields()) {
            json.writeFieldName(COLUMNS.computeIfAbsent(field.name(), name -> new SerializedString(SnakeCase.of(name))));
            writeValue(json, field.schema(), record.get(field.pos()));
        }
    }

    private static void writeValue(JsonGenerator json, Schema schema, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        switch (schema.getType()) {
            case UNION -> writeValue(json, branch(schema, value), value);
            case RECORD -> {
                json.writeStartObject();
                writeFields(json, (IndexedRecord) value);
                json.writeEndObject();
            }
            case ARRAY -> {
                json.writeStartArray();
                for (Object item : (Collection<?>) value) {
                    writeValue(json, schema.getElementType(), item);
                }
                json.writeEndArray();
            }
            case MAP -> {
                json.writeStartObject();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    json.writeFieldName(e.getKey().toString());
                    writeValue(json, schema.getValueType(), e.getValue());
                }
                json.writeEndObject();
            }
            case INT, LONG, FLOAT, DOUBLE -> writeNumber(json, value);
            case BOOLEAN -> json.writeBoolean((Boolean) value);
            case BYTES -> json.writeBinary(bytes((ByteBuffer) value));
            case FIXED -> json.writeBinary(((GenericFixed) value).bytes());
            case ENUM -> json.writeString(value instanceof GenericEnumSymbol<?> s ? s.toString() : value.toString());
            case NULL -> json.writeNull();
            default -> json.writeString(value.toString());
        }
    }

    /** The branch a non-null value takes: an optional field's other branch without a lookup, else Avro's resolution. */
    private static Schema branch(Schema union, Object value) {
        java.util.List<Schema> types = union.getTypes();
        if (types.size() == 2) {
            if (types.get(0).getType() == Schema.Type.NULL) {
                return types.get(1);
            }
            if (types.get(1).getType() == Schema.Type.NULL) {
                return types.get(0);
            }
        }
        return types.get(SpecificData.get().resolveUnion(union, value));
    }

    /** Logical types may hand us a converted object (an Instant, a BigDecimal): write those as their text. */
    private static void writeNumber(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Integer i) {
            json.writeNumber(i);
        } else if (value instanceof Long l) {
            json.writeNumber(l);
        } else if (value instanceof Double d) {
            json.writeNumber(d);
        } else if (value instanceof Float f) {
            json.writeNumber(f);
        } else {
            json.writeString(value.toString());
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}

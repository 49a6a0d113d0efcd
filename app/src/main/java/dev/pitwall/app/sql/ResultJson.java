package dev.pitwall.app.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.pitwall.loader.warehouse.QueryResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire form of a result between {@link QueryServer} and {@link QueryClient}:
 * {@code {"columns":[..],"rows":[[..]..]}} or {@code {"error":".."}}. Numbers stay numbers (decimals
 * exact), everything else travels as its {@link CellText} text.
 */
final class ResultJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper READER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // keep a DECIMAL's scale: 12.50 stays 12.50, as the warehouse printed it
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private ResultJson() {}

    static byte[] result(QueryResult result) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("columns");
            for (String column : result.columns()) {
                g.writeString(column);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            for (List<Object> row : result.rows()) {
                g.writeStartArray();
                for (Object value : row) {
                    value(g, value);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] error(String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static void value(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (CellText.isJsonNumber(value)) {
            g.writeNumber(CellText.of(value));
        } else {
            g.writeString(CellText.of(value));
        }
    }

    /** The message of an {@code {"error"}} answer, or null when the body is something else. */
    static String errorIn(String body) {
        try {
            JsonNode root = READER.readTree(body);
            return root != null && root.has("error") ? root.get("error").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Parses a server answer; a {@code {"error"}} answer becomes a {@link QueryException}. */
    static QueryResult parse(String body) {
        JsonNode root;
        try {
            root = READER.readTree(body);
        } catch (IOException e) {
            throw new QueryException("the query server sent something that is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new QueryException("the query server sent an unexpected answer: " + body);
        }
        if (root.has("error")) {
            throw new QueryException(root.get("error").asText());
        }
        JsonNode columns = root.get("columns");
        JsonNode rows = root.get("rows");
        if (columns == null || !columns.isArray() || rows == null || !rows.isArray()) {
            throw new QueryException("the query server's answer lacks columns or rows");
        }
        List<String> names = new ArrayList<>();
        columns.forEach(c -> names.add(c.asText()));
        List<List<Object>> values = new ArrayList<>();
        for (JsonNode row : rows) {
            List<Object> cells = new ArrayList<>();
            row.forEach(cell -> cells.add(javaValue(cell)));
            values.add(cells);
        }
        return new QueryResult(names, values);
    }

    private static Object javaValue(JsonNode cell) {
        if (cell.isNull()) {
            return null;
        }
        if (cell.isNumber()) {
            return cell.numberValue();
        }
        if (cell.isBoolean()) {
            return cell.booleanValue();
        }
        if (cell.isTextual()) {
            return cell.textValue();
        }
        return cell.toString();
    }
}

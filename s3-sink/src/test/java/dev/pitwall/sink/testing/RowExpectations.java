package dev.pitwall.sink.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Compares JSON lines to the batch they came from, field by field, using the record's own
 * values. Column names here are spelled out independently of the code under test.
 */
public final class RowExpectations {
    private RowExpectations() {}

    public static void assertLinesMatch(List<JsonNode> lines, Batch batch) {
        assertThat(lines).hasSize(batch.getRows().size());
        for (int i = 0; i < lines.size(); i++) {
            BatchRow row = batch.getRows().get(i);
            JsonNode line = lines.get(i);
            IndexedRecord record = (IndexedRecord) row.getRecord();
            List<String> expectedNames = new ArrayList<>();
            for (Schema.Field f : record.getSchema().getFields()) {
                String column = snake(f.name());
                expectedNames.add(column);
                assertValue(line.get(column), record.get(f.pos()), column);
            }
            expectedNames.addAll(List.of("_batch_id", "_topic", "_partition", "_offset"));
            List<String> actualNames = new ArrayList<>();
            line.fieldNames().forEachRemaining(actualNames::add);
            assertThat(actualNames).as("columns of line %d", i).containsExactlyElementsOf(expectedNames);
            assertThat(line.get("_batch_id").asText()).isEqualTo(batch.getBatchId());
            assertThat(line.get("_topic").asText()).isEqualTo(row.getTopic());
            assertThat(line.get("_partition").asInt()).isEqualTo(row.getPartition());
            assertThat(line.get("_offset").asLong()).isEqualTo(row.getOffset());
        }
    }

    public static void assertValue(JsonNode node, Object value, String column) {
        assertThat(node).as("column %s present", column).isNotNull();
        if (value == null) {
            assertThat(node.isNull()).as("%s is null", column).isTrue();
        } else if (value instanceof Integer || value instanceof Long) {
            assertThat(node.isIntegralNumber()).as("%s is an integer", column).isTrue();
            assertThat(node.asLong()).as(column).isEqualTo(((Number) value).longValue());
        } else if (value instanceof Double d) {
            assertThat(node.isNumber()).as("%s is a number", column).isTrue();
            assertThat(node.asDouble()).as(column).isEqualTo(d);
        } else {
            assertThat(node.isTextual()).as("%s is text", column).isTrue();
            assertThat(node.asText()).as(column).isEqualTo(value.toString());
        }
    }

    /** Independent of SnakeCase on purpose: a regex spelling of the same rule. */
    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}

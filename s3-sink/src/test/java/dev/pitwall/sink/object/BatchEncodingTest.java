package dev.pitwall.sink.object;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.RejectedRecord;
import dev.pitwall.sink.testing.BatchObjects;
import dev.pitwall.sink.testing.RowExpectations;
import dev.pitwall.sink.testing.SampleBatches;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchEncodingTest {

    @Test
    void measuringKeepsSmallObjectsAndHashesExactlyTheBytesOfTheFile() {
        Batch batch = SampleBatches.batch("laps", 0, List.of(SampleBatches.lap("hamilton", 1, 1, 101_000L),
                SampleBatches.lap("bottas", 1, 2, 101_400L)), 0);
        BatchFile file = BatchFile.of(batch);

        EncodedBatch encoded = BatchEncoding.measure(batch, file.bytes());

        assertThat(encoded.held()).isTrue();
        assertThat(encoded.content()).isEqualTo(file.gzip());
        assertThat(encoded.bytes()).isEqualTo(file.bytes());
        assertThat(encoded.sha256()).isEqualTo(BatchFile.sha256Hex(file.gzip()));
        assertThat(encoded.rows()).isEqualTo(2);
    }

    @Test
    void measuringDropsTheBytesPastTheLimitButStillCountsAndHashesThemAll() {
        List<Object> laps = new ArrayList<>();
        for (int lap = 1; lap <= 300; lap++) {
            laps.add(SampleBatches.lap("verstappen", lap, 1, 95_000L + lap * 13L));
        }
        Batch batch = SampleBatches.batch("laps", 1, laps, 0);
        BatchFile file = BatchFile.of(batch);

        EncodedBatch encoded = BatchEncoding.measure(batch, file.bytes() - 1);

        assertThat(encoded.held()).isFalse();
        assertThat(encoded.bytes()).isEqualTo(file.bytes());
        assertThat(encoded.sha256()).isEqualTo(file.sha256());
    }

    @Test
    void writingLeavesTheCallersStreamOpenAndComplete() throws Exception {
        Batch batch = SampleBatches.batch("results", 0, List.of(SampleBatches.finisher()), 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        BatchEncoding.write(batch, out);
        out.write(new byte[0]); // still open

        assertThat(out.toByteArray()).isEqualTo(BatchFile.of(batch).gzip());
    }

    @Test
    void rejectedRecordsBecomeRowsLikeCleanOnes() {
        RejectedRecord rejected = SampleBatches.rejectedLap("kubica", "{\"lap\":\"7\",\"time\":\"1:3x.204\"}");
        RejectedRecord keyless = RejectedRecord.newBuilder(rejected).setRecordKey(null).setPayload(null).setSource(null).build();
        Batch batch = SampleBatches.batch("rejected", 0, List.of(rejected, keyless), 40);

        List<JsonNode> lines = BatchObjects.lines(BatchFile.of(batch).gzip());

        RowExpectations.assertLinesMatch(lines, batch);
        List<String> names = new ArrayList<>();
        lines.get(0).fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("season", "round", "session", "source_table", "record_key", "error_code",
                "error_name", "message", "payload", "payload_encoding", "source", "severity",
                "_batch_id", "_topic", "_partition", "_offset");
        assertThat(lines.get(0).get("severity").asText()).isEqualTo("error");
        assertThat(lines.get(0).get("payload").asText()).isEqualTo(rejected.getPayload());
        assertThat(lines.get(0).get("_topic").asText()).isEqualTo("f1.dlq");
        assertThat(lines.get(1).get("record_key").isNull()).isTrue();
        assertThat(lines.get(1).get("payload").isNull()).isTrue();
    }
}

package dev.pitwall.sink.object;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.sink.testing.BatchObjects;
import dev.pitwall.sink.testing.RowExpectations;
import dev.pitwall.sink.testing.SampleBatches;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchFileTest {

    @Test
    void cleanResultBecomesSnakeCaseJsonWithEveryFieldAndLineage() {
        CleanResult result = SampleBatches.finisher();
        Batch batch = SampleBatches.batch("results", 0, List.of(result), 120);

        JsonNode line = BatchObjects.lines(BatchFile.of(batch).gzip()).get(0);

        List<String> names = fieldNames(line);
        assertThat(names).containsExactly("season", "round", "session", "driver_id", "driver_code", "driver_number",
                "constructor_id", "grid", "position", "position_text", "points", "laps", "status", "status_category",
                "time_ms", "fastest_lap_rank", "fastest_lap_ms", "race_name", "circuit_id", "race_date", "source",
                "revision", "position_order", "driver_given_name", "driver_family_name", "_batch_id", "_topic", "_partition", "_offset");
        assertThat(line.get("driver_id").asText()).isEqualTo(result.getDriverId());
        assertThat(line.get("position_text").asText()).isEqualTo(result.getPositionText());
        assertThat(line.get("time_ms").asLong()).isEqualTo(result.getTimeMs());
        assertThat(line.get("points").isDouble()).isTrue();
        assertThat(line.get("_batch_id").asText()).isEqualTo("results-2019-3-R-000000");
        assertThat(line.get("_topic").asText()).isEqualTo("f1.clean.results");
        assertThat(line.get("_offset").asLong()).isEqualTo(120);
        RowExpectations.assertLinesMatch(List.of(line), batch);
    }

    @Test
    void missingOptionalFieldsAreWrittenAsJsonNull() {
        CleanResult sparse = SampleBatches.sparseRetirement();
        Batch batch = SampleBatches.batch("results", 1, List.of(sparse), 0);

        JsonNode line = BatchObjects.lines(BatchFile.of(batch).gzip()).get(0);

        for (String nullable : List.of("driver_code", "driver_number", "constructor_id", "grid", "position", "laps",
                "status", "status_category", "time_ms", "fastest_lap_rank", "fastest_lap_ms", "race_name",
                "circuit_id", "race_date")) {
            assertThat(line.has(nullable)).as(nullable + " present").isTrue();
            assertThat(line.get(nullable).isNull()).as(nullable + " null").isTrue();
        }
        assertThat(line.get("position_text").asText()).isEqualTo("R");
        assertThat(line.get("revision").asInt()).isEqualTo(sparse.getRevision());
    }

    @Test
    void cleanLapsKeepRowOrderAndNullPositions() {
        List<CleanLap> laps = List.of(
                SampleBatches.lap("hamilton", 6, 1, 98_524L),
                SampleBatches.lap("bottas", 6, 2, 98_698L),
                SampleBatches.lap("kubica", 6, null, 104_011L));
        Batch batch = SampleBatches.batch("laps", 2, laps, 500);

        BatchFile file = BatchFile.of(batch);
        List<JsonNode> lines = BatchObjects.lines(file.gzip());

        assertThat(file.rows()).isEqualTo(3);
        assertThat(fieldNames(lines.get(0))).containsExactly("season", "round", "session", "driver_id", "lap",
                "position", "lap_time_ms", "source", "revision", "_batch_id", "_topic", "_partition", "_offset");
        assertThat(lines).extracting(l -> l.get("driver_id").asText()).containsExactly("hamilton", "bottas", "kubica");
        assertThat(lines.get(2).get("position").isNull()).isTrue();
        assertThat(lines.get(1).get("lap_time_ms").asLong()).isEqualTo(98_698L);
        RowExpectations.assertLinesMatch(lines, batch);
    }

    @Test
    void theSameBatchGivesTheSameBytesAndSha256() throws Exception {
        Batch batch = SampleBatches.batch("laps", 3, List.of(SampleBatches.lap("leclerc", 1, 3, 101_222L),
                SampleBatches.lap("vettel", 1, 2, 100_998L)), 0);
        Batch decodedCopy = Batch.fromByteBuffer(batch.toByteBuffer());

        BatchFile first = BatchFile.of(batch);
        BatchFile second = BatchFile.of(decodedCopy);

        assertThat(second.gzip()).isEqualTo(first.gzip());
        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(first.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(first.gzip())));
        assertThat(first.bytes()).isEqualTo(first.gzip().length);
        // gzip header: magic, deflate, no flags, zero mtime: nothing from the clock
        assertThat(Arrays.copyOf(first.gzip(), 8)).containsExactly(0x1f, 0x8b, 8, 0, 0, 0, 0, 0);
    }

    @Test
    void aDifferentBatchGivesADifferentSha256() {
        Batch one = SampleBatches.batch("laps", 3, List.of(SampleBatches.lap("leclerc", 1, 3, 101_222L)), 0);
        Batch other = SampleBatches.batch("laps", 3, List.of(SampleBatches.lap("leclerc", 1, 3, 101_223L)), 0);
        assertThat(BatchFile.of(other).sha256()).isNotEqualTo(BatchFile.of(one).sha256());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

package dev.pitwall.sink.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.sink.testing.SampleBatches;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectKeyTest {
    private final Batch laps = SampleBatches.batch("laps", 7, List.of(SampleBatches.lap("hamilton", 1, 1, 101_000L)), 0);

    @Test
    void followsTheDesignLayoutWithTheRoundPaddedToTwoDigits() {
        assertThat(ObjectKey.of("pitwall", laps).value())
                .isEqualTo("pitwall/laps/season=2019/round=03/session=R/laps-2019-3-R-000007.jsonl.gz");
    }

    @Test
    void twoDigitRoundsAndOtherSessionsKeepTheirValues() {
        Batch sprint = Batch.newBuilder(laps).setSeason(2023).setRound(21).setSession("SQ")
                .setBatchId("results-2023-21-SQ-000000").setTable("results").build();
        assertThat(ObjectKey.of("pitwall", sprint).value())
                .isEqualTo("pitwall/results/season=2023/round=21/session=SQ/results-2023-21-SQ-000000.jsonl.gz");
    }

    @Test
    void prefixSlashesAreNormalisedAndABlankPrefixStartsAtTheTable() {
        assertThat(ObjectKey.of("/lake/pitwall/", laps).value()).startsWith("lake/pitwall/laps/season=2019/");
        assertThat(ObjectKey.of("", laps).value()).startsWith("laps/season=2019/round=03/");
    }

    @Test
    void dependsOnlyOnTheBatch() {
        Batch copy = Batch.newBuilder(laps).build();
        assertThat(ObjectKey.of("pitwall", copy)).isEqualTo(ObjectKey.of("pitwall", laps));
    }

    @Test
    void refusesSegmentsThatWouldChangeTheDirectoryLevels() {
        Batch sneaky = Batch.newBuilder(laps).setBatchId("../laps-2019-3-R-000007").build();
        assertThatThrownBy(() -> ObjectKey.of("pitwall", sneaky)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchId");
        Batch slashSession = Batch.newBuilder(laps).setSession("R/1").build();
        assertThatThrownBy(() -> ObjectKey.of("pitwall", slashSession)).hasMessageContaining("session");
    }
}

package dev.pitwall.streams.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Row keys decide the order of a batch's rows (a prefix scan): they must stay exactly what String.format made. */
class SessionBatcherKeysTest {
    @Test
    void rowKeysAreTheFormattedOnes() {
        for (long sequence : new long[] {0, 7, 123_456, 9_999_999}) {
            for (long row : new long[] {0, 1, 42, 999_999_999, 12_345_678_901L}) {
                assertThat(SessionBatcher.rowKey("laps|2024|1|R", sequence, row))
                        .isEqualTo("laps|2024|1|R|" + String.format("%06d", sequence) + "|" + String.format("%09d", row));
            }
        }
    }
}

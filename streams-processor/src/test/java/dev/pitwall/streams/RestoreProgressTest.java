package dev.pitwall.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** What a slow Streams start reports: the restores in flight and how long ago any of them moved. */
class RestoreProgressTest {
    private final TopicPartition rows = new TopicPartition("pitwall-streams-batch-rows-changelog", 1);
    private final TopicPartition revisions = new TopicPartition("pitwall-streams-revisions-changelog", 2);

    @Test
    void namesEveryRestoreInFlightWithItsProgress() {
        RestoreProgress progress = new RestoreProgress();
        assertThat(progress.restoring()).isFalse();
        assertThat(progress.describe()).isEmpty();

        progress.onRestoreStart(rows, "batch-rows", 100, 5100);
        progress.onRestoreStart(revisions, "revisions", 0, 800);
        progress.onBatchRestored(rows, "batch-rows", 1300, 1200);
        progress.onBatchRestored(rows, "batch-rows", 1500, 200);
        assertThat(progress.restoring()).isTrue();
        assertThat(progress.describe()).contains(
                "batch-rows from pitwall-streams-batch-rows-changelog-1 (1400 of 5000 records)",
                "revisions from pitwall-streams-revisions-changelog-2 (0 of 800 records)");

        progress.onRestoreEnd(revisions, "revisions", 800);
        assertThat(progress.describe()).doesNotContain("revisions");
        progress.onRestoreSuspended(rows, "batch-rows", 1400); // the task moved to another instance
        assertThat(progress.restoring()).isFalse();
        assertThat(progress.describe()).isEmpty();
    }

    @Test
    void everyCallbackCountsAsProgress() throws Exception {
        RestoreProgress progress = new RestoreProgress();
        progress.onRestoreStart(rows, "batch-rows", 0, 10);
        Thread.sleep(60);
        long stalled = progress.nanosSinceProgress();
        assertThat(stalled).isGreaterThanOrEqualTo(50_000_000L);
        progress.onBatchRestored(rows, "batch-rows", 5, 5);
        assertThat(progress.nanosSinceProgress()).isLessThan(stalled);
        Thread.sleep(60);
        progress.onRestoreEnd(rows, "batch-rows", 10);
        assertThat(progress.nanosSinceProgress()).isLessThan(50_000_000L);
    }
}

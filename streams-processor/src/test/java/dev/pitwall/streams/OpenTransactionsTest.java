package dev.pitwall.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which open transactions are hanging (nothing will end them) and which their coordinator still ends. */
class OpenTransactionsTest {
    private static final TopicPartition CHANGELOG = new TopicPartition("pitwall-streams-revisions-changelog", 1);
    private static final long NOW = 1_000_000;
    private static final long MIN_AGE = 15_000;

    private static ProducerState producer(long id, long lastWriteMs) {
        return new ProducerState(id, 3, 40, lastWriteMs, OptionalInt.of(0), OptionalLong.of(1178));
    }

    private static TransactionDescription coordinator(TransactionState state, long producerId, Set<TopicPartition> partitions) {
        return new TransactionDescription(1, state, producerId, 3, 10_000, OptionalLong.of(NOW - 60_000), partitions);
    }

    private static boolean hanging(ProducerState p, TransactionDescription d) {
        return new OpenTransactions.Open(CHANGELOG, p, Optional.ofNullable(d)).hanging(NOW, MIN_AGE);
    }

    @Test
    void aTransactionItsCoordinatorStillRunsOnThePartitionIsNotHanging() {
        for (TransactionState running : Set.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT,
                TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE)) {
            assertThat(hanging(producer(7, NOW - 90_000), coordinator(running, 7, Set.of(CHANGELOG)))).as("%s", running).isFalse();
        }
    }

    @Test
    void aTransactionItsCoordinatorDoesNotRunThereIsHanging() {
        assertThat(hanging(producer(7, NOW - 90_000), null)).as("coordinator lists no transaction").isTrue();
        assertThat(hanging(producer(7, NOW - 90_000), coordinator(TransactionState.COMPLETE_COMMIT, 7, Set.of()))).as("ended").isTrue();
        assertThat(hanging(producer(7, NOW - 90_000), coordinator(TransactionState.EMPTY, 7, Set.of()))).as("empty").isTrue();
        assertThat(hanging(producer(7, NOW - 90_000), coordinator(TransactionState.ONGOING, 7,
                Set.of(new TopicPartition(CHANGELOG.topic(), 2))))).as("ongoing on other partitions only").isTrue();
        assertThat(hanging(producer(7, NOW - 90_000), coordinator(TransactionState.ONGOING, 8, Set.of(CHANGELOG))))
                .as("its transactional id runs under another producer id now").isTrue();
    }

    @Test
    void aRecentWriteIsNeverTakenForHanging() {
        // a transaction that just ended may still show on the partition for the moment its markers take
        assertThat(hanging(producer(7, NOW - 1_000), null)).isFalse();
        assertThat(hanging(producer(7, NOW - MIN_AGE + 1), coordinator(TransactionState.COMPLETE_COMMIT, 7, Set.of()))).isFalse();
    }

    @Test
    void aTransactionLongPastItsTimeoutIsOverdueUnlessItIsBeingCommitted() {
        // started 60 s ago with a 10 s timeout: its coordinator should have aborted it 50 s ago
        ProducerState p = producer(7, NOW - 60_000);
        assertThat(new OpenTransactions.Open(CHANGELOG, p, Optional.of(coordinator(TransactionState.ONGOING, 7, Set.of(CHANGELOG))))
                .overdue(NOW, 30_000)).isTrue();
        assertThat(new OpenTransactions.Open(CHANGELOG, p, Optional.of(coordinator(TransactionState.ONGOING, 7, Set.of(CHANGELOG))))
                .overdue(NOW, 55_000)).as("within the grace").isFalse();
        assertThat(new OpenTransactions.Open(CHANGELOG, p, Optional.of(coordinator(TransactionState.PREPARE_ABORT, 7, Set.of(CHANGELOG))))
                .overdue(NOW, 30_000)).isTrue();
        assertThat(new OpenTransactions.Open(CHANGELOG, p, Optional.of(coordinator(TransactionState.PREPARE_COMMIT, 7, Set.of(CHANGELOG))))
                .overdue(NOW, 30_000)).as("aborting it would undo a commit").isFalse();
        assertThat(new OpenTransactions.Open(CHANGELOG, p, Optional.empty()).overdue(NOW, 30_000)).as("hanging, not overdue").isFalse();
    }

    @Test
    void describesWhatARestoreWaitsFor() {
        OpenTransactions.Open open = new OpenTransactions.Open(CHANGELOG, producer(7, NOW - 95_000),
                Optional.of(coordinator(TransactionState.ONGOING, 7, Set.of(CHANGELOG))));
        assertThat(open.describe(NOW)).isEqualTo("producer 7 (epoch 3) open on pitwall-streams-revisions-changelog-1 from offset 1178,"
                + " last written 95 s ago; its coordinator: Ongoing as producer 7 on 1 partitions");
        assertThat(new OpenTransactions.Open(CHANGELOG, producer(7, NOW - 95_000), Optional.empty()).describe(NOW))
                .endsWith("its coordinator: no such transaction");
    }
}

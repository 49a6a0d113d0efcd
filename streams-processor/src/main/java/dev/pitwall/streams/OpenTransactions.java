package dev.pitwall.streams;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactions left open on changelog partitions that a restore waits for. Under exactly-once a restore
 * reads committed records only, so it cannot pass the first offset of a transaction that is still open. A
 * transaction its coordinator still runs ends on its own (committed, or aborted once its timeout passes).
 * One its coordinator does not run on that partition is <em>hanging</em> (KIP-664): nothing will ever end
 * it, and the restore would wait forever. This finds both; the hanging ones, and the ones long overdue that their
 * coordinator failed to abort, get the abort marker Kafka's own {@code kafka-transactions.sh abort} writes.
 */
final class OpenTransactions {
    /** A coordinator in one of these states still ends the transaction by itself. */
    private static final Set<TransactionState> RUNNING = EnumSet.of(TransactionState.ONGOING,
            TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE);
    /** States in which the coordinator will abort, or may still decide to: never PREPARE_COMMIT. */
    private static final Set<TransactionState> ABORTABLE = EnumSet.of(TransactionState.ONGOING,
            TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE);
    private static final long ADMIN_TIMEOUT_MS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(OpenTransactions.class);

    /**
     * One producer's transaction open on one partition and what its coordinator says of it.
     *
     * @param coordinator the coordinator's view of the producer's transactional id, empty when it lists none
     */
    record Open(TopicPartition partition, ProducerState producer, Optional<TransactionDescription> coordinator) {
        /**
         * Hanging: its coordinator does not run a transaction of this producer on this partition, and the last
         * write is older than {@code minAgeMs} (a transaction that just ended may still show on the partition
         * for the moment its markers take).
         */
        boolean hanging(long nowMs, long minAgeMs) {
            if (nowMs - producer.lastTimestamp() < minAgeMs) {
                return false;
            }
            return coordinator.map(d -> d.producerId() != producer.producerId() || !RUNNING.contains(d.state())
                    || !d.topicPartitions().contains(partition)).orElse(true);
        }

        /**
         * Overdue: its coordinator runs it and has not decided to commit it, yet its own timeout passed more than
         * {@code graceMs} ago. The coordinator aborts such a transaction itself within seconds of its timeout; one that
         * is still open long after that will not end by itself either. (A transaction being committed is never taken
         * for overdue: aborting it would undo a commit.)
         */
        boolean overdue(long nowMs, long graceMs) {
            return coordinator.filter(d -> d.producerId() == producer.producerId() && ABORTABLE.contains(d.state())
                    && d.topicPartitions().contains(partition) && d.transactionStartTimeMs().isPresent()
                    && nowMs - d.transactionStartTimeMs().getAsLong() > d.transactionTimeoutMs() + graceMs).isPresent();
        }

        long startOffset() {
            return producer.currentTransactionStartOffset().orElse(-1);
        }

        /** e.g. {@code producer 7 (epoch 2) open from offset 1178, written 95 s ago; its coordinator: Ongoing}. */
        String describe(long nowMs) {
            return "producer " + producer.producerId() + " (epoch " + producer.producerEpoch() + ") open on " + partition
                    + " from offset " + startOffset() + ", last written " + Math.max(0, nowMs - producer.lastTimestamp()) / 1000
                    + " s ago; its coordinator: " + coordinator.map(d -> d.state() + " as producer " + d.producerId()
                    + " on " + d.topicPartitions().size() + " partitions").orElse("no such transaction");
        }
    }

    private final Admin admin;

    OpenTransactions(Admin admin) {
        this.admin = admin;
    }

    /** The transactions open on {@code partitions}, each with its coordinator's view. */
    List<Open> find(Collection<TopicPartition> partitions) throws ExecutionException, InterruptedException, TimeoutException {
        List<Open> open = new ArrayList<>();
        if (partitions.isEmpty()) {
            return open;
        }
        Map<Long, TopicPartition> any = new HashMap<>();
        List<Map.Entry<TopicPartition, ProducerState>> states = new ArrayList<>();
        admin.describeProducers(partitions).all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS).forEach((tp, s) ->
                s.activeProducers().stream().filter(p -> p.currentTransactionStartOffset().isPresent()).forEach(p -> {
                    states.add(Map.entry(tp, p));
                    any.put(p.producerId(), tp);
                }));
        if (states.isEmpty()) {
            return open;
        }
        Map<Long, TransactionDescription> byProducer = coordinators(any.keySet());
        for (Map.Entry<TopicPartition, ProducerState> e : states) {
            open.add(new Open(e.getKey(), e.getValue(), Optional.ofNullable(byProducer.get(e.getValue().producerId()))));
        }
        return open;
    }

    private Map<Long, TransactionDescription> coordinators(Set<Long> producerIds)
            throws ExecutionException, InterruptedException, TimeoutException {
        Collection<TransactionListing> listings = admin.listTransactions(new ListTransactionsOptions()
                .filterProducerIds(producerIds)).all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<Long, TransactionDescription> byProducer = new HashMap<>();
        if (listings.isEmpty()) {
            return byProducer;
        }
        Map<String, Long> ids = new HashMap<>();
        listings.forEach(l -> ids.put(l.transactionalId(), l.producerId()));
        admin.describeTransactions(ids.keySet()).all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .forEach((id, d) -> byProducer.put(ids.get(id), d));
        return byProducer;
    }

    /**
     * Finds the transactions open on {@code partitions}, aborts the hanging and the overdue ones, each only when two
     * looks agree (the second after the first one's coordinator answer, so a transaction that was just ending is not
     * touched), and says what it found: e.g. {@code open transactions: producer 7 ... - hanging, aborted}.
     *
     * @param minAgeMs see {@link Open#hanging}; {@code graceMs} see {@link Open#overdue}
     */
    String sweep(Collection<TopicPartition> partitions, long minAgeMs, long graceMs)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<Open> first = find(partitions);
        if (first.isEmpty()) {
            return "no transaction open on the restoring changelogs";
        }
        long now = System.currentTimeMillis();
        StringJoiner found = new StringJoiner("; ", "open transactions: ", "");
        for (Open o : find(partitions)) {
            String why = o.hanging(now, minAgeMs) ? "hanging" : o.overdue(now, graceMs) ? "overdue" : null;
            boolean seenSoBefore = first.stream().anyMatch(f -> f.partition().equals(o.partition())
                    && f.producer().producerId() == o.producer().producerId() && f.startOffset() == o.startOffset()
                    && (f.hanging(now, minAgeMs) || f.overdue(now, graceMs)));
            if (why != null && seenSoBefore) {
                LOG.warn("restore stalled behind a {} transaction ({}); aborting it as its coordinator would have", why, o.describe(now));
                abort(o);
                found.add(o.describe(now) + " - " + why + ", aborted");
            } else {
                LOG.info("restore waits for an open transaction: {}", o.describe(now));
                found.add(o.describe(now));
            }
        }
        return found.toString();
    }

    /**
     * Writes an abort marker for {@code open} on its partition (what its coordinator would have done): the records of
     * that transaction are then skipped by every read_committed reader, and the restore goes on past them.
     */
    void abort(Open open) throws ExecutionException, InterruptedException, TimeoutException {
        ProducerState p = open.producer();
        admin.abortTransaction(new AbortTransactionSpec(open.partition(), p.producerId(), (short) p.producerEpoch(),
                p.coordinatorEpoch().orElse(-1))).all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }
}

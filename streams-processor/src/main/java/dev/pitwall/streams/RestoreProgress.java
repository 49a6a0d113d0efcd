package dev.pitwall.streams;

import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * What the instance is restoring from its changelogs, and when that last moved. A start that is slow
 * because it restores (after a crash under exactly-once the stores are rebuilt from scratch) is told
 * apart from one that is stuck, and a stuck start names what it waits for.
 */
final class RestoreProgress implements StateRestoreListener {
    private record Restore(String store, long start, long end, AtomicLong restored) {}

    private final Map<TopicPartition, Restore> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong lastProgressNanos = new AtomicLong(System.nanoTime());

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        inFlight.put(partition, new Restore(storeName, startingOffset, endingOffset, new AtomicLong()));
        lastProgressNanos.set(System.nanoTime());
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
        Restore r = inFlight.get(partition);
        if (r != null) {
            r.restored().addAndGet(numRestored);
        }
        lastProgressNanos.set(System.nanoTime());
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        inFlight.remove(partition);
        lastProgressNanos.set(System.nanoTime());
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
        inFlight.remove(partition);
        lastProgressNanos.set(System.nanoTime());
    }

    /** The changelog partitions being restored now. */
    java.util.Set<TopicPartition> partitions() {
        return java.util.Set.copyOf(inFlight.keySet());
    }

    boolean restoring() {
        return !inFlight.isEmpty();
    }

    /** Nanoseconds since a restore started, moved or ended (or since this was created). */
    long nanosSinceProgress() {
        return System.nanoTime() - lastProgressNanos.get();
    }

    /** e.g. {@code session-tables from pitwall-streams-session-tables-changelog-1 (1200 of 5000 records)}; empty when nothing restores. */
    String describe() {
        StringJoiner j = new StringJoiner(", ");
        inFlight.forEach((tp, r) -> j.add(r.store() + " from " + tp + " (" + r.restored().get() + " of "
                + Math.max(0, r.end() - r.start()) + " records)"));
        return j.toString();
    }
}

package dev.pitwall.sink;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of committed work, read by other threads for summaries and metrics. */
final class SinkStats {
    final AtomicLong objects = new AtomicLong();
    final AtomicLong alreadyPresent = new AtomicLong();
    final AtomicLong multipart = new AtomicLong();
    final AtomicLong rows = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong failedAttempts = new AtomicLong();
    final AtomicLong rebalances = new AtomicLong();
    private final Map<String, AtomicLong> closeReasons = new ConcurrentHashMap<>();

    void committed(long objectRows, long objectBytes, boolean wasPresent, boolean wasMultipart, String closeReason) {
        objects.incrementAndGet();
        if (wasPresent) {
            alreadyPresent.incrementAndGet();
        }
        if (wasMultipart) {
            multipart.incrementAndGet();
        }
        rows.addAndGet(objectRows);
        bytes.addAndGet(objectBytes);
        closeReasons.computeIfAbsent(closeReason, r -> new AtomicLong()).incrementAndGet();
    }

    SinkMetrics snapshot() {
        Map<String, Long> reasons = new TreeMap<>();
        closeReasons.forEach((reason, count) -> reasons.put(reason, count.get()));
        return new SinkMetrics(objects.get(), alreadyPresent.get(), multipart.get(), rows.get(), bytes.get(),
                failedAttempts.get(), rebalances.get(), reasons);
    }
}

package dev.pitwall.sink;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of committed work, read by other threads for summaries and metrics. */
final class SinkStats {
    final AtomicLong objects = new AtomicLong();
    final AtomicLong alreadyPresent = new AtomicLong();
    final AtomicLong rows = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong failedAttempts = new AtomicLong();

    void committed(long objectRows, long objectBytes, boolean wasPresent) {
        objects.incrementAndGet();
        if (wasPresent) {
            alreadyPresent.incrementAndGet();
        }
        rows.addAndGet(objectRows);
        bytes.addAndGet(objectBytes);
    }
}

package dev.pitwall.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of committed work, read by other threads for summaries, and the same counts per table as
 * Micrometer meters ({@code pitwall.sink.*}) for whoever scrapes the registry.
 */
final class SinkStats {
    final AtomicLong objects = new AtomicLong();
    final AtomicLong alreadyPresent = new AtomicLong();
    final AtomicLong multipart = new AtomicLong();
    final AtomicLong rows = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong failedAttempts = new AtomicLong();
    final AtomicLong rebalances = new AtomicLong();
    private final Map<String, AtomicLong> closeReasons = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    /** Counts without exporting them (an empty composite registry keeps no meters). */
    SinkStats() {
        this(new CompositeMeterRegistry());
    }

    SinkStats(MeterRegistry meters) {
        this.meters = meters;
        // registered at zero so a dashboard's retry panel has a series before the first retry
        retries("s3_write");
        retries("sink_cycle");
    }

    private Counter retries(String cause) {
        return Counter.builder("pitwall.sink.retries").description("Failed S3 writes and Kafka transactions the sink retried")
                .tags("cause", cause).register(meters);
    }

    void committed(String table, long objectRows, long objectBytes, boolean wasPresent, boolean wasMultipart, String closeReason) {
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
        Counter.builder("pitwall.sink.objects").description("Objects announced on f1.files; outcome already_present when an earlier run had put it")
                .tags("table", table, "outcome", wasPresent ? "already_present" : "written").register(meters).increment();
        Counter.builder("pitwall.sink.rows").description("Rows in the objects announced on f1.files")
                .tags("table", table).register(meters).increment(objectRows);
        Counter.builder("pitwall.sink.bytes").description("Gzip bytes of the objects announced on f1.files")
                .tags("table", table).register(meters).increment(objectBytes);
        Counter.builder("pitwall.sink.batches").description("Closed batches written, by the reason Streams closed them")
                .tags("table", table, "reason", closeReason).register(meters).increment();
    }

    /** An S3 write (s3_write) or a whole poll-write-commit cycle (sink_cycle) that failed and is retried. */
    void failedAttempt(String what) {
        failedAttempts.incrementAndGet();
        retries(what).increment();
    }

    SinkMetrics snapshot() {
        Map<String, Long> reasons = new TreeMap<>();
        closeReasons.forEach((reason, count) -> reasons.put(reason, count.get()));
        return new SinkMetrics(objects.get(), alreadyPresent.get(), multipart.get(), rows.get(), bytes.get(),
                failedAttempts.get(), rebalances.get(), reasons);
    }
}

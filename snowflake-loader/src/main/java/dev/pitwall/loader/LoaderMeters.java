package dev.pitwall.loader;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loader's Micrometer meters ({@code pitwall.loader.*}): files and rows loaded, skips, retries and
 * load latency per table, and per table the event time of the newest loaded file with its freshness.
 */
final class LoaderMeters {
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicLong> newestEventMillis = new ConcurrentHashMap<>();

    LoaderMeters(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        // registered at zero so dashboards have these series before the first skip or retry
        skipped(0);
        retries();
    }

    void loaded(String table, long files, long rows, Duration took) {
        Counter.builder("pitwall.loader.files").description("Files loaded into the warehouse (manifest rows written)")
                .tag("table", table).register(registry).increment(files);
        Counter.builder("pitwall.loader.rows").description("Rows loaded into the warehouse staging tables")
                .tag("table", table).register(registry).increment(rows);
        Timer.builder("pitwall.loader.load").description("One warehouse load call: fetch, verify and insert a group of files")
                .tag("table", table).register(registry).record(took);
    }

    void skipped(long files) {
        Counter.builder("pitwall.loader.files.skipped").description("Announced files the manifest already had")
                .register(registry).increment(files);
    }

    void retried() {
        retries().increment();
    }

    private Counter retries() {
        return Counter.builder("pitwall.loader.retries").description("Load attempts that failed and were retried (S3 or warehouse errors)")
                .register(registry);
    }

    /** {@code eventMillis}: the announcement's Kafka timestamp, the event time of the batch it names. */
    void newestEvent(String table, long eventMillis) {
        AtomicLong newest = newestEventMillis.computeIfAbsent(table, t -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder("pitwall.loader.newest.event.timestamp", holder, h -> h.get() / 1000.0)
                    .description("Event time of the newest file loaded per table, in seconds since the epoch")
                    .baseUnit("seconds").tag("table", t).register(registry);
            Gauge.builder("pitwall.loader.freshness", holder, h -> (clock.millis() - h.get()) / 1000.0)
                    .description("Now minus the event time of the newest file loaded per table")
                    .baseUnit("seconds").tag("table", t).register(registry);
            return holder;
        });
        newest.accumulateAndGet(eventMillis, Math::max);
    }
}

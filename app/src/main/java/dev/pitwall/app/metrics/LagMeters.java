package dev.pitwall.app.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pitwall_consumer_lag_records{group}} for the groups of the stages this process runs, refreshed
 * every few seconds off the scrape path (a scrape must not wait on the broker).
 */
public final class LagMeters implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LagMeters.class);
    private static final long REFRESH_SECONDS = 5;

    private final Admin admin;
    private final Map<String, Collection<String>> groups;
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pitwall-lag-meter");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean warned;

    /** {@code groups}: each consumer group with the topics it consumes. */
    public LagMeters(Map<String, Object> clientProps, Map<String, Collection<String>> groups, MeterRegistry registry) {
        Map<String, Object> props = new java.util.HashMap<>(clientProps);
        props.keySet().retainAll(org.apache.kafka.clients.admin.AdminClientConfig.configNames());
        props.put("client.id", "pitwall-lag-meter");
        this.admin = Admin.create(props);
        this.groups = Map.copyOf(groups);
        groups.keySet().forEach(group -> Gauge.builder("pitwall.consumer.lag", lags.computeIfAbsent(group, g -> new AtomicLong()), AtomicLong::get)
                .description("Committed records of a stage's inputs its consumer group has not consumed yet")
                .baseUnit("records").tag("group", group).register(registry));
        timer.scheduleWithFixedDelay(this::refresh, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    private void refresh() {
        groups.forEach((group, inputs) -> {
            try {
                lags.get(group).set(ConsumerLag.of(admin, group, inputs));
                warned = false;
            } catch (RuntimeException e) {
                if (!warned) {
                    log.warn("consumer lag of {} unknown: {}", group, e.getMessage());
                    warned = true;
                }
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(java.time.Duration.ofSeconds(5));
    }
}

package dev.pitwall.app.metrics;

import dev.pitwall.schemas.Topics;
import dev.pitwall.streams.StreamsRunner;
import dev.pitwall.streams.batch.Table;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The Streams stage's series, read at scrape time from Kafka Streams' own metrics (which come and go
 * with tasks, so each series sums over threads and tasks): records in per raw topic, clean records out,
 * duplicates dropped and rejects per table, dead letters and batches emitted.
 */
public final class StreamsMeters {
    private static final String TOPIC_GROUP = "stream-topic-metrics";
    private static final String PITWALL_GROUP = "stream-pitwall-metrics";

    private StreamsMeters() {}

    public static void bind(StreamsRunner streams, MeterRegistry registry) {
        Set<String> rawTopics = new LinkedHashSet<>(Topics.RAW);
        rawTopics.add(Topics.CONTROL);
        for (String topic : rawTopics) {
            FunctionCounter.builder("pitwall.streams.records.in", streams, s -> sum(s, TOPIC_GROUP, "records-consumed-total", "topic", topic))
                    .description("Raw records and control events Streams consumed, per topic").tag("topic", topic).register(registry);
        }
        for (Table table : Table.values()) {
            String name = table.tableName();
            if (table.cleanTopic() != null) {
                String clean = table.cleanTopic();
                FunctionCounter.builder("pitwall.streams.records.out", streams, s -> sum(s, TOPIC_GROUP, "records-produced-total", "topic", clean))
                        .description("New or revised clean records Streams produced, per table").tag("table", name).register(registry);
                FunctionCounter.builder("pitwall.streams.duplicates", streams, s -> sum(s, PITWALL_GROUP, "duplicates-dropped-total", "table", name))
                        .description("Records dropped as identical to their latest revision, per table").tag("table", name).register(registry);
            }
            if (table != Table.REJECTED) {
                FunctionCounter.builder("pitwall.streams.rejected", streams, s -> sum(s, PITWALL_GROUP, "records-rejected-total", "table", name))
                        .description("Records sent to f1.dlq with a reason, per table").tag("table", name).register(registry);
            }
        }
        FunctionCounter.builder("pitwall.streams.rejected", streams, s -> sum(s, PITWALL_GROUP, "records-rejected-total", "table", "control"))
                .description("Records sent to f1.dlq with a reason, per table").tag("table", "control").register(registry);
        FunctionCounter.builder("pitwall.streams.dead.letters", streams, s -> sum(s, TOPIC_GROUP, "records-produced-total", "topic", Topics.DLQ))
                .description("Records Streams wrote to " + Topics.DLQ).register(registry);
        FunctionCounter.builder("pitwall.streams.batches", streams, s -> sum(s, TOPIC_GROUP, "records-produced-total", "topic", Topics.BATCHES))
                .description("Closed batches Streams wrote to " + Topics.BATCHES).register(registry);
    }

    private static double sum(StreamsRunner streams, String group, String name, String tag, String value) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName m = e.getKey();
            if (m.group().equals(group) && m.name().equals(name) && value.equals(m.tags().get(tag))
                    && e.getValue().metricValue() instanceof Number n) {
                total += n.doubleValue();
            }
        }
        return total;
    }
}

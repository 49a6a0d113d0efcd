package dev.pitwall.app.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group is behind its inputs: per partition the last stable offset minus the
 * group's committed offset (the whole partition when it has committed nothing). Under exactly-once a
 * transaction marker follows each committed transaction, so a caught-up group can show one record of
 * lag per partition written transactionally; {@link dev.pitwall.app.kafka.DrainProbe} is the exact check.
 */
public final class ConsumerLag {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private ConsumerLag() {}

    /** Records of {@code inputs} (and of whatever else the group has committed on) not yet consumed by {@code group}. */
    public static long of(Admin admin, String group, Collection<String> inputs) {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).forEach((tp, o) -> {
            if (o != null) {
                committed.put(tp, o);
            }
        });
        Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
        Set<String> existing = new HashSet<>(await(admin.listTopics().names()));
        Set<String> wanted = new HashSet<>(inputs);
        wanted.retainAll(existing);
        if (!wanted.isEmpty()) {
            for (TopicDescription t : await(admin.describeTopics(wanted).allTopicNames()).values()) {
                t.partitions().forEach(p -> partitions.add(new TopicPartition(t.name(), p.partition())));
            }
        }
        if (partitions.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        partitions.forEach(tp -> {
            latest.put(tp, OffsetSpec.latest());
            earliest.put(tp, OffsetSpec.earliest());
        });
        ListOffsetsOptions readCommitted = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        var ends = await(admin.listOffsets(latest, readCommitted).all());
        var starts = await(admin.listOffsets(earliest, readCommitted).all());
        long lag = 0;
        for (TopicPartition tp : partitions) {
            long end = ends.get(tp).offset();
            OffsetAndMetadata c = committed.get(tp);
            long from = c != null ? c.offset() : starts.get(tp).offset();
            lag += Math.max(0, end - from);
        }
        return lag;
    }

    /** Members of the group right now: a stage instance runs when its group has at least one. */
    public static int members(Admin admin, String group) {
        Map<String, ConsumerGroupDescription> described = await(admin.describeConsumerGroups(java.util.List.of(group)).all());
        ConsumerGroupDescription d = described.get(group);
        return d == null ? 0 : d.members().size();
    }

    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot read consumer offsets from the broker: " + cause.getMessage(), cause);
        }
    }
}

package dev.pitwall.app.kafka;

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
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Tells whether a consumer group has consumed and committed every committed record of its inputs.
 *
 * <p>Comparing committed offsets with end offsets does not work under exactly-once: a transaction
 * marker sits after the last record, so the lag stays at 1 forever. Instead this reads, with
 * {@code read_committed} and no group, from each committed offset up to the last stable offset:
 * drained means nothing comes back. Partitions the group has committed but that are not among the
 * named inputs (Kafka Streams' repartition topics) are checked too.
 */
public final class DrainProbe implements AutoCloseable {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration READ_LIMIT = Duration.ofSeconds(10);
    private static final long RECHECK_MS = 150;

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> reader;

    /** {@code clientProps} needs {@code bootstrap.servers}; security settings are passed on, group settings dropped. */
    public DrainProbe(Map<String, Object> clientProps) {
        Map<String, Object> adminProps = new HashMap<>(clientProps);
        adminProps.keySet().retainAll(AdminClientConfig.configNames());
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis() / 2);
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        this.admin = Admin.create(adminProps);

        Map<String, Object> readerProps = new HashMap<>(clientProps);
        readerProps.keySet().retainAll(ConsumerConfig.configNames());
        readerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        readerProps.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        readerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        readerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A committed offset below the log start (retention) means the group will re-read: not drained.
        readerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        readerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        // it reads only up to ends it already knows: a fetch with nothing there should come back at once, not after
        // Kafka's 500 ms default wait for new data
        readerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        readerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "pitwall-drain-probe");
        try {
            this.reader = new KafkaConsumer<>(readerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
    }

    /**
     * True when every committed record of {@code inputTopics} (and of every partition the group has
     * committed offsets for) is below the group's committed offset. Input topics that do not exist
     * hold nothing and count as drained.
     */
    public boolean isDrained(String groupId, Collection<String> inputTopics) {
        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(groupId);
        Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
        partitions.addAll(partitionsOf(inputTopics));
        if (partitions.isEmpty()) {
            return true;
        }
        reader.assign(partitions);
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = committed.get(tp);
            if (offset == null) {
                reader.seekToBeginning(Set.of(tp));
            } else {
                reader.seek(tp, offset.offset());
            }
        }
        Map<TopicPartition, Long> stableEnds = reader.endOffsets(partitions, CALL_TIMEOUT);
        if (hasOpenTransaction(stableEnds)) {
            return false;
        }
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        while (!reachedEnds(stableEnds)) {
            if (!reader.poll(POLL).isEmpty()) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                // Could not prove it: positions are not moving although nothing is returned.
                return false;
            }
        }
        return true;
    }

    /** Checks every ~150 ms until drained; throws when {@code timeout} passes first. */
    public void awaitDrained(String groupId, Collection<String> inputTopics, Duration timeout) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isDrained(groupId, inputTopics)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("consumer group " + groupId + " has not consumed all of " + inputTopics
                        + " within " + timeout.toMillis() + " ms");
            }
            try {
                Thread.sleep(RECHECK_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for group " + groupId, e);
            }
        }
    }

    @Override
    public void close() {
        try {
            reader.close(Duration.ofSeconds(5));
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }

    /**
     * A last stable offset below the high watermark means a transaction is still open, or was just
     * committed and its markers are not written yet (that happens after commitTransaction returns):
     * its records are about to become visible, so this is not drained.
     */
    private boolean hasOpenTransaction(Map<TopicPartition, Long> stableEnds) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        stableEnds.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> highWatermarks = await(
                admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all(),
                "high watermarks");
        for (Map.Entry<TopicPartition, Long> end : stableEnds.entrySet()) {
            if (end.getValue() < highWatermarks.get(end.getKey()).offset()) {
                return true;
            }
        }
        return false;
    }

    private boolean reachedEnds(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (reader.position(end.getKey(), CALL_TIMEOUT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String groupId) {
        Map<TopicPartition, OffsetAndMetadata> all = await(
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(), "offsets of group " + groupId);
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        all.forEach((tp, offset) -> {
            if (offset != null) {
                committed.put(tp, offset);
            }
        });
        return committed;
    }

    private Set<TopicPartition> partitionsOf(Collection<String> topics) {
        Set<String> existing = new HashSet<>(await(admin.listTopics().names(), "topic names"));
        Set<String> wanted = new HashSet<>(topics);
        wanted.retainAll(existing);
        Set<TopicPartition> partitions = new HashSet<>();
        if (wanted.isEmpty()) {
            return partitions;
        }
        Map<String, TopicDescription> described = await(admin.describeTopics(wanted).allTopicNames(), "topics " + wanted);
        for (TopicDescription topic : described.values()) {
            for (TopicPartitionInfo p : topic.partitions()) {
                partitions.add(new TopicPartition(topic.name(), p.partition()));
            }
        }
        return partitions;
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot read " + what + ": " + cause, cause);
        }
    }
}

package dev.pitwall.sink;

import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.FileWritten;
import dev.pitwall.sink.object.BatchFile;
import dev.pitwall.sink.object.ObjectKey;
import dev.pitwall.sink.s3.BatchObjectStore;
import dev.pitwall.sink.s3.ObjectMetadata;
import dev.pitwall.sink.s3.PutOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's work, one poll at a time: write every batch of the poll to S3, then publish their
 * {@link FileWritten} records and the consumed offsets in one Kafka transaction. Any failure
 * rewinds to the committed offsets and redoes the poll after a backoff; objects already written
 * are recognised by their sha256, so redoing is harmless.
 */
final class SinkLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(S3Sink.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration COMMITTED_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Consumer<String, Batch> consumer;
    private final Supplier<Producer<String, FileWritten>> producers;
    private final BatchObjectStore store;
    private final String prefix;
    private final SinkStats stats;
    private final Backoff backoff;
    private final CountDownLatch stop = new CountDownLatch(1);

    private volatile SinkException failure;
    private Producer<String, FileWritten> producer;
    private boolean inTransaction;
    private boolean rewindPending;
    private int consecutiveFailures;

    SinkLoop(Consumer<String, Batch> consumer, Supplier<Producer<String, FileWritten>> producers,
             BatchObjectStore store, String prefix, SinkStats stats, Backoff backoff) {
        this.consumer = consumer;
        this.producers = producers;
        this.store = store;
        this.prefix = prefix;
        this.stats = stats;
        this.backoff = backoff;
    }

    SinkException failure() {
        return failure;
    }

    void requestStop() {
        stop.countDown();
        consumer.wakeup();
    }

    private boolean stopping() {
        return stop.getCount() == 0;
    }

    @Override
    public void run() {
        try {
            while (!stopping()) {
                try {
                    step();
                    if (consecutiveFailures > 0) {
                        log.info("sink recovered after {} failed attempts", consecutiveFailures);
                        consecutiveFailures = 0;
                    }
                    backoff.reset();
                } catch (SinkException e) {
                    fail(e);
                } catch (WakeupException e) {
                    // close() woke a blocking poll; the loop condition ends the run
                } catch (RecordDeserializationException e) {
                    fail(new SinkException(SinkError.UNUSABLE_BATCH, "record " + e.topicPartition() + "@" + e.offset()
                            + " is not a readable Batch (" + e.getCause() + "); stopping rather than skipping data", e));
                } catch (RuntimeException e) {
                    if (fenced(e)) {
                        fail(fencedError(e));
                    } else {
                        recover(e);
                    }
                }
            }
        } finally {
            closeClients();
        }
    }

    private void step() {
        if (producer == null) {
            Producer<String, FileWritten> fresh = producers.get();
            try {
                fresh.initTransactions();
            } catch (RuntimeException e) {
                fresh.close(Duration.ZERO);
                throw e;
            }
            producer = fresh;
        }
        if (rewindPending) {
            rewindToCommitted();
            rewindPending = false;
        }
        ConsumerRecords<String, Batch> records = consumer.poll(POLL_TIMEOUT);
        if (records.isEmpty()) {
            return;
        }
        List<Written> written = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, Batch> record : records) {
            if (stopping()) {
                return; // nothing committed yet: the next run redoes this poll and finds the objects in place
            }
            if (record.value() == null) {
                log.warn("skipping empty record {}-{}@{}", record.topic(), record.partition(), record.offset());
            } else {
                written.add(write(record));
            }
            offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        publish(written, offsets);
    }

    private Written write(ConsumerRecord<String, Batch> record) {
        Batch batch = record.value();
        ObjectKey key;
        BatchFile file;
        try {
            key = ObjectKey.of(prefix, batch);
            file = BatchFile.of(batch);
        } catch (IllegalArgumentException e) {
            throw new SinkException(SinkError.UNUSABLE_BATCH, "record " + record.topic() + "-" + record.partition()
                    + "@" + record.offset() + " cannot become an object: " + e.getMessage(), e);
        }
        PutOutcome outcome = store.put(key, file, ObjectMetadata.of(batch, file, record.offset(), record.offset()));
        FileWritten notice = FileWritten.newBuilder()
                .setBucket(store.bucket())
                .setKey(key.value())
                .setTable(batch.getTable())
                .setSeason(batch.getSeason())
                .setRound(batch.getRound())
                .setSession(batch.getSession())
                .setBatchId(batch.getBatchId())
                .setRows(file.rows())
                .setBytes(file.bytes())
                .setSha256(file.sha256())
                .setCloseReason(batch.getCloseReason().name())
                .build();
        return new Written(notice, outcome);
    }

    private void publish(List<Written> written, Map<TopicPartition, OffsetAndMetadata> offsets) {
        producer.beginTransaction();
        inTransaction = true;
        for (Written w : written) {
            producer.send(new ProducerRecord<>(Topics.FILES, w.notice().getKey(), w.notice()));
        }
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
        inTransaction = false;
        for (Written w : written) {
            FileWritten n = w.notice();
            boolean present = w.outcome() == PutOutcome.ALREADY_PRESENT;
            stats.committed(n.getRows(), n.getBytes(), present);
            log.info("{} s3://{}/{} rows={} bytes={} reason={}", present ? "already present" : "wrote",
                    n.getBucket(), n.getKey(), n.getRows(), n.getBytes(), n.getCloseReason());
        }
    }

    private void recover(RuntimeException e) {
        consecutiveFailures++;
        stats.failedAttempts.incrementAndGet();
        Duration delay = backoff.next();
        log.warn("sink attempt failed ({} in a row), retrying in {} ms: {}", consecutiveFailures, delay.toMillis(), e.toString());
        if (inTransaction) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abortFailure) {
                if (fenced(abortFailure)) {
                    fail(fencedError(abortFailure));
                    return;
                }
                // a producer that cannot abort is in an unknown state; a new one resolves it on initTransactions
                producer.close(Duration.ZERO);
                producer = null;
            }
            inTransaction = false;
        }
        rewindPending = true;
        try {
            stop.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            stop.countDown();
        }
    }

    /** Back to what the last committed transaction consumed, so a failed poll is redone whole. */
    private void rewindToCommitted() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned, COMMITTED_TIMEOUT);
        List<TopicPartition> neverCommitted = new ArrayList<>();
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata offset = committed.get(tp);
            if (offset == null) {
                neverCommitted.add(tp);
            } else {
                consumer.seek(tp, offset);
            }
        }
        if (!neverCommitted.isEmpty()) {
            consumer.seekToBeginning(neverCommitted);
        }
    }

    private void fail(SinkException e) {
        failure = e;
        log.error(e.getMessage());
        stop.countDown();
    }

    private static boolean fenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException) {
                return true;
            }
        }
        return false;
    }

    private static SinkException fencedError(Throwable e) {
        return new SinkException(SinkError.PRODUCER_FENCED,
                "another sink started with the same transactional id; run one sink per transactional id", e);
    }

    private void closeClients() {
        if (producer != null) {
            try {
                if (inTransaction) {
                    producer.abortTransaction();
                }
            } catch (RuntimeException e) {
                log.debug("abort on close failed: {}", e.toString());
            } finally {
                producer.close(CLOSE_TIMEOUT);
            }
        }
        consumer.close();
    }

    private record Written(FileWritten notice, PutOutcome outcome) {}
}

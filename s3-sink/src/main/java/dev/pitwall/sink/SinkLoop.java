package dev.pitwall.sink;

import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.FileWritten;
import dev.pitwall.sink.object.ObjectKey;
import dev.pitwall.sink.s3.BatchObjectStore;
import dev.pitwall.sink.s3.EncodeAhead;
import dev.pitwall.sink.s3.PreparedObject;
import dev.pitwall.sink.s3.PutOutcome;
import dev.pitwall.sink.s3.StoredObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
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
 * The sink's work, one poll at a time: write every batch of the poll to S3 on a worker thread,
 * then publish their {@link FileWritten} records and the consumed offsets in one Kafka
 * transaction. While S3 work runs, the partitions are paused and the consumer keeps polling, so
 * however slow S3 is, {@code max.poll.interval.ms} never runs out and the group never rebalances.
 * S3 failures are retried per object with backoff; any other failure rewinds to the committed
 * offsets and redoes the poll. Objects already written are recognised by their sha256, so redoing
 * is harmless.
 */
final class SinkLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(S3Sink.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    /** Between two membership polls while S3 work runs: far below any sane max.poll.interval.ms. */
    private static final Duration WORK_SLICE = Duration.ofMillis(200);
    private static final Duration PAUSED_POLL = Duration.ofMillis(50);
    private static final Duration COMMITTED_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);

    private final Consumer<String, Batch> consumer;
    private final Supplier<Producer<String, FileWritten>> producers;
    private final BatchObjectStore store;
    private final String prefix;
    private final SinkStats stats;
    private final Backoff backoff;
    private final Supplier<Backoff> s3Backoffs;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final EncodeAhead encodeAhead = new EncodeAhead("pitwall-sink-encode");
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pitwall-sink-s3");
        t.setDaemon(true);
        return t;
    });

    private final Fencings fencings = new Fencings();
    private volatile SinkException failure;
    private Producer<String, FileWritten> producer;
    private boolean inTransaction;
    private boolean rewindPending;
    private int consecutiveFailures;
    private boolean workInFlight;
    private boolean revokedDuringWork;
    private long lastSummary = System.nanoTime();
    private long objectsAtSummary;
    private long retriesAtSummary;

    SinkLoop(Consumer<String, Batch> consumer, Supplier<Producer<String, FileWritten>> producers,
             BatchObjectStore store, String prefix, SinkStats stats, Supplier<Backoff> backoffs) {
        this.consumer = consumer;
        this.producers = producers;
        this.store = store;
        this.prefix = prefix;
        this.stats = stats;
        this.backoff = backoffs.get();
        this.s3Backoffs = backoffs;
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

    /** Subscribe with this: it notes rebalances, and whether one took partitions away mid-write. */
    ConsumerRebalanceListener rebalanceListener() {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                lost(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                lost(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                log.debug("sink assigned {}", partitions);
            }
        };
    }

    private void lost(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty() || stopping()) {
            return;
        }
        stats.rebalances.incrementAndGet();
        if (workInFlight) {
            revokedDuringWork = true;
        }
        log.info("sink gave up partitions {}", partitions);
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
                        refence(e);
                    } else {
                        recover(e);
                    }
                }
                logSummaryIfDue();
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
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, Batch> record : records) {
            offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        List<Written> written;
        workInFlight = true;
        revokedDuringWork = false;
        try {
            written = awaitPolling(worker.submit(() -> writeAll(records)));
        } finally {
            workInFlight = false;
        }
        if (written == null) {
            return; // stopping, nothing committed: the next run redoes this poll and finds the objects in place
        }
        if (revokedDuringWork) {
            // the new owner of those partitions will find the objects in place and announce them once
            log.info("partitions moved while writing {} objects; leaving their announcement to the new owner", written.size());
            rewindPending = true;
            return;
        }
        publish(written, offsets);
    }

    /** Runs on the worker thread: S3 only, no Kafka client is touched here. Each next object is encoded meanwhile. */
    private List<Written> writeAll(ConsumerRecords<String, Batch> records) {
        List<ConsumerRecord<String, Batch>> batches = new ArrayList<>(records.count());
        for (ConsumerRecord<String, Batch> record : records) {
            if (record.value() == null) {
                log.warn("skipping empty record {}-{}@{}", record.topic(), record.partition(), record.offset());
            } else {
                batches.add(record);
            }
        }
        return encodeAhead.map(batches, this::prepare, this::writeRetrying);
    }

    private PreparedObject prepare(ConsumerRecord<String, Batch> record) {
        try {
            return store.prepare(ObjectKey.of(prefix, record.value()), record.value(), record.offset(), record.offset());
        } catch (IllegalArgumentException e) {
            throw unusable(record, e);
        }
    }

    private Written writeRetrying(ConsumerRecord<String, Batch> record, PreparedObject prepared) {
        Backoff retry = s3Backoffs.get();
        int failures = 0;
        while (true) {
            if (stopping()) {
                throw new CancellationException("sink stopping");
            }
            try {
                StoredObject stored = store.write(prepared);
                if (failures > 0) {
                    log.info("S3 write of {} succeeded after {} failed attempts", prepared.key(), failures);
                }
                return new Written(notice(prepared.key(), record.value(), stored), stored, record.timestamp());
            } catch (SinkException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw unusable(record, e);
            } catch (RuntimeException e) {
                if (stopping()) {
                    throw new CancellationException("sink stopping");
                }
                failures++;
                stats.failedAttempt("s3_write");
                Duration delay = retry.next();
                log.warn("S3 write of {} failed ({} in a row), retrying in {} ms: {}", prepared.key(), failures, delay.toMillis(), e.toString());
                try {
                    if (stop.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new CancellationException("sink stopping");
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("sink stopping");
                }
            }
        }
    }

    private static SinkException unusable(ConsumerRecord<String, Batch> record, IllegalArgumentException e) {
        return new SinkException(SinkError.UNUSABLE_BATCH, "record " + record.topic() + "-" + record.partition()
                + "@" + record.offset() + " cannot become an object: " + e.getMessage(), e);
    }

    private FileWritten notice(ObjectKey key, Batch batch, StoredObject stored) {
        return FileWritten.newBuilder()
                .setBucket(store.bucket())
                .setKey(key.value())
                .setTable(batch.getTable())
                .setSeason(batch.getSeason())
                .setRound(batch.getRound())
                .setSession(batch.getSession())
                .setBatchId(batch.getBatchId())
                .setRows(stored.rows())
                .setBytes(stored.bytes())
                .setSha256(stored.sha256())
                .setCloseReason(batch.getCloseReason().name())
                .build();
    }

    /**
     * Waits for the S3 work with every assigned partition paused, polling between slices so the
     * group sees a live member. Records a rebalance hands over before the pause takes hold are
     * sought back, so nothing is skipped. Returns null if the sink is stopping.
     */
    private List<Written> awaitPolling(Future<List<Written>> work) {
        consumer.pause(consumer.assignment());
        try {
            while (true) {
                try {
                    return work.get(WORK_SLICE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // still writing: keep the membership alive below
                } catch (CancellationException e) {
                    return null;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof CancellationException) {
                        return null;
                    }
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException("S3 work failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.countDown();
                }
                if (stopping()) {
                    work.cancel(true);
                    return null;
                }
                pollPaused();
                logSummaryIfDue();
            }
        } finally {
            if (!stopping()) {
                consumer.resume(consumer.assignment());
            }
        }
    }

    private void pollPaused() {
        consumer.pause(consumer.assignment());
        ConsumerRecords<String, Batch> stray = consumer.poll(PAUSED_POLL);
        for (TopicPartition tp : stray.partitions()) {
            consumer.seek(tp, stray.records(tp).get(0).offset());
        }
        consumer.pause(consumer.assignment());
    }

    private void publish(List<Written> written, Map<TopicPartition, OffsetAndMetadata> offsets) {
        producer.beginTransaction();
        inTransaction = true;
        for (Written w : written) {
            // the batch's event time travels on, so the loader can tell how fresh each table is
            producer.send(new ProducerRecord<>(Topics.FILES, null, w.eventTime() > 0 ? w.eventTime() : null, w.notice().getKey(), w.notice()));
        }
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
        inTransaction = false;
        for (Written w : written) {
            FileWritten n = w.notice();
            boolean present = w.stored().outcome() == PutOutcome.ALREADY_PRESENT;
            int parts = w.stored().parts();
            stats.committed(n.getTable(), n.getRows(), n.getBytes(), present, parts > 0, n.getCloseReason());
            log.info("{} s3://{}/{} rows={} bytes={} reason={}{}", present ? "already present" : "wrote",
                    n.getBucket(), n.getKey(), n.getRows(), n.getBytes(), n.getCloseReason(),
                    parts > 0 ? " parts=" + parts : "");
        }
    }

    private void recover(RuntimeException e) {
        if (inTransaction) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abortFailure) {
                if (fenced(abortFailure)) {
                    // the fencing is what failed the attempt: one retry, counted and logged as such
                    abortFailure.addSuppressed(e);
                    refence(abortFailure);
                    return;
                }
                // a producer that cannot abort is in an unknown state; a new one resolves it on initTransactions
                producer.close(Duration.ZERO);
                producer = null;
            }
            inTransaction = false;
        }
        consecutiveFailures++;
        stats.failedAttempt("sink_cycle");
        Duration delay = backoff.next();
        log.warn("sink attempt failed ({} in a row), retrying in {} ms: {}", consecutiveFailures, delay.toMillis(), e.toString());
        rewindPending = true;
        waitPolling(delay);
    }

    /**
     * A fenced producer is done for; a new one (its initTransactions fences whoever fenced us) redoes the poll from the
     * committed offsets. A broker's fail-over can fence a live sink once: the restarted transaction coordinator may not
     * recognise the retry of a commit that was in flight (KAFKA-20357). Another sink with the same transactional id
     * fences it again and again: past {@link Fencings#TOLERATED} fencings in {@link Fencings#WINDOW} the sink stops.
     */
    private void refence(RuntimeException e) {
        if (!fencings.tolerate(System.nanoTime())) {
            fail(fencedError(e));
            return;
        }
        consecutiveFailures++;
        stats.failedAttempt("sink_fenced");
        Duration delay = backoff.next();
        log.warn("sink producer fenced ({} of {} tolerated in {} min), starting a new one in {} ms: {}", fencings.recent(),
                Fencings.TOLERATED, Fencings.WINDOW.toMinutes(), delay.toMillis(), e.toString());
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
        inTransaction = false;
        rewindPending = true;
        waitPolling(delay);
    }

    /** Sleeps through a backoff, still polling (paused) so a long wait costs no rebalance. */
    private void waitPolling(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        try {
            while (!stopping() && System.nanoTime() < deadline) {
                try {
                    pollPaused();
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException pollFailure) {
                    // the broker may be what failed; just sleep out this slice
                    log.debug("poll during backoff failed: {}", pollFailure.toString());
                }
                long left = Math.min(WORK_SLICE.toNanos(), deadline - System.nanoTime());
                if (left > 0 && stop.await(left, TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            stop.countDown();
        } finally {
            if (!stopping()) {
                try {
                    consumer.resume(consumer.assignment());
                } catch (RuntimeException resumeFailure) {
                    log.debug("resume after backoff failed: {}", resumeFailure.toString());
                }
            }
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

    /** One INFO line a minute while objects or retries move, so a quiet sink stays quiet. */
    private void logSummaryIfDue() {
        long now = System.nanoTime();
        if (now - lastSummary < SUMMARY_EVERY.toNanos()) {
            return;
        }
        lastSummary = now;
        long objects = stats.objects.get();
        long retries = stats.failedAttempts.get();
        if (objects != objectsAtSummary || retries != retriesAtSummary) {
            log.info("sink last minute: {} objects, {} retries; since start: {}", objects - objectsAtSummary,
                    retries - retriesAtSummary, stats.snapshot());
            objectsAtSummary = objects;
            retriesAtSummary = retries;
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
                "fenced " + (Fencings.TOLERATED + 1) + " times in " + Fencings.WINDOW.toMinutes()
                        + " min: another sink runs with the same transactional id; run one sink per transactional id", e);
    }

    private void closeClients() {
        worker.shutdownNow();
        encodeAhead.close();
        try {
            if (!worker.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("S3 worker did not stop within {} s", CLOSE_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    /** {@code eventTime}: the batch record's timestamp, which Streams took from the raw record that closed it. */
    private record Written(FileWritten notice, StoredObject stored, long eventTime) {}
}

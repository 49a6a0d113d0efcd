package dev.pitwall.loader;

import dev.pitwall.loader.s3.BatchObjectFetcher;
import dev.pitwall.loader.warehouse.LoadOutcome;
import dev.pitwall.loader.warehouse.StagingTable;
import dev.pitwall.loader.warehouse.Warehouse;
import dev.pitwall.loader.warehouse.WarehouseException;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.FileWritten;
import dev.pitwall.schemas.serde.PitwallSerdes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The loader stage: consumes {@code FileWritten} notifications from {@code f1.files} and loads each
 * object into the warehouse exactly once (DESIGN §3.5). The warehouse manifest decides what is
 * loaded; Kafka offsets are committed only after the warehouse commit, so a crash in between
 * replays the notification and the manifest skips it.
 */
public final class FileLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileLoader.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long FIRST_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final Map<String, Object> consumerProps;
    private final BatchObjectFetcher fetcher;
    private final Warehouse warehouse;
    private final AtomicLong filesLoaded = new AtomicLong();
    private final AtomicLong rowsLoaded = new AtomicLong();
    private final AtomicLong filesSkipped = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile KafkaConsumer<String, FileWritten> consumer;
    private volatile Thread thread;

    public FileLoader(Map<String, Object> kafkaProps, S3Client s3, Warehouse warehouse, LoaderConfig config) {
        this.consumerProps = new HashMap<>(kafkaProps);
        this.consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        this.consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a restarted loader waits this long for a crashed predecessor to leave the group (Kafka default 45 s)
        this.consumerProps.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        this.consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumerProps.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId());
        this.fetcher = new BatchObjectFetcher(s3, null);
        this.warehouse = warehouse;
    }

    /** Starts consuming on a thread of its own; returns at once. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("loader already started");
        }
        consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), PitwallSerdes.fileWritten().deserializer());
        thread = new Thread(this::run, "pitwall-loader");
        thread.start();
    }

    /** Stops after the file in hand; offsets of loaded files are already committed. */
    @Override
    public void close() {
        stopping.countDown();
        KafkaConsumer<String, FileWritten> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public long filesLoaded() {
        return filesLoaded.get();
    }

    public long rowsLoaded() {
        return rowsLoaded.get();
    }

    /** Notifications whose object the manifest already had. */
    public long filesSkipped() {
        return filesSkipped.get();
    }

    /** Load attempts that failed and were retried (S3 or warehouse errors). */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** Whether the consuming thread is alive; false before start, after close and after a fatal error. */
    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** The fatal error that stopped the loader, if any (retryable errors never end up here). */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    private void run() {
        KafkaConsumer<String, FileWritten> c = consumer;
        try (c) {
            c.subscribe(List.of(Topics.FILES));
            int attempt = 0;
            while (stopping.getCount() > 0) {
                ConsumerRecords<String, FileWritten> records = c.poll(POLL);
                try {
                    for (ConsumerRecord<String, FileWritten> record : records) {
                        if (stopping.getCount() == 0) {
                            break;
                        }
                        handle(record);
                        c.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                                new OffsetAndMetadata(record.offset() + 1)));
                    }
                    attempt = 0;
                } catch (WakeupException | RecordDeserializationException e) {
                    throw e;
                } catch (WarehouseException e) {
                    if (e.error().fatal()) {
                        throw e;
                    }
                    attempt = backOff(c, ++attempt, e);
                } catch (RuntimeException e) {
                    attempt = backOff(c, ++attempt, e);
                }
            }
        } catch (WakeupException e) {
            if (stopping.getCount() > 0) {
                fail(e);
            }
        } catch (RecordDeserializationException e) {
            fail(new IllegalStateException("PW-0411 record at " + e.topicPartition() + " offset " + e.offset()
                    + " is not a FileWritten: check what writes to " + Topics.FILES + "; the loader stopped there", e));
        } catch (RuntimeException | Error e) {
            fail(e);
        }
    }

    private void handle(ConsumerRecord<String, FileWritten> record) {
        FileWritten file = record.value();
        if (file == null) {
            LOG.warn("ignoring empty record at {}-{} offset {}", record.topic(), record.partition(), record.offset());
            return;
        }
        StagingTable table = StagingTable.named(file.getTable());
        if (warehouse.isLoaded(file.getKey())) {
            filesSkipped.incrementAndGet();
            LOG.debug("{} already loaded", file.getKey());
            return;
        }
        if (warehouse.readsObjectsItself()) {
            count(table, warehouse.load(file));
            return;
        }
        Path local = fetcher.fetch(file);
        try {
            count(table, warehouse.load(file, local));
        } finally {
            try {
                Files.deleteIfExists(local);
            } catch (IOException e) {
                LOG.warn("could not delete temp file {}: {}", local, e.getMessage());
            }
        }
    }

    private void count(StagingTable table, LoadOutcome outcome) {
        if (outcome.skipped()) {
            filesSkipped.incrementAndGet();
            return;
        }
        filesLoaded.incrementAndGet();
        rowsLoaded.addAndGet(outcome.rows());
        LOG.info("loaded {} into {} rows={}", outcome.objectKey(), table.qualifiedName(), outcome.rows());
    }

    /** Rewinds every assigned partition to its committed offset so no notification is skipped, then waits. */
    private int backOff(KafkaConsumer<String, FileWritten> c, int attempt, RuntimeException cause) {
        failedAttempts.incrementAndGet();
        long delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt - 1, 20));
        LOG.warn("load failed (attempt {}), retrying in {} ms: {}", attempt, delay, cause.toString());
        Set<TopicPartition> assigned = c.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = c.committed(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata offset = committed.get(tp);
            if (offset != null) {
                c.seek(tp, offset);
            } else {
                c.seekToBeginning(List.of(tp));
            }
        }
        try {
            stopping.await(delay, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.countDown();
        }
        return attempt;
    }

    private void fail(Throwable e) {
        failure.set(e);
        LOG.error("loader stopped: {}", e.getMessage(), e);
    }
}

package dev.pitwall.loader;

import dev.pitwall.loader.s3.BatchObjectFetcher;
import dev.pitwall.loader.warehouse.FileToLoad;
import dev.pitwall.loader.warehouse.GroupOutcome;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import dev.pitwall.schemas.serde.PitwallKeySerde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The loader stage: consumes {@code FileWritten} notifications from {@code f1.files} and loads each
 * object into the warehouse exactly once (DESIGN §3.5). The warehouse manifest decides what is
 * loaded; Kafka offsets are committed only after the warehouse commit, so a crash in between
 * replays the notification and the manifest skips it.
 *
 * <p>A poll's notifications are grouped by staging table (up to {@link LoaderConfig#maxFilesPerLoad()}
 * files a group) and each group is one {@link Warehouse#loadAll} call, so a poll of many small files
 * costs a few warehouse round trips, not one transaction per file. Per partition, the offset
 * committed is the one after the longest run of notifications that are done (loaded, skipped,
 * empty), so an offset never passes a notification whose file is not in the manifest.
 */
public final class FileLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileLoader.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long FIRST_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final Map<String, Object> consumerProps;
    private final BatchObjectFetcher fetcher;
    private final Warehouse warehouse;
    private final int maxFilesPerLoad;
    private final AtomicLong filesLoaded = new AtomicLong();
    private final AtomicLong rowsLoaded = new AtomicLong();
    private final AtomicLong filesSkipped = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final LoaderMeters meters;
    private volatile KafkaConsumer<String, FileWritten> consumer;
    private volatile Thread thread;

    public FileLoader(Map<String, Object> kafkaProps, S3Client s3, Warehouse warehouse, LoaderConfig config) {
        this(kafkaProps, s3, warehouse, config, new io.micrometer.core.instrument.composite.CompositeMeterRegistry());
    }

    /** As above, counting files, rows, retries, load latency and freshness per table into {@code meters}. */
    public FileLoader(Map<String, Object> kafkaProps, S3Client s3, Warehouse warehouse, LoaderConfig config,
                      io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = new LoaderMeters(meters, java.time.Clock.systemUTC());
        this.consumerProps = new HashMap<>(kafkaProps);
        this.consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        this.consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a restarted loader waits this long for a crashed predecessor to leave the group (Kafka default 45 s)
        this.consumerProps.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        this.consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumerProps.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId());
        // one poll can fill one full group
        this.consumerProps.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxFilesPerLoad());
        this.maxFilesPerLoad = config.maxFilesPerLoad();
        this.fetcher = new BatchObjectFetcher(s3, null);
        this.warehouse = warehouse;
    }

    /** Starts consuming on a thread of its own; returns at once. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("loader already started");
        }
        consumer = new KafkaConsumer<>(consumerProps, new PitwallKeySerde.KeyDeserializer(), PitwallSerdes.fileWritten().deserializer());
        thread = new Thread(this::run, "pitwall-loader");
        thread.start();
    }

    /** Stops after the group in hand; offsets of loaded files are already committed. */
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
            boolean rewindPending = false;
            while (stopping.getCount() > 0) {
                try {
                    if (rewindPending) {
                        // a failed poll is redone from the committed offsets; while the broker is away this
                        // fails too and is retried after the next backoff, never skipped
                        rewindToCommitted(c);
                        rewindPending = false;
                    }
                    ConsumerRecords<String, FileWritten> records = c.poll(POLL);
                    if (!records.isEmpty()) {
                        handle(c, records);
                    }
                    attempt = 0;
                } catch (WakeupException | RecordDeserializationException | AuthenticationException | AuthorizationException e) {
                    // credentials and ACLs do not fix themselves: stop with the error, as a failed poll always did
                    throw e;
                } catch (WarehouseException e) {
                    if (e.error().fatal()) {
                        throw e;
                    }
                    rewindPending = true;
                    attempt = backOff(++attempt, e);
                } catch (RuntimeException e) {
                    rewindPending = true;
                    attempt = backOff(++attempt, e);
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

    /**
     * Loads one poll: notifications grouped by table, keys already in the manifest left out, each group
     * one warehouse call, offsets committed for what is done. A failed group (or a file in it that did
     * not load) ends the poll: the offsets of what is done so far are committed and the error is thrown
     * (retryable ones rewind and retry, fatal ones stop the loader), exactly as one file at a time did.
     */
    private void handle(KafkaConsumer<String, FileWritten> c, ConsumerRecords<String, FileWritten> records) {
        Progress progress = new Progress();
        Map<String, List<Progress.Slot>> slotsByKey = new LinkedHashMap<>();
        Map<String, FileWritten> fileByKey = new LinkedHashMap<>();
        Map<String, Long> eventTimes = new HashMap<>();
        WarehouseException unknownTable = null;
        for (ConsumerRecord<String, FileWritten> record : records) {
            Progress.Slot slot = progress.add(record);
            FileWritten file = record.value();
            if (file == null) {
                LOG.warn("ignoring empty record at {}-{} offset {}", record.topic(), record.partition(), record.offset());
                slot.done = true;
                continue;
            }
            try {
                StagingTable.named(file.getTable());
            } catch (WarehouseException e) {
                unknownTable = unknownTable == null ? e : unknownTable;
                continue;
            }
            List<Progress.Slot> slots = slotsByKey.computeIfAbsent(file.getKey(), k -> new ArrayList<>());
            if (!slots.isEmpty()) {
                filesSkipped.incrementAndGet(); // announced twice in one poll: loaded once
                meters.skipped(1);
            }
            slots.add(slot);
            fileByKey.putIfAbsent(file.getKey(), file);
            eventTimes.merge(file.getKey(), record.timestamp(), Math::max);
        }
        try {
            if (!warehouse.readsObjectsItself() && !fileByKey.isEmpty()) {
                // Before downloading anything: one manifest query for the whole poll.
                for (String key : warehouse.loadedAmong(fileByKey.keySet())) {
                    filesSkipped.incrementAndGet();
                    meters.skipped(1);
                    LOG.debug("{} already loaded", key);
                    slotsByKey.get(key).forEach(slot -> slot.done = true);
                    fileByKey.remove(key);
                }
            }
            Map<StagingTable, List<FileWritten>> byTable = new LinkedHashMap<>();
            fileByKey.values().forEach(f -> byTable.computeIfAbsent(StagingTable.named(f.getTable()), t -> new ArrayList<>()).add(f));
            for (Map.Entry<StagingTable, List<FileWritten>> entry : byTable.entrySet()) {
                List<FileWritten> files = entry.getValue();
                for (int from = 0; from < files.size(); from += maxFilesPerLoad) {
                    if (stopping.getCount() == 0) {
                        progress.commit(c);
                        return;
                    }
                    List<FileWritten> group = files.subList(from, Math.min(files.size(), from + maxFilesPerLoad));
                    long t0 = System.nanoTime();
                    GroupOutcome outcome = loadGroup(entry.getKey(), group);
                    Duration took = Duration.ofNanos(System.nanoTime() - t0);
                    long loaded = 0;
                    long rows = 0;
                    for (LoadOutcome done : outcome.done()) {
                        slotsByKey.get(done.objectKey()).forEach(slot -> slot.done = true);
                        if (done.skipped()) {
                            filesSkipped.incrementAndGet();
                            meters.skipped(1);
                        } else {
                            loaded++;
                            meters.newestEvent(entry.getKey().tableName(), eventTimes.getOrDefault(done.objectKey(), 0L));
                            rows += done.rows();
                            LOG.debug("loaded {} into {} rows={}", done.objectKey(), entry.getKey().qualifiedName(), done.rows());
                        }
                    }
                    filesLoaded.addAndGet(loaded);
                    rowsLoaded.addAndGet(rows);
                    meters.loaded(entry.getKey().tableName(), loaded, rows, took);
                    if (loaded > 0) {
                        LOG.info("loaded {} into {} rows={}", loaded == 1 && group.size() == 1 ? group.get(0).getKey() : loaded + " files",
                                entry.getKey().qualifiedName(), rows);
                    }
                    if (!outcome.failed().isEmpty()) {
                        outcome.failed().forEach((key, e) -> LOG.error("{} not loaded: {}", key, e.getMessage()));
                        throw outcome.failure().orElseThrow();
                    }
                    progress.commit(c);
                }
            }
            if (unknownTable != null) {
                throw unknownTable;
            }
        } catch (RuntimeException e) {
            // What is done stays done: commit it, so the retry (or the next run) starts at the failed file.
            try {
                progress.commit(c);
            } catch (RuntimeException commit) {
                e.addSuppressed(commit);
            }
            throw e;
        }
        progress.commit(c);
    }

    /** One warehouse call for files of one table; downloads and verifies the objects first unless the warehouse reads them itself. */
    private GroupOutcome loadGroup(StagingTable table, List<FileWritten> files) {
        if (warehouse.readsObjectsItself()) {
            return warehouse.loadAll(files.stream().map(FileToLoad::staged).toList());
        }
        List<FileToLoad> fetched = new ArrayList<>(files.size());
        try {
            for (FileWritten file : files) {
                fetched.add(new FileToLoad(file, fetcher.fetch(file)));
            }
            LOG.debug("loading {} files into {}", files.size(), table.qualifiedName());
            return warehouse.loadAll(fetched);
        } finally {
            for (FileToLoad f : fetched) {
                try {
                    Files.deleteIfExists(f.localCopy());
                } catch (IOException e) {
                    LOG.warn("could not delete temp file {}: {}", f.localCopy(), e.getMessage());
                }
            }
        }
    }

    /** Every assigned partition back to its committed offset, so no notification is skipped. */
    private static void rewindToCommitted(KafkaConsumer<String, FileWritten> c) {
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
    }

    /** Waits before the next attempt; the caller rewinds first. */
    private int backOff(int attempt, RuntimeException cause) {
        failedAttempts.incrementAndGet();
        meters.retried();
        long delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt - 1, 20));
        LOG.warn("load failed (attempt {}), retrying in {} ms: {}", attempt, delay, cause.toString());
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

    /**
     * The poll's notifications per partition in offset order, each done or not; {@link #commit}
     * commits, per partition, the offset after the longest done prefix it has not committed yet.
     */
    private static final class Progress {
        static final class Slot {
            final long offset;
            boolean done;

            Slot(long offset) {
                this.offset = offset;
            }
        }

        private final Map<TopicPartition, List<Slot>> partitions = new LinkedHashMap<>();
        private final Map<TopicPartition, Integer> committed = new HashMap<>();

        Slot add(ConsumerRecord<?, ?> record) {
            Slot slot = new Slot(record.offset());
            partitions.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), tp -> new ArrayList<>()).add(slot);
            return slot;
        }

        void commit(KafkaConsumer<?, ?> c) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            Map<TopicPartition, Integer> reached = new HashMap<>();
            partitions.forEach((tp, slots) -> {
                int n = 0;
                while (n < slots.size() && slots.get(n).done) {
                    n++;
                }
                if (n > committed.getOrDefault(tp, 0)) {
                    offsets.put(tp, new OffsetAndMetadata(slots.get(n - 1).offset + 1));
                    reached.put(tp, n);
                }
            });
            if (!offsets.isEmpty()) {
                c.commitSync(offsets);
                committed.putAll(reached);
            }
        }
    }
}

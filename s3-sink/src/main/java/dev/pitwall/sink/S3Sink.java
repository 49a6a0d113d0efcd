package dev.pitwall.sink;

import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.FileWritten;
import dev.pitwall.schemas.serde.PitwallSerdes;
import dev.pitwall.sink.s3.BatchObjectStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import dev.pitwall.schemas.serde.PitwallKeySerde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 sink stage: closed batches from {@code f1.batches} become gzip JSON-lines objects, each
 * announced once on {@code f1.files}. Runs on its own thread between {@link #start()} and
 * {@link #close()}; a fatal error stops it and is kept in {@link #failure()}.
 */
public final class S3Sink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(S3Sink.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** Bounds the S3 work between two polls, and so the time a transaction waits for its objects. */
    private static final int DEFAULT_MAX_POLL_RECORDS = 50;

    private final Map<String, Object> kafkaProps;
    private final SinkConfig config;
    private final BatchObjectStore store;
    private final SinkStats stats;
    private SinkLoop loop;
    private Thread thread;

    /**
     * @param kafkaProps client settings (bootstrap.servers, security, ...) given to both the consumer
     *                   and the producer; the sink's exactly-once settings override any of them
     * @param s3         a client the caller owns and closes
     */
    public S3Sink(Map<String, Object> kafkaProps, S3Client s3, SinkConfig config) {
        this(kafkaProps, s3, config, new io.micrometer.core.instrument.composite.CompositeMeterRegistry());
    }

    /** As above, counting objects, rows, bytes, batches by close reason and retries per table into {@code meters}. */
    public S3Sink(Map<String, Object> kafkaProps, S3Client s3, SinkConfig config, io.micrometer.core.instrument.MeterRegistry meters) {
        this.stats = new SinkStats(meters);
        this.kafkaProps = Map.copyOf(kafkaProps);
        this.config = config;
        this.store = new BatchObjectStore(s3, config.bucket(), config.multipartThreshold(), config.partSize());
    }

    /** Checks the bucket (PW-3001 if missing), then consumes on a thread of its own. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the sink is already started");
        }
        store.checkBucket();
        KafkaConsumer<String, Batch> consumer = new KafkaConsumer<>(consumerProps(), new PitwallKeySerde.KeyDeserializer(),
                PitwallSerdes.batch().deserializer());
        loop = new SinkLoop(consumer, this::newProducer, store, config.prefix(), stats, () -> new Backoff(FIRST_RETRY, MAX_RETRY));
        consumer.subscribe(List.of(Topics.BATCHES), loop.rebalanceListener());
        thread = new Thread(loop, "pitwall-sink");
        thread.setDaemon(true);
        thread.start();
        log.info("sink consuming {} as group {} into s3://{}/{}", Topics.BATCHES, config.groupId(), config.bucket(), config.prefix());
    }

    /**
     * Stops the loop and closes the Kafka clients (not the S3 client).
     *
     * @throws SinkException the fatal error that stopped the sink, if one did
     */
    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        loop.requestStop();
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("sink thread did not stop within {} s", STOP_TIMEOUT.toSeconds());
        }
        SinkException failed = loop.failure();
        if (failed != null) {
            throw failed;
        }
    }

    /** The fatal error that stopped the sink, or null while it is healthy. */
    public SinkException failure() {
        return loop == null ? null : loop.failure();
    }

    /** True between start and close, unless a fatal error stopped the loop. */
    public boolean isRunning() {
        return thread != null && thread.isAlive() && failure() == null;
    }

    /** Objects announced on f1.files, including ones found already present. */
    public long objectsWritten() {
        return stats.objects.get();
    }

    /** Of {@link #objectsWritten()}, those an earlier run had already put in the bucket. */
    public long objectsAlreadyPresent() {
        return stats.alreadyPresent.get();
    }

    public long rowsWritten() {
        return stats.rows.get();
    }

    public long bytesWritten() {
        return stats.bytes.get();
    }

    /** Counters since start: objects, bytes, rows, retries, rebalances, objects per close reason. */
    public SinkMetrics metrics() {
        return stats.snapshot();
    }

    /** S3 writes and polls that failed and were retried (S3 or Kafka unavailable); a health signal, not an error. */
    public long failedAttempts() {
        return stats.failedAttempts.get();
    }

    private Map<String, Object> consumerProps() {
        Map<String, Object> p = new HashMap<>(kafkaProps);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a restarted sink waits this long for a crashed predecessor to leave the group (Kafka default 45 s)
        p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        atLeast(p, ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_BATCH_MESSAGE_BYTES);
        atLeast(p, ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Topics.MAX_BATCH_MESSAGE_BYTES);
        p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, DEFAULT_MAX_POLL_RECORDS);
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, config.transactionalId() + "-consumer");
        return p;
    }

    private Producer<String, FileWritten> newProducer() {
        Map<String, Object> p = new HashMap<>(kafkaProps);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, config.transactionalId() + "-producer");
        return new KafkaProducer<>(p, new PitwallKeySerde.KeySerializer(), PitwallSerdes.fileWritten().serializer());
    }

    private static void atLeast(Map<String, Object> props, String key, int minimum) {
        Object current = props.get(key);
        if (current == null || Long.parseLong(current.toString().trim()) < minimum) {
            props.put(key, minimum);
        }
    }
}

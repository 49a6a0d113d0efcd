package dev.pitwall.streams;

import dev.pitwall.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link PitwallTopology} with exactly-once processing against a Kafka cluster. */
public final class StreamsRunner implements AutoCloseable {
    public static final String DEFAULT_APPLICATION_ID = "pitwall-streams";
    /**
     * After a crash the first start can be slow: the dead instance's group member must time out and, under
     * exactly-once, the stores are restored from their changelogs before the instance is RUNNING.
     */
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** Past {@link #START_TIMEOUT} a start still waits while a restore moves; it gives up once nothing moved for this long. */
    static final Duration RESTORE_STALL_TIMEOUT = Duration.ofSeconds(30);
    /**
     * A restore that has not moved for this long is checked for the transactions it waits for (OpenTransactions):
     * longer than Kafka Streams' 10 s transaction timeout, so a dead instance's transaction has been aborted by its
     * coordinator by then and what is left open is hanging.
     */
    static final Duration OPEN_TRANSACTION_CHECK_AFTER = Duration.ofSeconds(15);
    /** A transaction whose last write is younger than this is never taken for hanging. */
    static final Duration HANGING_MIN_AGE = Duration.ofSeconds(15);
    /** A transaction still open this long after its own timeout is one its coordinator failed to abort. */
    static final Duration OVERDUE_GRACE = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    private final KafkaStreams streams;
    private final String applicationId;
    private final String bootstrapServers;
    private final Map<String, Object> adminProps = new HashMap<>();
    private String openTransactions = "";
    private final CountDownLatch settled = new CountDownLatch(1);
    private final AtomicReference<KafkaStreams.State> settledState = new AtomicReference<>();
    private final RestoreProgress restores = new RestoreProgress();
    private final AtomicReference<RuntimeException> startFailure = new AtomicReference<>();
    private boolean closed;

    /**
     * @param props Kafka Streams settings: {@code bootstrap.servers} and {@code state.dir} are required,
     *              {@code application.id} defaults to {@value #DEFAULT_APPLICATION_ID}; anything else
     *              (e.g. {@code replication.factor}) is passed through. The exactly-once settings are fixed.
     */
    public StreamsRunner(Map<String, Object> props, TopologyConfig config) {
        Properties p = properties(props);
        this.applicationId = p.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        this.bootstrapServers = p.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        // the Admin that looks at open transactions talks to the cluster as Streams does (security settings included)
        p.stringPropertyNames().stream().filter(org.apache.kafka.clients.admin.AdminClientConfig.configNames()::contains)
                .forEach(k -> adminProps.put(k, p.getProperty(k)));
        this.streams = new KafkaStreams(PitwallTopology.build(config), p);
        streams.setUncaughtExceptionHandler(e -> {
            if (e instanceof MissingSourceTopicException || e.getCause() instanceof MissingSourceTopicException) {
                LOG.error("streams stopping: source topics are missing ({}); create them with `pitwall topics create`", e.getMessage());
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            LOG.error("stream thread failed; replacing it, its tasks resume from the last committed transaction", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setGlobalStateRestoreListener(restores);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR
                    || now == KafkaStreams.State.PENDING_SHUTDOWN || now == KafkaStreams.State.NOT_RUNNING) {
                settledState.compareAndSet(null, now);
                settled.countDown();
            }
        });
    }

    private static Properties properties(Map<String, Object> props) {
        Map<String, Object> m = new HashMap<>(props);
        for (String required : new String[] {StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, StreamsConfig.STATE_DIR_CONFIG}) {
            Object value = m.get(required);
            if (value == null || value.toString().isBlank()) {
                throw new IllegalArgumentException("streams setting '" + required + "' is required");
            }
        }
        m.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        m.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        m.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // batches close on counts, not on the order across topics (docs/design-notes.md §2): no need to wait for
        // every input partition before processing, and the readiness check that waiting costs is off the hot path
        m.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // a closed batch is one record and may be several MiB
        m.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.MAX_BATCH_MESSAGE_BYTES);
        // the restore consumer's fetch of a changelog with nothing (more) to read waits this long at the broker before
        // the state updater looks again; Kafka's 500 ms made each task of a cold start wait ~0.5 s in turn
        m.putIfAbsent(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 20);
        // after a crash the dead member holds its tasks until this runs out; Kafka's 45 s default makes a restart crawl
        m.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        Properties p = new Properties();
        m.forEach((k, v) -> p.put(k, v instanceof String ? v : String.valueOf(v)));
        return p;
    }

    /**
     * Starts processing and returns once the instance is RUNNING.
     *
     * @throws IllegalStateException when it stops or is not RUNNING within two minutes; it is closed then
     */
    public void start() {
        begin();
        try {
            awaitRunning();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("streams application {} is running", applicationId);
    }

    private void begin() {
        LOG.info("starting streams application {} against {}", applicationId, bootstrapServers);
        streams.start();
    }

    /**
     * Starts processing and returns at once; a thread of its own waits for RUNNING as {@link #start()} does and, when
     * the start fails, logs why, closes the instance and keeps the error in {@link #startFailure()}. Records produced
     * meanwhile wait in their topics: nothing needs the instance to be RUNNING before producing.
     */
    public void startInBackground() {
        begin();
        Thread waiter = new Thread(() -> {
            try {
                awaitRunning();
                LOG.info("streams application {} is running", applicationId);
            } catch (RuntimeException e) {
                synchronized (this) {
                    if (closed) {
                        return; // closed by its owner while starting: nothing failed
                    }
                }
                startFailure.set(e);
                LOG.error("{}", e.getMessage());
                close();
            }
        }, "pitwall-streams-start");
        waiter.setDaemon(true);
        waiter.start();
    }

    /** Why a {@link #startInBackground()} gave up, once it has. */
    public java.util.Optional<RuntimeException> startFailure() {
        return java.util.Optional.ofNullable(startFailure.get());
    }

    private void awaitRunning() {
        long started = System.nanoTime();
        long lastTransactionCheck = 0;
        try {
            while (!settled.await(1, TimeUnit.SECONDS)) {
                if (restores.restoring() && restores.nanosSinceProgress() > OPEN_TRANSACTION_CHECK_AFTER.toNanos()
                        && System.nanoTime() - lastTransactionCheck > OPEN_TRANSACTION_CHECK_AFTER.toNanos()) {
                    lastTransactionCheck = System.nanoTime();
                    openTransactions = abortHangingTransactions();
                }
                boolean pastTimeout = System.nanoTime() - started > START_TIMEOUT.toNanos();
                // a big restore may take longer than the timeout: wait while it moves, give up once it stalls
                boolean restoreMoving = restores.restoring() && restores.nanosSinceProgress() < RESTORE_STALL_TIMEOUT.toNanos();
                if (pastTimeout && !restoreMoving) {
                    // the hint follows what it waits for: a restore that stopped moving, or the broker and topics
                    String hint = restores.restoring()
                            ? "a changelog restore made no progress for " + RESTORE_STALL_TIMEOUT.toSeconds() + " s; see the broker's log"
                            : "is the broker at " + bootstrapServers + " reachable and do the pitwall topics exist?";
                    throw new IllegalStateException("streams application " + applicationId + " did not reach RUNNING within "
                            + START_TIMEOUT.toSeconds() + " s (state " + streams.state() + "; " + waitingFor() + "): " + hint);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting streams application " + applicationId, e);
        }
        KafkaStreams.State state = settledState.get();
        if (state != KafkaStreams.State.RUNNING) {
            throw new IllegalStateException("streams application " + applicationId + " stopped while starting (state "
                    + state + "); see the error logged above");
        }
    }

    /**
     * Any restore in flight and the transactions it waits for: what a start that does not finish waits for. (Kafka
     * Streams' thread metadata is not named here: it is refreshed only once a thread is RUNNING, so while starting it
     * says CREATED with no tasks whatever the thread does.)
     */
    private String waitingFor() {
        StringBuilder b = new StringBuilder();
        String restoring = restores.describe();
        b.append(restoring.isEmpty() ? "nothing restoring" : "restoring " + restoring + ", last progress "
                + TimeUnit.NANOSECONDS.toSeconds(restores.nanosSinceProgress()) + " s ago");
        if (!openTransactions.isEmpty()) {
            b.append("; ").append(openTransactions);
        }
        return b.toString();
    }

    /** Looks at the transactions a stalled restore waits for and aborts the stuck ones (OpenTransactions#sweep). */
    private String abortHangingTransactions() {
        java.util.Set<org.apache.kafka.common.TopicPartition> partitions = restores.partitions();
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(adminProps)) {
            return new OpenTransactions(admin).sweep(partitions, HANGING_MIN_AGE.toMillis(), OVERDUE_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "open transactions unknown: interrupted";
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("could not look at the transactions open on {}: {}", partitions, e.toString());
            return "open transactions unknown: " + e;
        }
    }

    /** Kafka Streams' own metrics, including the {@code stream-pitwall-metrics} group of the topology. */
    public Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> metrics() {
        return streams.metrics();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Streams stays in its group on close by default; leaving lets the next start on the same
        // state (`pitwall replay` run after run) get its tasks at once instead of after session.timeout.ms
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
    }
}

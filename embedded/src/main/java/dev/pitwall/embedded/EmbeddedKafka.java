package dev.pitwall.embedded;

import dev.pitwall.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, combined broker and controller) in this JVM, all state under one dir.
 * Ports are picked afresh each start; topics and records survive a restart on the same dir because
 * the storage is formatted only once and the cluster id lives in its {@code meta.properties}.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final long READY_TIMEOUT_MS = 60_000;

    static {
        // The broker logs several INFO lines per partition and per config; keep a CLI's output readable.
        // Only applies when nobody chose a level for these loggers (slf4j-simple reads it per logger).
        for (String logger : new String[] {"kafka", "state.change.logger", "org.apache.kafka.server",
                "org.apache.kafka.controller", "org.apache.kafka.raft", "org.apache.kafka.metadata",
                "org.apache.kafka.image", "org.apache.kafka.storage", "org.apache.kafka.coordinator",
                "org.apache.kafka.queue", "org.apache.kafka.snapshot", "org.apache.kafka.security",
                "org.apache.kafka.network", "org.apache.kafka.common.network", "org.apache.kafka.common.security",
                "org.apache.kafka.common.config", "org.apache.kafka.common.utils.AppInfoParser",
                "org.apache.kafka.common.metrics"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    private final Path dir;
    private final DataDirLock lock;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final int brokerPort;
    private final int controllerPort;
    private boolean closed;

    private EmbeddedKafka(Path dir, DataDirLock lock, KafkaRaftServer server, int brokerPort, int controllerPort) {
        this.dir = dir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.lock = lock;
        this.server = server;
        this.bootstrapServers = "127.0.0.1:" + brokerPort;
    }

    /** Starts the broker on free ports and returns once it answers {@code describeCluster}. */
    public static EmbeddedKafka start(Path dir) {
        int brokerPort = LoopbackPort.pick();
        int controllerPort = LoopbackPort.pick();
        while (controllerPort == brokerPort) {
            controllerPort = LoopbackPort.pick();
        }
        return start(dir, brokerPort, controllerPort);
    }

    /** Starts the broker on these ports: a broker restarted on its old address is what its clients reconnect to. */
    public static EmbeddedKafka start(Path dir, int brokerPort, int controllerPort) {
        Path root = dir.toAbsolutePath();
        long t0 = System.nanoTime();
        DataDirLock lock = DataDirLock.acquire(root);
        KafkaRaftServer server = null;
        try {
            Path logDir = root.resolve("log");
            Properties props = serverProperties(logDir, brokerPort, controllerPort);
            boolean formatted = formatOnce(root, logDir, props);
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + brokerPort;
            awaitReady(bootstrap);
            log.info("kafka {} on {} ({} storage under {}) in {} ms", formatted ? "started fresh" : "restarted",
                    bootstrap, formatted ? "new" : "existing", root, (System.nanoTime() - t0) / 1_000_000);
            return new EmbeddedKafka(root, lock, server, brokerPort, controllerPort);
        } catch (RuntimeException e) {
            stop(server);
            lock.close();
            throw new IllegalStateException("cannot start the embedded Kafka broker in " + root + ": " + e.getMessage(), e);
        }
    }

    /** Stops this broker (if running) and starts it again on its data dir and ports, as an operator's restart would. */
    public EmbeddedKafka restart() {
        close();
        return start(dir, brokerPort, controllerPort);
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Client properties reaching this broker: {@code bootstrap.servers}. */
    public java.util.Map<String, Object> clientProps() {
        return java.util.Map.of("bootstrap.servers", bootstrapServers());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        try {
            stop(server);
        } finally {
            lock.close();
        }
        log.info("kafka on {} stopped in {} ms", bootstrapServers, (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers + ", " + dir + "]";
    }

    private static Properties serverProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "3");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "3");
        p.put("group.initial.rebalance.delay.ms", "0");
        // After a kill -9 the restarted broker must wait until the controller lets its last registration go
        // (another incarnation of node 1 is registered until broker.session.timeout.ms runs out): 9 s by default
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "3000");
        // The default 128 MiB dedupe buffer is allocated on the heap at start (notes §a).
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        // A batch record may be as large as the f1.batches topic allows.
        p.put("message.max.bytes", String.valueOf(Topics.MAX_BATCH_MESSAGE_BYTES));
        p.put("replica.fetch.max.bytes", String.valueOf(Topics.MAX_BATCH_MESSAGE_BYTES));
        return p;
    }

    /** Formats the storage on first use only: re-formatting with a new cluster id would be refused. */
    private static boolean formatOnce(Path root, Path logDir, Properties props) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return false;
        }
        Path config = root.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            props.store(w, "written by pitwall for formatting the embedded broker's storage");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = kafka.tools.StorageTool$.MODULE$.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString(), "--ignore-formatted"}, new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting the Kafka storage failed (" + rc + "): "
                    + out.toString(StandardCharsets.UTF_8).strip());
        }
        return true;
    }

    private static void awaitReady(String bootstrap) {
        Map<String, Object> props = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT_MS,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker on " + bootstrap, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("broker on " + bootstrap + " did not answer within "
                    + READY_TIMEOUT_MS / 1000 + " s: " + e, e);
        }
    }

    private static void stop(KafkaRaftServer server) {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
    }
}

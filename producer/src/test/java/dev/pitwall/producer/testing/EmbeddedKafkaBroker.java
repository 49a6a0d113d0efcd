package dev.pitwall.producer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/** A single-node KRaft broker in this JVM on free loopback ports (infra notes §a, A1). Tests only. */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafkaBroker(Path dir) throws IOException {
        int brokerPort = freePort();
        int controllerPort = freePort();
        Path logDir = dir.resolve("kafka-logs");
        Files.createDirectories(logDir);
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
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // the 128 MiB default is allocated on the heap at start
        p.put("log.cleaner.dedupe.buffer.size", "8388608");
        Path propsFile = dir.resolve("broker.properties");
        try (Writer writer = Files.newBufferedWriter(propsFile)) {
            p.store(writer, "embedded test broker");
        }
        int formatted = kafka.tools.StorageTool$.MODULE$.execute(new String[] {
                "format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString(), "--ignore-formatted"}, System.out);
        if (formatted != 0) {
            throw new IllegalStateException("kafka storage format failed with " + formatted);
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        server.startup();
        bootstrapServers = "127.0.0.1:" + brokerPort;
    }

    /** @param dir an empty folder for the broker's logs and properties */
    public static EmbeddedKafkaBroker start(Path dir) {
        try {
            return new EmbeddedKafkaBroker(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded broker in " + dir, e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

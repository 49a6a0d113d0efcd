package dev.pitwall.sink.testing;

import dev.pitwall.schemas.TopicCatalogue;
import dev.pitwall.schemas.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft broker in this JVM on free loopback ports (infra notes §a, A1), with the
 * pitwall topics created from the catalogue.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    public static EmbeddedKafka start(Path dir) {
        int brokerPort = FreePort.pick();
        int controllerPort = FreePort.pick();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // the 128 MiB default is allocated on the heap at start
        p.put("log.cleaner.dedupe.buffer.size", "8388608");
        p.put("message.max.bytes", Integer.toString(Topics.MAX_BATCH_MESSAGE_BYTES + 1024 * 1024));
        try {
            Files.createDirectories(dir);
            Path propsFile = dir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(propsFile)) {
                p.store(w, "embedded test broker");
            }
            int rc = StorageTool$.MODULE$.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
                    "-c", propsFile.toString(), "--ignore-formatted"}, new PrintStream(OutputStream.nullOutputStream()));
            if (rc != 0) {
                throw new IllegalStateException("kafka storage format failed with " + rc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        server.startup();
        EmbeddedKafka kafka = new EmbeddedKafka(server, "127.0.0.1:" + brokerPort);
        try (Admin admin = Admin.create(kafka.clientProps())) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
            TopicCatalogue.ensure(admin, (short) 1);
        } catch (Exception e) {
            kafka.close();
            throw new IllegalStateException("embedded broker did not come up", e);
        }
        return kafka;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Map<String, Object> clientProps() {
        return Map.of("bootstrap.servers", bootstrapServers);
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}

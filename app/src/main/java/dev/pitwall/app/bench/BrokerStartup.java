package dev.pitwall.app.bench;

import dev.pitwall.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * A bare single-node KRaft broker in a JVM of its own: starts it under the given directory, waits until a
 * client's metadata request is answered, prints {@link #READY}, stops. The baseline of a cold start.
 */
public final class BrokerStartup {
    static final String READY = "broker ready";

    private BrokerStartup() {}

    public static void main(String[] args) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]));
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.describeCluster().nodes().get();
            System.out.println(READY + " on " + kafka.bootstrapServers());
            System.out.flush();
        }
    }
}

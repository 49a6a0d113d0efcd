package dev.pitwall.app.runtime;

import dev.pitwall.loader.warehouse.QueryResult;
import dev.pitwall.schemas.TopicCatalogue;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Just a broker: a producer on its own host (`replay --produce-only`) while the stages run as processes of
 * their own elsewhere. There is nothing to query here and nothing to wait for.
 */
public final class BrokerOnlyPipeline implements Pipeline {
    private final String bootstrapServers;

    public BrokerOnlyPipeline(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            // -1 = the broker's default replication factor
            TopicCatalogue.ensure(admin, (short) -1);
        }
    }

    @Override
    public Map<String, Object> kafkaProps() {
        return Map.of("bootstrap.servers", bootstrapServers);
    }

    @Override
    public QueryResult query(String sql) {
        throw new IllegalStateException("a producer-only run has no warehouse to query");
    }

    @Override
    public void checkHealthy() {}

    @Override
    public String describe() {
        return "kafka      " + bootstrapServers + " (producer only)";
    }

    @Override
    public void close() {}
}

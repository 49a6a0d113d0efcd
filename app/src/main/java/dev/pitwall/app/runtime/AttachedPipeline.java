package dev.pitwall.app.runtime;

import dev.pitwall.app.sql.QueryClient;
import dev.pitwall.app.stack.StackAddress;
import dev.pitwall.loader.warehouse.QueryResult;
import java.util.Map;

/** Another pitwall process's embedded pipeline (found through its stack.json): produce into it, query it. */
public final class AttachedPipeline implements Pipeline {
    private final StackAddress address;

    public AttachedPipeline(StackAddress address) {
        this.address = address;
    }

    @Override
    public Map<String, Object> kafkaProps() {
        return Map.of("bootstrap.servers", address.bootstrapServers());
    }

    @Override
    public QueryResult query(String sql) {
        return QueryClient.query(address.queryEndpoint(), sql);
    }

    @Override
    public void checkHealthy() {
        // the other process reports its own stage failures; here we can only see it is still alive
        if (ProcessHandle.of(address.pid()).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
            throw new IllegalStateException("the pitwall process " + address.pid() + " that ran the pipeline has stopped");
        }
    }

    @Override
    public java.util.Optional<java.net.URI> metricsEndpoint() {
        return java.util.Optional.ofNullable(address.metricsEndpoint());
    }

    @Override
    public String describe() {
        return "attached to pitwall process " + address.pid() + " (kafka " + address.bootstrapServers() + ")";
    }

    @Override
    public void close() {}
}

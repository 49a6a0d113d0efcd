package dev.pitwall.app.runtime;

import dev.pitwall.loader.warehouse.QueryResult;
import java.util.Map;

/** A running pipeline a command can produce into and query: started here, or another process's. */
public interface Pipeline extends AutoCloseable {
    /** Client properties (bootstrap.servers, ...) for producing into and probing this pipeline's broker. */
    Map<String, Object> kafkaProps();

    QueryResult query(String sql);

    /** Throws if a stage of this pipeline has failed for good (nothing to wait for then). */
    void checkHealthy();

    /** Its Prometheus {@code /metrics}, when it serves one. */
    default java.util.Optional<java.net.URI> metricsEndpoint() {
        return java.util.Optional.empty();
    }

    /** Where this pipeline's parts listen, one line each, for people. */
    String describe();

    @Override
    void close();
}

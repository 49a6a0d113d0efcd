package dev.pitwall.app.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves {@code GET /metrics} (and nothing else) on a port of the operator's choice, for one-stage
 * commands that Prometheus scrapes ({@code --metrics-port}). The SQL endpoint is never on this port.
 */
public final class MetricsServer implements AutoCloseable {
    public static final String PATH = "/metrics";

    private final HttpServer server;
    private final ExecutorService worker;

    private MetricsServer(HttpServer server, ExecutorService worker) {
        this.server = server;
        this.worker = worker;
    }

    /** Binds {@code host:port} (port 0: a free one) and answers with {@code scrape}. */
    public static MetricsServer start(String host, int port, Supplier<String> scrape) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pitwall-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(worker);
        server.createContext(PATH, exchange -> handle(exchange, scrape));
        server.start();
        return new MetricsServer(server, worker);
    }

    /** Answers a Prometheus scrape; shared with the SQL server's {@code /metrics}. */
    public static void handle(HttpExchange exchange, Supplier<String> scrape) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", PitwallMetrics.CONTENT_TYPE);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Where a scraper on this machine reaches it. */
    public URI localEndpoint() {
        return URI.create("http://127.0.0.1:" + port() + PATH);
    }

    @Override
    public void close() {
        server.stop(0);
        worker.shutdownNow();
    }
}

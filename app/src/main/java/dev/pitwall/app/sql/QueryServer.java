package dev.pitwall.app.sql;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pitwall.loader.warehouse.QueryResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers SQL over loopback HTTP for the process that holds the warehouse, so {@code pitwall sql}
 * works while the DuckDB file is locked by it: {@code POST /sql} with the query as the body returns
 * {@code {"columns":[..],"rows":[[..]..]}}, or HTTP 400 with {@code {"error":".."}}.
 * Queries run one at a time, so the engine needs no locking of its own. With a metrics source it also
 * answers {@code GET /metrics} (Prometheus text) on the same port.
 */
public final class QueryServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueryServer.class);
    static final String PATH = "/sql";

    private final Function<String, QueryResult> engine;
    private final Supplier<String> metrics;
    private HttpServer server;
    private ExecutorService worker;
    private final Object queryLock = new Object();

    public QueryServer(Function<String, QueryResult> engine) {
        this(engine, null);
    }

    /** @param metrics Prometheus text for {@code GET /metrics} on the same port; null serves none */
    public QueryServer(Function<String, QueryResult> engine, Supplier<String> metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    /** Binds 127.0.0.1 on a free port and returns the URI to POST queries to. */
    public synchronized URI start() {
        if (server != null) {
            throw new IllegalStateException("query server already started on port " + server.getAddress().getPort());
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the SQL query port on 127.0.0.1: " + e.getMessage(), e);
        }
        // two threads so a scrape never waits behind a long query; queries still run one at a time (queryLock)
        worker = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "pitwall-sql");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(worker);
        server.createContext(PATH, this::handle);
        if (metrics != null) {
            server.createContext(dev.pitwall.app.metrics.MetricsServer.PATH,
                    exchange -> dev.pitwall.app.metrics.MetricsServer.handle(exchange, metrics));
        }
        server.start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
        log.info("sql queries answered on {}", endpoint);
        return endpoint;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            worker.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod()) || !PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 405, ResultJson.error("send the query as the body of POST " + PATH));
                return;
            }
            String sql;
            try (InputStream body = exchange.getRequestBody()) {
                sql = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (sql.isBlank()) {
                send(exchange, 400, ResultJson.error("empty query"));
                return;
            }
            long t0 = System.nanoTime();
            byte[] answer;
            try {
                synchronized (queryLock) {
                    answer = ResultJson.result(engine.apply(sql));
                }
            } catch (RuntimeException e) {
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                log.info("sql query failed: {}", message.lines().findFirst().orElse(message));
                send(exchange, 400, ResultJson.error(message));
                return;
            }
            log.info("sql query answered in {} ms ({} bytes)", (System.nanoTime() - t0) / 1_000_000, answer.length);
            send(exchange, 200, answer);
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }
}

package dev.pitwall.producer.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side both fixture API servers ({@link FixtureJolpicaServer}, {@link FixtureOpenF1Server})
 * share, so that both upstreams listen, log and misbehave the same way: a server on 127.0.0.1 at a
 * free port, every request's arrival time and {@code METHOD path?query} logged (a test can check the
 * most requests any window saw), and faults injected on demand: failed answers (5xx), 429 with
 * {@code Retry-After} (the next n requests, every nth, or bursts over a per-second limit), slow
 * answers, cut-off JSON and dropped connections.
 *
 * <p>Every exchange goes through {@link #serve}: logged, answered with the fault due if any, else by
 * the subclass's {@link #answer}; an exception from either answers 500 while the exchange is still
 * open. A subclass answers through {@link #send}, which cuts or drops an answer when told to.
 */
public abstract class FixtureHttp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String throttledBody;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Long> arrivals = new ArrayList<>();
    private final List<String> requestLog = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus;
    private final AtomicInteger throttleLeft = new AtomicInteger();
    private volatile int throttleEvery;
    private volatile int burstLimit;
    private volatile Duration retryAfter = Duration.ofSeconds(1);
    private final AtomicInteger slowLeft = new AtomicInteger();
    private volatile Duration slowDelay = Duration.ZERO;
    private final AtomicInteger truncateLeft = new AtomicInteger();
    private final AtomicInteger resetLeft = new AtomicInteger();

    /** One request as counted on arrival: its number (1 = the first) and how many arrived in the last second, itself included. */
    private record Arrival(int number, int lastSecond) {}

    /** Answers a request no fault was injected into (the exchange is closed afterwards). */
    abstract void answer(HttpExchange exchange) throws IOException;

    /** @param throttledDetail the {@code detail} of a 429 answer, as the imitated API words it */
    FixtureHttp(String throttledDetail) {
        this.throttledBody = "{\"detail\":\"" + throttledDetail + "\"}";
    }

    /** Starts serving every path (through {@link #serve}); a subclass calls it once its data is loaded. */
    final void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        // a slow answer must not hold back the client's retry of it
        server.setExecutor(executor);
        server.start();
    }

    /** e.g. {@code http://127.0.0.1:PORT/v1} for {@code basePath} {@code /v1} */
    final URI baseUrl(String basePath) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + basePath);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Requests answered so far, failed ones included. */
    public int requests() {
        return requests.get();
    }

    /** The next {@code count} requests answer {@code status} with a JSON error body (a flaky upstream). */
    public void failNextRequests(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
    }

    /** The next {@code count} requests answer 429 with {@code Retry-After: <seconds>}. */
    public void throttleNextRequests(int count, Duration retryAfter) {
        this.retryAfter = retryAfter;
        throttleLeft.set(count);
    }

    /** Every {@code n}th request (the nth, 2nth, ...) answers 429 with {@code Retry-After}; 0 turns it off. */
    public void throttleEvery(int n, Duration retryAfter) {
        this.retryAfter = retryAfter;
        this.throttleEvery = n;
    }

    /**
     * A request arriving when more than {@code perSecond} requests (itself and throttled ones included)
     * arrived in the last second answers 429 with {@code Retry-After}, like Jolpica's burst limit; 0 turns it off.
     */
    public void throttleBurstsOver(int perSecond, Duration retryAfter) {
        this.retryAfter = retryAfter;
        this.burstLimit = perSecond;
    }

    /** The next {@code count} requests wait {@code delay} before answering (a slow upstream). */
    public void slowNextRequests(int count, Duration delay) {
        slowDelay = delay;
        slowLeft.set(count);
    }

    /** The next {@code count} answers are 200 with only the first half of their JSON (a cut-off body). */
    public void truncateNextResponses(int count) {
        truncateLeft.set(count);
    }

    /** The next {@code count} answers announce their full length, send half and close the connection. */
    public void resetNextResponses(int count) {
        resetLeft.set(count);
    }

    /** {@link System#nanoTime()} at the arrival of every request so far, in order. */
    public List<Long> arrivalNanos() {
        synchronized (arrivals) {
            return List.copyOf(arrivals);
        }
    }

    /** {@code METHOD path?query} of every request so far, in arrival order. */
    public List<String> requestLog() {
        synchronized (requestLog) {
            return List.copyOf(requestLog);
        }
    }

    /** The most requests that arrived within any interval of length {@code window}. */
    public int maxRequestsInAnyWindow(Duration window) {
        List<Long> times = arrivalNanos();
        int max = 0;
        int first = 0;
        for (int last = 0; last < times.size(); last++) {
            while (times.get(last) - times.get(first) >= window.toNanos()) {
                first++;
            }
            max = Math.max(max, last - first + 1);
        }
        return max;
    }

    /**
     * Serves one exchange: logs it, injects the fault due (if any), else lets {@link #answer} answer it;
     * a RuntimeException from either answers 500 with its message (the exchange is still open then),
     * and the exchange is closed in every case.
     */
    private void serve(HttpExchange exchange) throws IOException {
        Arrival arrival = arrived(exchange);
        try (exchange) {
            try {
                if (!injected(exchange, arrival)) {
                    answer(exchange);
                }
            } catch (RuntimeException e) {
                // inside try (exchange): the exchange must still be open to answer
                send(exchange, 500, JSON.writeValueAsBytes(Map.of("detail", String.valueOf(e.getMessage()))));
            }
        }
    }

    private Arrival arrived(HttpExchange exchange) {
        int number = requests.incrementAndGet();
        int lastSecond = 0;
        synchronized (arrivals) {
            long now = System.nanoTime();
            arrivals.add(now);
            for (int i = arrivals.size() - 1; i >= 0 && now - arrivals.get(i) < 1_000_000_000L; i--) {
                lastSecond++;
            }
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        requestLog.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + (rawQuery == null ? "" : "?" + rawQuery));
        return new Arrival(number, lastSecond);
    }

    /**
     * Answers an injected failure or 429, or waits out an injected slow answer.
     *
     * @return true when the request is done with (answered, or interrupted while slow): the server must not answer it
     */
    private boolean injected(HttpExchange exchange, Arrival arrival) throws IOException {
        if (failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            send(exchange, failureStatus, "{\"detail\":\"injected failure\"}".getBytes(StandardCharsets.UTF_8));
            return true;
        }
        int every = throttleEvery;
        int burst = burstLimit;
        if (throttleLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0
                || (every > 0 && arrival.number() % every == 0) || (burst > 0 && arrival.lastSecond() > burst)) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(retryAfter.toSeconds()));
            send(exchange, 429, throttledBody.getBytes(StandardCharsets.UTF_8));
            return true;
        }
        if (slowLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            try {
                Thread.sleep(slowDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return false;
    }

    /** Answers {@code status} with a JSON {@code body}, cut off or dropped when told to. */
    final void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (status == 200 && truncateLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            body = Arrays.copyOf(body, body.length / 2);
        } else if (status == 200 && resetLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            exchange.sendResponseHeaders(status, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            // closing the exchange before the announced length is sent drops the connection
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}

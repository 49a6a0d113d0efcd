package dev.pitwall.producer.signalr;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SignalR Core client (JSON hub protocol over a WebSocket) on {@code java.net.http}, just enough for
 * F1's live timing: Microsoft's Java client is not served from Maven Central here. One instance is one
 * connection: negotiate (an OPTIONS first, whose load-balancer cookie the rest must carry), open the
 * WebSocket with the connection token, handshake, invoke {@code Subscribe} with the topics, then hand
 * the Subscribe result (the current state) and every {@code feed} update to the {@link Listener}.
 * Pings both ways keep the connection alive; a watchdog closes it when nothing at all arrived for the
 * idle timeout, so a stalled server is noticed. Reconnecting is the caller's job (a new instance).
 */
public final class SignalRClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalRClient.class);
    static final String SUBSCRIBE_ID = "0";

    /** Told from the WebSocket's thread, in the order the server sent things. */
    public interface Listener {
        /** The Subscribe completion: per topic the state's exact JSON text (topics the server has no state for are absent). */
        void snapshot(Map<String, String> topics);

        /** One {@code feed} update: topic, the data's exact JSON text, the feed's timestamp (null when absent). */
        void feed(String topic, String data, String timestamp);

        /** A record that is not readable hub protocol: kept out of the raw topic, counted by the caller. */
        void unreadable(String record, String reason);

        /** The connection ended (server close, error, idle watchdog, {@link #close()}); called once. */
        void closed(String reason);
    }

    /**
     * How to connect.
     *
     * @param url the hub's base URL, e.g. {@code https://livetiming.formula1.com/signalrcore}
     * @param bearerToken sent as {@code Authorization: Bearer} (F1TV's subscription token), or null; never logged
     */
    public record Settings(URI url, String bearerToken, Duration connectTimeout, Duration pingInterval, Duration idleTimeout) {
        public static Settings of(URI url, String bearerToken) {
            return new Settings(url, bearerToken, Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30));
        }

        public Settings withTimeouts(Duration pingInterval, Duration idleTimeout) {
            return new Settings(url, bearerToken, connectTimeout, pingInterval, idleTimeout);
        }

        /** Says whether there is a token, never what it is. */
        @Override
        public String toString() {
            return "Settings[url=" + url + ", bearerToken=" + (bearerToken == null ? "none" : "(set)") + ", connectTimeout=" + connectTimeout
                    + ", pingInterval=" + pingInterval + ", idleTimeout=" + idleTimeout + "]";
        }
    }

    private final Settings settings;
    private final Listener listener;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile WebSocket socket;
    private volatile long lastReceived = System.nanoTime();

    private SignalRClient(Settings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signalr-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Negotiates, connects, handshakes and subscribes; returns once Subscribe was sent (its result comes
     * to the listener).
     *
     * @throws IOException when any step fails; the listener is not told
     */
    public static SignalRClient connect(Settings settings, List<String> topics, Listener listener) throws IOException {
        SignalRClient client = new SignalRClient(settings, listener);
        try {
            client.open(topics);
            return client;
        } catch (IOException | RuntimeException e) {
            client.shutDown();
            throw e;
        }
    }

    private void open(List<String> topics) throws IOException {
        URI base = settings.url();
        String negotiate = base.toString().replaceAll("/+$", "") + "/negotiate";
        String cookie = cookies(send(HttpRequest.newBuilder(URI.create(negotiate)).method("OPTIONS", HttpRequest.BodyPublishers.noBody()), null, "OPTIONS"));
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(negotiate + "?negotiateVersion=1"))
                .header("Content-Type", "text/plain;charset=UTF-8").POST(HttpRequest.BodyPublishers.noBody()), cookie, "POST");
        if (answer.statusCode() / 100 != 2) {
            throw new IOException("SignalR negotiate at " + negotiate + " answered HTTP " + answer.statusCode()
                    + (answer.statusCode() == 401 || answer.statusCode() == 403 ? " (refused: a token the hub does not take, or this network is blocked)" : ""));
        }
        JsonNode negotiated = HubFrames.JSON.readTree(answer.body());
        String token = negotiated.path("connectionToken").asText(negotiated.path("connectionId").asText(""));
        if (token.isEmpty()) {
            throw new IOException("SignalR negotiate at " + negotiate + " gave no connection token: " + abbreviate(answer.body()));
        }
        String ws = base.toString().replaceFirst("^http", "ws").replaceAll("/+$", "") + "?id=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(settings.connectTimeout());
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        if (settings.bearerToken() != null) {
            builder.header("Authorization", "Bearer " + settings.bearerToken());
        }
        CompletableFuture<Void> handshake = new CompletableFuture<>();
        try {
            socket = builder.buildAsync(URI.create(ws), new Receiver(handshake)).get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            socket.sendText(HubFrames.record(Map.of("protocol", "json", "version", 1)), true).get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            handshake.get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("SignalR connection to " + base + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("SignalR connection to " + base + " timed out after " + settings.connectTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + base, e);
        }
        Map<String, Object> subscribe = new LinkedHashMap<>();
        subscribe.put("type", 1);
        subscribe.put("invocationId", SUBSCRIBE_ID);
        subscribe.put("target", "Subscribe");
        subscribe.put("arguments", List.of(topics));
        socket.sendText(HubFrames.record(subscribe), true);
        lastReceived = System.nanoTime();
        long ping = settings.pingInterval().toMillis();
        timer.scheduleWithFixedDelay(this::tick, ping, Math.min(ping, 1_000), TimeUnit.MILLISECONDS);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String cookie, String what) throws IOException {
        request.timeout(settings.connectTimeout());
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (settings.bearerToken() != null) {
            request.header("Authorization", "Bearer " + settings.bearerToken());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during SignalR " + what + " to " + settings.url(), e);
        }
    }

    /** The {@code name=value} pairs of every Set-Cookie (the load balancer's AWSALB/AWSALBCORS), as one Cookie header; null when none. */
    static String cookies(HttpResponse<?> response) {
        List<String> pairs = new ArrayList<>();
        for (String set : response.headers().allValues("set-cookie")) {
            String pair = set.split(";", 2)[0].trim();
            if (pair.contains("=")) {
                pairs.add(pair);
            }
        }
        return pairs.isEmpty() ? null : String.join("; ", pairs);
    }

    private long lastPing = System.nanoTime();

    private void tick() {
        long now = System.nanoTime();
        if (now - lastReceived > settings.idleTimeout().toNanos()) {
            end("nothing received for " + settings.idleTimeout().toSeconds() + " s (idle watchdog)");
            return;
        }
        if (now - lastPing >= settings.pingInterval().toNanos() && socket != null && !closed.get()) {
            lastPing = now;
            socket.sendText(HubFrames.record(Map.of("type", 6)), true);
        }
    }

    private void end(String reason) {
        if (closed.compareAndSet(false, true)) {
            WebSocket s = socket;
            if (s != null) {
                s.abort();
            }
            timer.shutdownNow();
            listener.closed(reason);
        }
    }

    private void shutDown() {
        closed.set(true);
        if (socket != null) {
            socket.abort();
        }
        timer.shutdownNow();
    }

    /** Closes the connection; the listener is told "closed by pitwall". */
    @Override
    public void close() {
        WebSocket s = socket;
        if (s != null && !closed.get()) {
            try {
                s.sendText(HubFrames.record(Map.of("type", 7)), true);
            } catch (RuntimeException e) {
                LOG.debug("close record not sent: {}", e.getMessage());
            }
        }
        end("closed by pitwall");
    }

    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();
        private final CompletableFuture<Void> handshake;

        Receiver(CompletableFuture<Void> handshake) {
            this.handshake = handshake;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastReceived = System.nanoTime();
            buffer.append(data);
            for (String record : HubFrames.split(buffer)) {
                handle(record);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(String record) {
            HubFrames.Frame frame;
            try {
                frame = HubFrames.parse(record);
            } catch (IOException e) {
                listener.unreadable(record, e.getMessage());
                return;
            }
            if (!handshake.isDone()) {
                if (frame.error() != null) {
                    handshake.completeExceptionally(new IOException("SignalR handshake refused: " + frame.error()));
                } else {
                    handshake.complete(null);
                }
                return;
            }
            switch (frame.type()) {
                case 1 -> {
                    if ("feed".equalsIgnoreCase(frame.target()) && frame.arguments().size() >= 2) {
                        String topic = HubFrames.text(frame.arguments().get(0));
                        String timestamp = frame.arguments().size() > 2 ? HubFrames.text(frame.arguments().get(2)) : null;
                        listener.feed(topic, frame.arguments().get(1), timestamp);
                    } else {
                        LOG.debug("ignoring hub invocation of {}", frame.target());
                    }
                }
                case 3 -> {
                    if (SUBSCRIBE_ID.equals(frame.invocationId())) {
                        if (frame.error() != null) {
                            end("Subscribe failed: " + frame.error());
                        } else {
                            listener.snapshot(frame.result() == null ? Map.of() : frame.result());
                        }
                    }
                }
                case 6 -> { }
                case 7 -> end("server closed the connection" + (frame.error() == null ? "" : ": " + frame.error()));
                default -> LOG.debug("ignoring hub record of type {}", frame.type());
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            end("WebSocket closed (" + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            handshake.completeExceptionally(error);
            end("WebSocket error: " + error.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}

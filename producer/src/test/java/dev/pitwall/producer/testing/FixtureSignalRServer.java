package dev.pitwall.producer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pitwall.producer.livetiming.ArchivedSession;
import dev.pitwall.producer.livetiming.JsonStream;
import dev.pitwall.producer.livetiming.LocalLiveTimingArchive;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local SignalR Core hub (JSON protocol, WebSocket transport) on 127.0.0.1 that plays one RECORDED
 * session of the static archive ({@code <fixtures>/livetiming/...}) as F1's live timing does:
 * OPTIONS negotiate sets the load balancer's cookie, POST negotiate (only with it) gives a connection
 * token, the WebSocket does the handshake, {@code Subscribe} is answered with the state of every topic
 * asked for, and each archived line is then sent as a {@code feed} update at its offset on a virtual
 * clock running {@code speed} times faster than the wall, with the feed timestamp session start +
 * offset. Pings go out every second.
 *
 * <p>The clock starts when the first client subscribes and stands still while none is connected, so
 * a test can drop every connection ({@link #dropConnections}) or have a follower killed and find, after
 * the reconnect, that the session went on where it was: what a dead client was sent but never committed
 * is in the next snapshot, as on F1's server. {@link #stall} stops all sending (pings too), and
 * {@link #sendBroken} sends a record that is not JSON.
 */
public final class FixtureSignalRServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char RS = '\u001e';

    /** One archived line as the hub sends it. */
    public record Line(String topic, long offsetMs, String message, String timestamp) {}

    private final List<Line> lines;
    private final Instant start;
    private final double speed;
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    private final Map<Channel, Set<String>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> state = new LinkedHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger negotiations = new AtomicInteger();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final long[] sentAtMillis;
    private final Thread player;
    private volatile boolean running = true;
    private volatile long stalledUntil;
    private int next;
    // the virtual clock: offset reached when it last stopped, and the wall time it resumed (0 = standing)
    private double offsetAtResume = -1;
    private long resumedAtNanos;

    private FixtureSignalRServer(List<Line> lines, Instant start, double speed) throws InterruptedException {
        this.lines = lines;
        this.start = start;
        this.speed = speed;
        this.sentAtMillis = new long[lines.size()];
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Hub());
                    }
                });
        this.server = bootstrap.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        this.player = new Thread(this::play, "fixture-signalr-player");
        player.setDaemon(true);
        player.start();
    }

    /**
     * Plays the archived session at {@code path} (e.g. {@code 2023/2023-04-30_Azerbaijan_Grand_Prix/2023-04-29_Sprint/})
     * of {@code <fixtures>/livetiming}, in the order the archive replayer sends it (offset, then the
     * session's topic order, then line).
     */
    public static FixtureSignalRServer start(Path liveTimingRoot, String path, double speed) {
        int year = Integer.parseInt(path.substring(0, 4));
        try (LocalLiveTimingArchive archive = new LocalLiveTimingArchive(liveTimingRoot)) {
            ArchivedSession session = archive.sessions(year).stream().filter(s -> s.path().equals(path)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no archived session " + path + " under " + liveTimingRoot));
            record Sorted(long offset, int topicIndex, int index, String topic, String message) {}
            List<Sorted> all = new ArrayList<>();
            List<String> topics = archive.topics(session);
            Instant start = null;
            for (int t = 0; t < topics.size(); t++) {
                String topic = topics.get(t);
                var text = archive.stream(session, topic);
                if (text.isEmpty()) {
                    continue;
                }
                long carried = 0;
                for (JsonStream.Line line : JsonStream.parse(text.get())) {
                    long offset = line.offsetMs() != null ? line.offsetMs() : carried;
                    carried = offset;
                    all.add(new Sorted(offset, t, line.index(), topic, line.message()));
                    if (start == null && topic.equals("SessionInfo")) {
                        start = sessionStart(line.message());
                    }
                }
            }
            all.sort(Comparator.comparingLong(Sorted::offset).thenComparingInt(Sorted::topicIndex).thenComparingInt(Sorted::index));
            Instant s = start != null ? start : session.startUtc() != null ? session.startUtc() : Instant.parse("2000-01-01T00:00:00Z");
            List<Line> lines = all.stream().map(l -> new Line(l.topic(), l.offset(), l.message(), s.plusMillis(l.offset()).toString())).toList();
            return new FixtureSignalRServer(lines, s, speed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SessionInfo's StartDate (local) minus its GmtOffset. */
    private static Instant sessionStart(String sessionInfo) {
        try {
            JsonNode info = JSON.readTree(sessionInfo);
            LocalDateTime local = LocalDateTime.parse(info.path("StartDate").asText());
            String[] hms = info.path("GmtOffset").asText("00:00:00").replace("+", "").split(":");
            boolean negative = hms[0].startsWith("-");
            Duration offset = Duration.ofHours(Math.abs(Long.parseLong(hms[0]))).plusMinutes(Long.parseLong(hms[1]));
            return local.toInstant(ZoneOffset.UTC).minus(negative ? offset.negated() : offset);
        } catch (Exception e) {
            return null;
        }
    }

    /** The hub's base URL, what {@code --signalr-url} takes. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/signalrcore");
    }

    /** Every line the hub plays, in order. */
    public List<Line> lines() {
        return lines;
    }

    public Instant sessionStart() {
        return start;
    }

    /** The wall time (epoch ms) line {@code index} went out; 0 while it has not. */
    /**
     * Starts the session's clock at {@code offsetMs} instead of its beginning (a benchmark at F1's own pace
     * need not wait out the pre-race part): the lines before it are merged into the state a Subscribe
     * answers with, never sent as updates. Call before the first client subscribes.
     */
    public synchronized FixtureSignalRServer from(long offsetMs) {
        if (offsetAtResume >= 0) {
            throw new IllegalStateException("the clock already runs");
        }
        offsetAtResume = offsetMs;
        return this;
    }

    public synchronized long sentAtMillis(int index) {
        return sentAtMillis[index];
    }

    /** Lines sent so far. */
    public synchronized int sent() {
        return next;
    }

    public boolean finished() {
        return sent() == lines.size();
    }

    public int subscriptions() {
        return subscriptions.get();
    }

    public int connected() {
        return subscribers.size();
    }

    /** Closes every client's TCP connection without a close frame, as a dying network does; the clock stands until a client is back. */
    public void dropConnections() {
        for (Channel ch : List.copyOf(subscribers.keySet())) {
            ch.close().syncUninterruptibly();
        }
    }

    /** Sends nothing at all, not even pings, for {@code d}: the client's idle watchdog must notice. */
    public void stall(Duration d) {
        stalledUntil = System.nanoTime() + d.toNanos();
    }

    /** Sends one record that is not JSON to every client. */
    public void sendBroken() {
        broadcast("{\"type\":1,\"target\":\"feed\",\"arguments\":[\"TimingData\",{\"Lines\":" + RS);
    }

    private synchronized double virtualOffset() {
        if (offsetAtResume < 0) {
            return -1;
        }
        if (resumedAtNanos == 0) {
            return offsetAtResume;
        }
        return offsetAtResume + (System.nanoTime() - resumedAtNanos) / 1e6 * speed;
    }

    private synchronized void resume() {
        if (offsetAtResume < 0) {
            offsetAtResume = 0;
        }
        if (resumedAtNanos == 0) {
            resumedAtNanos = System.nanoTime();
        }
    }

    private synchronized void standStill() {
        if (resumedAtNanos != 0) {
            offsetAtResume = virtualOffset();
            resumedAtNanos = 0;
        }
    }

    private void play() {
        long lastPing = 0;
        while (running) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
            if (System.nanoTime() < stalledUntil) {
                continue;
            }
            List<String> out = new ArrayList<>();
            synchronized (this) {
                double now = virtualOffset();
                while (next < lines.size() && now >= 0 && lines.get(next).offsetMs() <= now) {
                    sentAtMillis[next] = System.currentTimeMillis();
                    Line line = lines.get(next++);
                    apply(line);
                    out.add("{\"type\":1,\"target\":\"feed\",\"arguments\":[" + quote(line.topic()) + "," + line.message() + ","
                            + quote(line.timestamp()) + "]}" + RS);
                }
                if (!out.isEmpty()) {
                    // whole batches under the lock: a Subscribe answered meanwhile sees the state before or after them, never half
                    String text = String.join("", out);
                    for (Map.Entry<Channel, Set<String>> s : subscribers.entrySet()) {
                        s.getKey().writeAndFlush(new TextWebSocketFrame(text));
                    }
                }
            }
            if (System.nanoTime() - lastPing > 1_000_000_000L) {
                lastPing = System.nanoTime();
                broadcast("{\"type\":6}" + RS);
            }
        }
    }

    private void broadcast(String text) {
        for (Channel ch : subscribers.keySet()) {
            ch.writeAndFlush(new TextWebSocketFrame(text));
        }
    }

    private void apply(Line line) {
        JsonNode update;
        try {
            update = JSON.readTree(line.message());
        } catch (Exception e) {
            return;
        }
        state.put(line.topic(), merge(state.get(line.topic()), update));
    }

    /** F1's merge rules (kept apart from pitwall's own on purpose): object by key, index-keyed object into array, else replace. */
    private static JsonNode merge(JsonNode state, JsonNode update) {
        if (state instanceof ObjectNode target && update.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = update.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("_kf")) {
                    target.set(e.getKey(), merge(target.get(e.getKey()), e.getValue()));
                }
            }
            return target;
        }
        if (state instanceof ArrayNode target && update.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = update.fields();
            boolean numeric = true;
            for (Iterator<String> names = update.fieldNames(); names.hasNext(); ) {
                numeric &= names.next().matches("\\d+");
            }
            if (numeric) {
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    int i = Integer.parseInt(e.getKey());
                    while (target.size() <= i) {
                        target.addNull();
                    }
                    target.set(i, merge(target.get(i).isNull() ? null : target.get(i), e.getValue()));
                }
                return target;
            }
        }
        if (state == null && update.isObject()) {
            return merge(JSON.createObjectNode(), update);
        }
        return update.deepCopy();
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        player.interrupt();
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Hub extends SimpleChannelInboundHandler<Object> {
        private WebSocketServerHandshaker handshaker;
        private boolean handshook;
        private final StringBuilder buffer = new StringBuilder();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest request) {
                http(ctx, request);
            } else if (msg instanceof WebSocketFrame frame) {
                ws(ctx, frame);
            }
        }

        private void http(ChannelHandlerContext ctx, FullHttpRequest request) {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            if (uri.path().equals("/signalrcore/negotiate") && request.method().equals(HttpMethod.OPTIONS)) {
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
                response.headers().add(HttpHeaderNames.SET_COOKIE, "AWSALBCORS=fixture-" + negotiations.incrementAndGet() + "; Path=/; SameSite=None; Secure");
                respond(ctx, response);
            } else if (uri.path().equals("/signalrcore/negotiate") && request.method().equals(HttpMethod.POST)) {
                String cookie = request.headers().get(HttpHeaderNames.COOKIE, "");
                if (!cookie.contains("AWSALBCORS=fixture-") || !"1".equals(first(uri, "negotiateVersion"))) {
                    respond(ctx, text(HttpResponseStatus.BAD_REQUEST, "negotiate needs the AWSALBCORS cookie and negotiateVersion=1"));
                    return;
                }
                String token = UUID.randomUUID().toString();
                tokens.add(token);
                respond(ctx, text(HttpResponseStatus.OK, "{\"negotiateVersion\":1,\"connectionId\":\"" + token.substring(0, 8)
                        + "\",\"connectionToken\":\"" + token + "\",\"availableTransports\":[{\"transport\":\"WebSockets\",\"transferFormats\":[\"Text\"]}]}"));
            } else if (uri.path().equals("/signalrcore") && "websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
                if (!tokens.remove(first(uri, "id"))) {
                    respond(ctx, text(HttpResponseStatus.NOT_FOUND, "no such connection"));
                    return;
                }
                handshaker = new WebSocketServerHandshakerFactory("ws://127.0.0.1" + uri.path(), null, false, 16 << 20).newHandshaker(request);
                handshaker.handshake(ctx.channel(), request);
            } else {
                respond(ctx, text(HttpResponseStatus.NOT_FOUND, "not here"));
            }
        }

        private void ws(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof CloseWebSocketFrame) {
                handshaker.close(ctx.channel(), (CloseWebSocketFrame) frame.retain());
                return;
            }
            if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
                return;
            }
            if (!(frame instanceof TextWebSocketFrame text)) {
                return;
            }
            buffer.append(text.text());
            int sep;
            while ((sep = buffer.indexOf(String.valueOf(RS))) >= 0) {
                String record = buffer.substring(0, sep);
                buffer.delete(0, sep + 1);
                record(ctx, record);
            }
        }

        private void record(ChannelHandlerContext ctx, String record) {
            JsonNode node;
            try {
                node = JSON.readTree(record);
            } catch (Exception e) {
                ctx.close();
                return;
            }
            if (!handshook) {
                handshook = true;
                ctx.writeAndFlush(new TextWebSocketFrame(node.path("protocol").asText().equals("json") ? "{}" + RS
                        : "{\"error\":\"only the json protocol\"}" + RS));
                return;
            }
            if (node.path("type").asInt() == 1 && "Subscribe".equals(node.path("target").asText())) {
                Set<String> topics = ConcurrentHashMap.newKeySet();
                node.path("arguments").path(0).forEach(t -> topics.add(t.asText()));
                synchronized (FixtureSignalRServer.this) {
                    ObjectNode result = JSON.createObjectNode();
                    state.forEach((topic, value) -> {
                        if (topics.contains(topic)) {
                            result.set(topic, value.deepCopy());
                        }
                    });
                    ObjectNode completion = JSON.createObjectNode().put("type", 3).put("invocationId", node.path("invocationId").asText());
                    completion.set("result", result);
                    ctx.writeAndFlush(new TextWebSocketFrame(completion + String.valueOf(RS)));
                    subscribers.put(ctx.channel(), topics);
                    subscriptions.incrementAndGet();
                    resume();
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            synchronized (FixtureSignalRServer.this) {
                if (subscribers.remove(ctx.channel()) != null && subscribers.isEmpty()) {
                    standStill();
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void respond(ChannelHandlerContext ctx, FullHttpResponse response) {
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }

        private FullHttpResponse text(HttpResponseStatus status, String body) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            return r;
        }

        private String first(QueryStringDecoder uri, String name) {
            List<String> v = uri.parameters().get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }
}

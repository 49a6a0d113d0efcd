package dev.pitwall.producer.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * F1's static live-timing archive on 127.0.0.1: serves the files of a recorded tree
 * ({@code livetiming/<year>/...}) under {@code /static/}, 403 for a file it does not have (as F1's CDN
 * does), with the shared faults of {@link FixtureHttp}.
 */
public final class FixtureLiveTimingServer extends FixtureHttp {
    private final Path root;

    private FixtureLiveTimingServer(Path root) {
        super("Too many requests");
        this.root = root;
    }

    public static FixtureLiveTimingServer start(Path livetimingRoot) {
        FixtureLiveTimingServer server = new FixtureLiveTimingServer(livetimingRoot);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return server;
    }

    public URI baseUrl() {
        return baseUrl("/static");
    }

    @Override
    void answer(HttpExchange exchange) throws IOException {
        String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
        Path file = path.startsWith("/static/") ? root.resolve(path.substring("/static/".length())).normalize() : null;
        if (file == null || !file.startsWith(root) || !Files.isRegularFile(file)) {
            send(exchange, 403, "<Error><Code>AccessDenied</Code></Error>".getBytes(StandardCharsets.UTF_8));
            return;
        }
        send(exchange, 200, Files.readAllBytes(file));
    }
}

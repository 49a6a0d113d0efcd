package dev.pitwall.producer.jolpica;

import dev.pitwall.producer.http.ClientSettings;
import dev.pitwall.producer.http.RateLimit;
import dev.pitwall.producer.http.RequestPacer;
import dev.pitwall.producer.http.RequestTries;
import dev.pitwall.producer.source.SourceDocument;
import dev.pitwall.producer.source.SourceException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GETs Jolpica responses politely: every request start passes the host's {@link RateLimit}; a 429
 * waits as long as its {@code Retry-After} says; 5xx, timeouts, resets and truncated or invalid JSON
 * are retried with exponential backoff and jitter. Both budgets are bounded; when one runs out the
 * request fails with one line naming the URL. Other 4xx answers fail at once.
 */
public final class JolpicaClient {
    private static final Logger LOG = LoggerFactory.getLogger(JolpicaClient.class);
    static final String USER_AGENT = "pitwall/0.1";

    /** A 2xx answer: the body as received (for the archive) and parsed. */
    public record Response(byte[] body, SourceDocument document) {}

    private final ClientSettings settings;
    private final HttpClient http;
    private final Map<String, RequestPacer> pacers = new HashMap<>();

    /** @param settings e.g. {@link ClientSettings#jolpica()} */
    public JolpicaClient(ClientSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public ClientSettings settings() {
        return settings;
    }

    /** @return the body of a 2xx answer that parses as a Jolpica document */
    public byte[] get(URI uri) {
        return fetch(uri).body();
    }

    /** @return a 2xx answer that parses as a Jolpica document */
    public synchronized Response fetch(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json")
                .GET()
                .build();
        RequestPacer pacer = pacers.computeIfAbsent(uri.getScheme() + "://" + uri.getAuthority(), host -> new RequestPacer(settings.rateLimit()));
        RequestTries tries = new RequestTries(uri, settings, pacer, LOG);
        while (true) {
            try {
                pacer.acquire();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() < 200 || response.statusCode() >= 300) {
                    tries.unexpected(response);
                    continue;
                }
                try {
                    return new Response(response.body(), SourceDocument.parse(uri.toString(), response.body()));
                } catch (SourceException invalid) {
                    tries.failed("invalid JSON (" + response.body().length + " bytes)", SourceException.Kind.BAD_RESPONSE);
                }
            } catch (IOException e) {
                tries.failed(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(SourceException.Kind.UNREACHABLE, "interrupted while fetching " + uri, e);
            }
        }
    }
}

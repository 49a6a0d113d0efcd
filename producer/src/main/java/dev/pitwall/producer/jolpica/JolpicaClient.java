package dev.pitwall.producer.jolpica;

import dev.pitwall.producer.source.SourceException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GETs Jolpica responses politely: a minimum spacing between requests, timeouts, and a few retries
 * with exponential backoff for 5xx, 429 and I/O errors. Other 4xx answers fail at once.
 */
public final class JolpicaClient {
    private static final Logger LOG = LoggerFactory.getLogger(JolpicaClient.class);
    static final String USER_AGENT = "pitwall/0.1";

    /**
     * @param attempts total tries per request, at least 1
     * @param backoff wait before the first retry, doubled for each further one
     * @param minSpacing least time between the starts of two requests (250 ms = 4 requests/second)
     */
    public record Settings(Duration connectTimeout, Duration requestTimeout, int attempts, Duration backoff, Duration minSpacing) {
        public Settings {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(5), Duration.ofSeconds(30), 4, Duration.ofMillis(500), Duration.ofMillis(250));
        }
    }

    private final Settings settings;
    private final HttpClient http;
    private long lastRequestNanos;
    private boolean requested;

    public JolpicaClient(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** @return the body of a 2xx answer */
    public synchronized byte[] get(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json")
                .GET()
                .build();
        String lastFailure = null;
        boolean lastWasStatus = false;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1) {
                sleep(settings.backoff().multipliedBy(1L << Math.min(attempt - 2, 10)));
            }
            pace();
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return response.body();
                }
                if (status != 429 && status < 500) {
                    throw new SourceException(SourceException.Kind.BAD_RESPONSE, "HTTP " + status + " from " + uri);
                }
                lastFailure = "HTTP " + status;
                lastWasStatus = true;
            } catch (IOException e) {
                lastFailure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
                lastWasStatus = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(SourceException.Kind.UNREACHABLE, "interrupted while fetching " + uri, e);
            }
            if (attempt < settings.attempts()) {
                LOG.warn("{} from {} (attempt {} of {}), retrying", lastFailure, uri, attempt, settings.attempts());
            }
        }
        String message = lastFailure + " from " + uri + " after " + settings.attempts() + " attempts";
        throw new SourceException(lastWasStatus ? SourceException.Kind.BAD_RESPONSE : SourceException.Kind.UNREACHABLE, message);
    }

    private void pace() {
        long now = System.nanoTime();
        if (requested) {
            long waitNanos = lastRequestNanos + settings.minSpacing().toNanos() - now;
            if (waitNanos > 0) {
                sleep(Duration.ofNanos(waitNanos));
                now = System.nanoTime();
            }
        }
        lastRequestNanos = now;
        requested = true;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(SourceException.Kind.UNREACHABLE, "interrupted while waiting to retry", e);
        }
    }
}

package dev.pitwall.producer.jolpica;

import dev.pitwall.producer.http.RateLimit;
import dev.pitwall.producer.http.RequestPacer;
import dev.pitwall.producer.http.RetryAfter;
import dev.pitwall.producer.source.SourceDocument;
import dev.pitwall.producer.source.SourceException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
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

    /**
     * @param attempts tries per request against failures (5xx, I/O errors, timeouts, invalid JSON), at least 1
     * @param backoff wait before the first retry after a failure, doubled for each further one, with jitter
     * @param rateLimit request starts allowed per host
     * @param throttledAttempts how many 429 answers one request may get before it fails; 429s do not use up {@code attempts}
     * @param maxRetryAfter the longest {@code Retry-After} honoured; a host asking for more fails the request
     */
    public record Settings(Duration connectTimeout, Duration requestTimeout, int attempts, Duration backoff,
                           RateLimit rateLimit, int throttledAttempts, Duration maxRetryAfter) {
        public Settings {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
            }
            if (throttledAttempts < 0) {
                throw new IllegalArgumentException("throttledAttempts must not be negative, was " + throttledAttempts);
            }
        }

        /** Jolpica's published rate limits, 4 tries per request, up to 20 throttled answers of at most 10 minutes each. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(5), Duration.ofSeconds(30), 4, Duration.ofMillis(500),
                    RateLimit.jolpica(), 20, Duration.ofMinutes(10));
        }

        public Settings withRateLimit(RateLimit limit) {
            return new Settings(connectTimeout, requestTimeout, attempts, backoff, limit, throttledAttempts, maxRetryAfter);
        }

        public Settings withRetries(int attempts, Duration backoff) {
            return new Settings(connectTimeout, requestTimeout, attempts, backoff, rateLimit, throttledAttempts, maxRetryAfter);
        }

        public Settings withRequestTimeout(Duration timeout) {
            return new Settings(connectTimeout, timeout, attempts, backoff, rateLimit, throttledAttempts, maxRetryAfter);
        }
    }

    /** A 2xx answer: the body as received (for the archive) and parsed. */
    public record Response(byte[] body, SourceDocument document) {}

    private final Settings settings;
    private final HttpClient http;
    private final Map<String, RequestPacer> pacers = new HashMap<>();

    public JolpicaClient(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public Settings settings() {
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
        int failures = 0;
        int throttled = 0;
        while (true) {
            String failure;
            SourceException.Kind kind;
            try {
                pacer.acquire();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    try {
                        return new Response(response.body(), SourceDocument.parse(uri.toString(), response.body()));
                    } catch (SourceException invalid) {
                        failure = "invalid JSON (" + response.body().length + " bytes)";
                        kind = SourceException.Kind.BAD_RESPONSE;
                    }
                } else if (status == 429) {
                    throttled++;
                    Duration wait = retryAfter(response).orElse(backoff(throttled));
                    if (throttled > settings.throttledAttempts()) {
                        throw new SourceException(SourceException.Kind.BAD_RESPONSE,
                                "HTTP 429 from " + uri + " still throttled after " + throttled + " answers");
                    }
                    if (wait.compareTo(settings.maxRetryAfter()) > 0) {
                        throw new SourceException(SourceException.Kind.BAD_RESPONSE,
                                "HTTP 429 from " + uri + " asks to wait " + wait.toSeconds() + " s, more than " + settings.maxRetryAfter().toSeconds() + " s");
                    }
                    LOG.warn("HTTP 429 from {}: waiting {} ms as asked", uri, wait.toMillis());
                    pacer.pause(wait);
                    continue;
                } else if (status >= 500) {
                    failure = "HTTP " + status;
                    kind = SourceException.Kind.BAD_RESPONSE;
                } else {
                    throw new SourceException(SourceException.Kind.BAD_RESPONSE, "HTTP " + status + " from " + uri);
                }
            } catch (IOException e) {
                failure = firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage());
                kind = SourceException.Kind.UNREACHABLE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(SourceException.Kind.UNREACHABLE, "interrupted while fetching " + uri, e);
            }
            failures++;
            if (failures >= settings.attempts()) {
                throw new SourceException(kind, failure + " from " + uri + " after " + failures + " attempts");
            }
            Duration wait = jittered(backoff(failures));
            LOG.warn("{} from {} (attempt {} of {}), retrying in {} ms", failure, uri, failures, settings.attempts(), wait.toMillis());
            sleep(wait, uri);
        }
    }

    private Duration backoff(int retry) {
        return settings.backoff().multipliedBy(1L << Math.min(retry - 1, 10));
    }

    // "Equal jitter": half the backoff fixed, half random, so clients that failed together do not retry together.
    private static Duration jittered(Duration backoff) {
        long half = backoff.toNanos() / 2;
        return Duration.ofNanos(half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> RetryAfter.parse(value, Instant.now()));
    }

    private static void sleep(Duration duration, URI uri) {
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(SourceException.Kind.UNREACHABLE, "interrupted while waiting to retry " + uri, e);
        }
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}

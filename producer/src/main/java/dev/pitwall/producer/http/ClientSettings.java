package dev.pitwall.producer.http;

import java.time.Duration;

/**
 * How an HTTP client of a source API behaves: timeouts, the retry budget against failures, the
 * host's {@link RateLimit} and the separate budget against 429 answers. One record for every source
 * (Jolpica, OpenF1) so that both clients are tuned, and retry, the same way; only the defaults differ,
 * because each host publishes its own limits.
 *
 * @param attempts tries per request against failures (5xx, I/O errors, timeouts, invalid JSON), at least 1
 * @param backoff wait before the first retry after a failure, doubled for each further one, with jitter
 * @param rateLimit request starts allowed to the host
 * @param throttledAttempts how many 429 answers one request may get before it fails; 429s do not use up {@code attempts}
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a host asking for more fails the request
 */
public record ClientSettings(Duration connectTimeout, Duration requestTimeout, int attempts, Duration backoff,
                             RateLimit rateLimit, int throttledAttempts, Duration maxRetryAfter) {
    public ClientSettings {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        if (throttledAttempts < 0) {
            throw new IllegalArgumentException("throttledAttempts must not be negative, was " + throttledAttempts);
        }
    }

    /** Jolpica's published rate limits, 4 tries per request, up to 20 throttled answers of at most 10 minutes each. */
    public static ClientSettings jolpica() {
        return new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), 4, Duration.ofMillis(500),
                RateLimit.jolpica(), 20, Duration.ofMinutes(10));
    }

    /** OpenF1's published limit (30 requests / 10 s), 4 tries per request, up to 20 throttled answers of at most 2 minutes. */
    public static ClientSettings openF1() {
        return new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), 4, Duration.ofMillis(500),
                RateLimit.openF1(), 20, Duration.ofMinutes(2));
    }

    public ClientSettings withRateLimit(RateLimit limit) {
        return new ClientSettings(connectTimeout, requestTimeout, attempts, backoff, limit, throttledAttempts, maxRetryAfter);
    }

    public ClientSettings withRetries(int attempts, Duration backoff) {
        return new ClientSettings(connectTimeout, requestTimeout, attempts, backoff, rateLimit, throttledAttempts, maxRetryAfter);
    }

    public ClientSettings withRequestTimeout(Duration timeout) {
        return new ClientSettings(connectTimeout, timeout, attempts, backoff, rateLimit, throttledAttempts, maxRetryAfter);
    }

    /** The un-jittered wait before retry number {@code retry} (1 = the first): {@link #backoff} doubled per retry, capped at 2^10. */
    public Duration backoff(int retry) {
        return backoff.multipliedBy(1L << Math.min(retry - 1, 10));
    }
}

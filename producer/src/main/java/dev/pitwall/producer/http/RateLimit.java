package dev.pitwall.producer.http;

import java.time.Duration;
import java.util.List;

/**
 * How many requests a host accepts: every window allows at most {@code requests} request starts in
 * any interval of its {@code period}. {@code margin} is added to every period so that the server,
 * which sees our requests after network jitter, still never counts more than its limit.
 */
public record RateLimit(List<Window> windows, Duration margin) {

    /** At most {@code requests} request starts in any interval of length {@code period}. */
    public record Window(int requests, Duration period) {
        public Window {
            if (requests < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("a rate limit window needs requests >= 1 and a positive period, was "
                        + requests + " per " + period);
            }
        }
    }

    public RateLimit {
        windows = List.copyOf(windows);
        if (margin.isNegative()) {
            throw new IllegalArgumentException("rate limit margin must not be negative, was " + margin);
        }
    }

    /** Jolpica's published limits: a burst of 4 requests a second and 500 an hour. */
    public static RateLimit jolpica() {
        return new RateLimit(List.of(new Window(4, Duration.ofSeconds(1)), new Window(500, Duration.ofHours(1))),
                Duration.ofMillis(50));
    }

    /** OpenF1's published limit for unauthenticated use: 30 requests per 10 seconds. */
    public static RateLimit openF1() {
        return new RateLimit(List.of(new Window(30, Duration.ofSeconds(10))), Duration.ofMillis(50));
    }

    /** No limit at all, for local servers and benchmarks. */
    public static RateLimit unlimited() {
        return new RateLimit(List.of(), Duration.ZERO);
    }

    /** e.g. {@code 4/PT1S + 500/PT1H} */
    @Override
    public String toString() {
        return windows.isEmpty() ? "unlimited"
                : String.join(" + ", windows.stream().map(w -> w.requests() + "/" + w.period()).toList());
    }
}

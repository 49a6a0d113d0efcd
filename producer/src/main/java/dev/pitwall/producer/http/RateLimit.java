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

    /**
     * Parses what a user types: {@code unlimited}, or windows joined by {@code +}, each
     * {@code REQUESTS/PERIOD} with the period a number and a unit {@code ms}, {@code s}, {@code m} or {@code h}
     * (e.g. {@code 30/10s}, {@code 4/1s+500/1h}). The margin is the presets' 50 ms.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static RateLimit parse(String text) {
        String spec = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        if (spec.equals("unlimited")) {
            return unlimited();
        }
        List<Window> windows = new java.util.ArrayList<>();
        for (String part : spec.split("\\+", -1)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*(ms|s|m|h)\\s*").matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("rate limit '" + text + "' is not like 30/10s or 4/1s+500/1h or unlimited");
            }
            long amount = Long.parseLong(m.group(2));
            Duration period = switch (m.group(3)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
            windows.add(new Window(Integer.parseInt(m.group(1)), period));
        }
        return new RateLimit(windows, Duration.ofMillis(50));
    }

    /** e.g. {@code 4/PT1S + 500/PT1H} */
    @Override
    public String toString() {
        return windows.isEmpty() ? "unlimited"
                : String.join(" + ", windows.stream().map(w -> w.requests() + "/" + w.period()).toList());
    }
}

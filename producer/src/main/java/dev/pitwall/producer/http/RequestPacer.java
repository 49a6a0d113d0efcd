package dev.pitwall.producer.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Enforces a {@link RateLimit} on one host exactly, with a log of recent request starts (a sliding
 * window): a token bucket refilling continuously can let {@code burst + 1} requests into one
 * window, this cannot. Also holds every request back while the host asked us to wait (429 Retry-After).
 */
public final class RequestPacer {
    /** Reads a monotonic clock and sleeps; swapped in tests to check the arithmetic without waiting. */
    public interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        };
    }

    private final RateLimit limit;
    private final Clock clock;
    private final Deque<Long> starts = new ArrayDeque<>();
    private final int longestLog;
    private long pausedUntil;
    private boolean paused;

    public RequestPacer(RateLimit limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
        this.longestLog = limit.windows().stream().mapToInt(RateLimit.Window::requests).max().orElse(0);
    }

    public RequestPacer(RateLimit limit) {
        this(limit, Clock.SYSTEM);
    }

    /** Blocks until a request may start now without breaking any window, and records that it starts. */
    public synchronized void acquire() throws InterruptedException {
        while (true) {
            long now = clock.nanoTime();
            long wait = paused ? pausedUntil - now : 0;
            for (RateLimit.Window window : limit.windows()) {
                wait = Math.max(wait, waitFor(window, now));
            }
            if (wait <= 0) {
                record(now);
                return;
            }
            clock.sleepNanos(wait);
        }
    }

    /** The host asked us not to send anything before {@code delay} from now has passed. */
    public synchronized void pause(Duration delay) {
        long until = clock.nanoTime() + delay.toNanos();
        if (!paused || until - pausedUntil > 0) {
            pausedUntil = until;
            paused = true;
        }
    }

    // The request about to start and the previous (requests - 1) ones must span at least the period:
    // so the start `requests` places back must lie a full period (plus margin) before now.
    private long waitFor(RateLimit.Window window, long now) {
        if (starts.size() < window.requests()) {
            return 0;
        }
        long nthBack = nthMostRecent(window.requests());
        return nthBack + window.period().toNanos() + limit.margin().toNanos() - now;
    }

    private long nthMostRecent(int n) {
        var newestFirst = starts.descendingIterator();
        for (int i = 1; i < n; i++) {
            newestFirst.next();
        }
        return newestFirst.next();
    }

    private void record(long now) {
        starts.addLast(now);
        while (starts.size() > longestLog) {
            starts.removeFirst();
        }
    }
}

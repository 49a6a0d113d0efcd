package dev.pitwall.sink;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How often the sink's producer was fenced lately. Once is what a broker fail-over can do to a live sink; again and
 * again is another sink running with the same transactional id, which no retry can fix.
 */
final class Fencings {
    static final int TOLERATED = 3;
    static final Duration WINDOW = Duration.ofMinutes(5);

    private final Deque<Long> times = new ArrayDeque<>();

    /** Notes a fencing at {@code nowNanos}; false once more than {@link #TOLERATED} fell within {@link #WINDOW}. */
    boolean tolerate(long nowNanos) {
        while (!times.isEmpty() && nowNanos - times.peekFirst() > WINDOW.toNanos()) {
            times.removeFirst();
        }
        times.addLast(nowNanos);
        return times.size() <= TOLERATED;
    }

    /** Fencings within the window up to the last one noted. */
    int recent() {
        return times.size();
    }
}

package dev.pitwall.producer.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class RequestPacerTest {

    /** A clock that only moves when the pacer sleeps or the test says so. */
    static final class ManualClock implements RequestPacer.Clock {
        long now = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += nanos;
        }
    }

    @Test
    void noOneSecondWindowEverHoldsMoreThanTheBurst() throws InterruptedException {
        ManualClock clock = new ManualClock();
        RequestPacer pacer = new RequestPacer(RateLimit.jolpica(), clock);
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // requests come at irregular moments, sometimes far apart, mostly back to back
            clock.now += ThreadLocalRandom.current().nextInt(4) == 0 ? ThreadLocalRandom.current().nextLong(2_000_000_000L) : 0;
            pacer.acquire();
            starts.add(clock.now);
        }

        assertThat(maxInAnyWindow(starts, Duration.ofSeconds(1))).isEqualTo(4);
    }

    @Test
    void theFifthRequestWaitsForTheWindowPlusMarginAndNoLonger() throws InterruptedException {
        ManualClock clock = new ManualClock();
        RateLimit limit = new RateLimit(List.of(new RateLimit.Window(4, Duration.ofSeconds(1))), Duration.ofMillis(50));
        RequestPacer pacer = new RequestPacer(limit, clock);
        long first = clock.now;
        for (int i = 0; i < 4; i++) {
            pacer.acquire();
        }
        assertThat(clock.now).as("a burst of four goes out at once").isEqualTo(first);

        pacer.acquire();

        assertThat(clock.now - first).isEqualTo(Duration.ofMillis(1050).toNanos());
    }

    @Test
    void theHourlyWindowHoldsBackTheFiveHundredAndFirstRequest() throws InterruptedException {
        ManualClock clock = new ManualClock();
        RequestPacer pacer = new RequestPacer(RateLimit.jolpica(), clock);
        long first = clock.now;
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            pacer.acquire();
            starts.add(clock.now);
        }

        assertThat(maxInAnyWindow(starts, Duration.ofHours(1))).isEqualTo(500);
        assertThat(starts.get(500) - first).isEqualTo(Duration.ofHours(1).plusMillis(50).toNanos());
    }

    @Test
    void aPauseHoldsBackEveryRequestUntilItEnds() throws InterruptedException {
        ManualClock clock = new ManualClock();
        RequestPacer pacer = new RequestPacer(RateLimit.unlimited(), clock);
        long start = clock.now;
        pacer.pause(Duration.ofSeconds(3));
        pacer.pause(Duration.ofSeconds(1));

        pacer.acquire();

        assertThat(clock.now - start).as("the longer of two pauses wins").isEqualTo(Duration.ofSeconds(3).toNanos());
        pacer.acquire();
        assertThat(clock.now - start).isEqualTo(Duration.ofSeconds(3).toNanos());
    }

    static int maxInAnyWindow(List<Long> sortedNanos, Duration window) {
        int max = 0;
        int first = 0;
        for (int last = 0; last < sortedNanos.size(); last++) {
            while (sortedNanos.get(last) - sortedNanos.get(first) >= window.toNanos()) {
                first++;
            }
            max = Math.max(max, last - first + 1);
        }
        return max;
    }
}

package dev.pitwall.producer.follow;

import java.time.Duration;
import java.time.Instant;

/** Now, and waiting until later: the wall clock, or (for tests of a whole weekend) one whose waits pass faster. */
public interface FollowClock {
    Instant now();

    /** Waits {@code d} of this clock's time. */
    void sleep(Duration d) throws InterruptedException;

    /** The longest single wait of a loop that waits: what is shown is redrawn, and plans are made again, this often. */
    default Duration slice() {
        return Duration.ofSeconds(1);
    }

    FollowClock SYSTEM = new FollowClock() {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            Thread.sleep(Math.max(0, d.toMillis()));
        }
    };

    /**
     * Starts at {@code start} and runs at the wall clock's pace, except that every wait takes {@code 1/speed}
     * of its length: a weekend's days between sessions pass in seconds, while a session followed live takes
     * the time its feed takes.
     */
    static FollowClock compressedWaits(Instant start, double speed) {
        if (!(speed >= 1) || !Double.isFinite(speed)) {
            throw new IllegalArgumentException("the speed of waits must be at least 1, was " + speed);
        }
        long wallStart = System.nanoTime();
        return new FollowClock() {
            private long skippedNanos;

            @Override
            public synchronized Instant now() {
                return start.plusNanos(System.nanoTime() - wallStart + skippedNanos);
            }

            @Override
            public Duration slice() {
                return Duration.ofMillis((long) (1000 * speed));
            }

            @Override
            public void sleep(Duration d) throws InterruptedException {
                long nanos = Math.max(0, d.toNanos());
                long real = (long) (nanos / speed);
                Thread.sleep(real / 1_000_000, (int) (real % 1_000_000));
                synchronized (this) {
                    skippedNanos += nanos - real;
                }
            }
        };
    }
}

package dev.pitwall.producer.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock running {@code speed} times faster than the wall clock from {@code virtualStart} at the wall
 * time {@code wallStartMillis}. Shared by a test, {@link FixtureOpenF1Server} and a live follower
 * (also in a child JVM, given the same three numbers) so that a recorded session replays "live".
 */
public final class VirtualClock extends Clock {
    private final Instant virtualStart;
    private final long wallStartMillis;
    private final double speed;

    public VirtualClock(Instant virtualStart, long wallStartMillis, double speed) {
        this.virtualStart = virtualStart;
        this.wallStartMillis = wallStartMillis;
        this.speed = speed;
    }

    /** Starts now (wall) at {@code virtualStart}. */
    public static VirtualClock startingAt(Instant virtualStart, double speed) {
        return new VirtualClock(virtualStart, System.currentTimeMillis(), speed);
    }

    public Instant virtualStart() {
        return virtualStart;
    }

    public long wallStartMillis() {
        return wallStartMillis;
    }

    public double speed() {
        return speed;
    }

    @Override
    public Instant instant() {
        long wallElapsed = System.currentTimeMillis() - wallStartMillis;
        return virtualStart.plusMillis((long) (wallElapsed * speed));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

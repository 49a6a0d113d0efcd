package dev.pitwall.streams;

import dev.pitwall.schemas.Topics;
import java.time.Duration;

/**
 * How the topology closes batches besides the session-finished event.
 *
 * @param maxBatchRecords close a batch once it holds this many rows (reason MAX_RECORDS)
 * @param maxBatchBytes   close a batch before its estimated encoded size (sum of encoded rows) would
 *                        pass this (reason MAX_BYTES); capped well below the batch topic's message limit
 * @param idleTimeout     live mode: close a batch no row has reached for this long of wall-clock time
 *                        (reason IDLE_TIMEOUT); null turns it off, which replays want (deterministic batches)
 * @param maxBatchAge     live mode: close a batch whose first row arrived this long ago even while rows keep coming
 *                        (reason MAX_AGE), so a steady stream is still queryable within seconds; null turns it off
 */
public record TopologyConfig(int maxBatchRecords, long maxBatchBytes, Duration idleTimeout, Duration maxBatchAge) {
    public static final int DEFAULT_MAX_BATCH_RECORDS = 5000;
    public static final long DEFAULT_MAX_BATCH_BYTES = 4L * 1024 * 1024;
    /**
     * What live mode passes as {@link #idleTimeout}: short, because a live lap's p99 to queryable is meant
     * to stay under 2 s (issue #13) and a lap's rows arrive within a few ms of each other.
     */
    public static final Duration LIVE_IDLE_TIMEOUT = Duration.ofMillis(250);
    /** What live mode passes as {@link #maxBatchAge}: caps the wait when rows keep coming (a fast feed never idles). */
    public static final Duration LIVE_MAX_BATCH_AGE = Duration.ofSeconds(1);

    /** Room left in a batch message for the Batch envelope and record overhead on top of the row estimate. */
    private static final long ENVELOPE_HEADROOM_BYTES = 64 * 1024;

    public TopologyConfig {
        if (maxBatchRecords < 1) {
            throw new IllegalArgumentException("maxBatchRecords must be at least 1, was " + maxBatchRecords);
        }
        long ceiling = Topics.MAX_BATCH_MESSAGE_BYTES - ENVELOPE_HEADROOM_BYTES;
        if (maxBatchBytes < 1 || maxBatchBytes > ceiling) {
            throw new IllegalArgumentException("maxBatchBytes must be between 1 and " + ceiling
                    + " (f1.batches accepts messages up to " + Topics.MAX_BATCH_MESSAGE_BYTES + " bytes), was " + maxBatchBytes);
        }
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.toMillis() < 1)) {
            throw new IllegalArgumentException("idleTimeout must be at least 1 ms or null (off), was " + idleTimeout);
        }
        if (maxBatchAge != null && (maxBatchAge.isNegative() || maxBatchAge.toMillis() < 1)) {
            throw new IllegalArgumentException("maxBatchAge must be at least 1 ms or null (off), was " + maxBatchAge);
        }
    }

    /** Size limits and an idle timeout, no age limit. */
    public TopologyConfig(int maxBatchRecords, long maxBatchBytes, Duration idleTimeout) {
        this(maxBatchRecords, maxBatchBytes, idleTimeout, null);
    }

    /** Size limits only; no idle timeout (replay). */
    public TopologyConfig(int maxBatchRecords, long maxBatchBytes) {
        this(maxBatchRecords, maxBatchBytes, null, null);
    }

    public static TopologyConfig defaults() {
        return new TopologyConfig(DEFAULT_MAX_BATCH_RECORDS, DEFAULT_MAX_BATCH_BYTES);
    }

    /** The defaults with the live {@link #LIVE_IDLE_TIMEOUT} and {@link #LIVE_MAX_BATCH_AGE}. */
    public static TopologyConfig live() {
        return new TopologyConfig(DEFAULT_MAX_BATCH_RECORDS, DEFAULT_MAX_BATCH_BYTES, LIVE_IDLE_TIMEOUT, LIVE_MAX_BATCH_AGE);
    }

    /** Whether anything closes batches by wall-clock time (idle timeout or age). */
    public boolean timed() {
        return idleTimeout != null || maxBatchAge != null;
    }

    public TopologyConfig withIdleTimeout(Duration timeout) {
        return new TopologyConfig(maxBatchRecords, maxBatchBytes, timeout, maxBatchAge);
    }
}

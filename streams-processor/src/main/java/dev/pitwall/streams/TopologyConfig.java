package dev.pitwall.streams;

import dev.pitwall.schemas.Topics;

/**
 * How the topology closes batches by size.
 *
 * @param maxBatchRecords close a batch once it holds this many rows (reason MAX_RECORDS)
 * @param maxBatchBytes   close a batch before its estimated encoded size (sum of encoded rows) would
 *                        pass this (reason MAX_BYTES); capped well below the batch topic's message limit
 */
public record TopologyConfig(int maxBatchRecords, long maxBatchBytes) {
    public static final int DEFAULT_MAX_BATCH_RECORDS = 5000;
    public static final long DEFAULT_MAX_BATCH_BYTES = 4L * 1024 * 1024;

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
    }

    public static TopologyConfig defaults() {
        return new TopologyConfig(DEFAULT_MAX_BATCH_RECORDS, DEFAULT_MAX_BATCH_BYTES);
    }
}

package dev.pitwall.sink;

/**
 * Settings of the S3 sink stage.
 *
 * @param bucket             S3 bucket the batch objects go to; must exist before the sink starts
 * @param prefix             first segment of every object key (DESIGN §4); blank means keys start at the table
 * @param groupId            consumer group on f1.batches; its committed offsets are the sink's progress
 * @param transactionalId    producer transactional id; one per running sink instance, stable across restarts
 * @param multipartThreshold objects larger than this many bytes are streamed as a multipart upload;
 *                           smaller ones are held in memory and sent with one conditional PUT
 * @param partSize           bytes per multipart part (S3 needs at least 5 MiB for all but the last);
 *                           one part is the most a large object ever holds in memory
 */
public record SinkConfig(String bucket, String prefix, String groupId, String transactionalId,
                         long multipartThreshold, int partSize) {
    public static final String DEFAULT_PREFIX = "pitwall";
    public static final String DEFAULT_GROUP_ID = "pitwall-sink";
    public static final String DEFAULT_TRANSACTIONAL_ID = "pitwall-sink-0";
    public static final long DEFAULT_MULTIPART_THRESHOLD = 8L * 1024 * 1024;
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    public static final int DEFAULT_PART_SIZE = MIN_PART_SIZE;

    public SinkConfig {
        require("bucket", bucket);
        require("groupId", groupId);
        require("transactionalId", transactionalId);
        prefix = prefix == null ? "" : prefix;
        if (multipartThreshold <= 0) {
            throw new IllegalArgumentException("sink setting 'multipartThreshold' must be positive, got " + multipartThreshold);
        }
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("sink setting 'partSize' must be at least " + MIN_PART_SIZE
                    + " bytes (the S3 minimum), got " + partSize);
        }
    }

    public SinkConfig(String bucket, String prefix, String groupId, String transactionalId) {
        this(bucket, prefix, groupId, transactionalId, DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE);
    }

    public static SinkConfig defaults(String bucket) {
        return new SinkConfig(bucket, DEFAULT_PREFIX, DEFAULT_GROUP_ID, DEFAULT_TRANSACTIONAL_ID);
    }

    public SinkConfig withMultipart(long threshold, int partBytes) {
        return new SinkConfig(bucket, prefix, groupId, transactionalId, threshold, partBytes);
    }

    private static void require(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("sink setting '" + name + "' must not be blank");
        }
    }
}

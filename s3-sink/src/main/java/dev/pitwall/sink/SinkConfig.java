package dev.pitwall.sink;

/**
 * Settings of the S3 sink stage.
 *
 * @param bucket          S3 bucket the batch objects go to; must exist before the sink starts
 * @param prefix          first segment of every object key (DESIGN §4); blank means keys start at the table
 * @param groupId         consumer group on f1.batches; its committed offsets are the sink's progress
 * @param transactionalId producer transactional id; one per running sink instance, stable across restarts
 */
public record SinkConfig(String bucket, String prefix, String groupId, String transactionalId) {
    public static final String DEFAULT_PREFIX = "pitwall";
    public static final String DEFAULT_GROUP_ID = "pitwall-sink";
    public static final String DEFAULT_TRANSACTIONAL_ID = "pitwall-sink-0";

    public SinkConfig {
        require("bucket", bucket);
        require("groupId", groupId);
        require("transactionalId", transactionalId);
        prefix = prefix == null ? "" : prefix;
    }

    public static SinkConfig defaults(String bucket) {
        return new SinkConfig(bucket, DEFAULT_PREFIX, DEFAULT_GROUP_ID, DEFAULT_TRANSACTIONAL_ID);
    }

    private static void require(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("sink setting '" + name + "' must not be blank");
        }
    }
}

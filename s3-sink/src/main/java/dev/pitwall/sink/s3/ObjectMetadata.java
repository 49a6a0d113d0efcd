package dev.pitwall.sink.s3;

import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.sink.object.BatchFile;
import java.util.LinkedHashMap;
import java.util.Map;

/** The user metadata stored with each batch object, so an object explains itself without Kafka. */
public final class ObjectMetadata {
    public static final String ROWS = "rows";
    public static final String SHA256 = "sha256";
    public static final String FIRST_OFFSET = "first-offset";
    public static final String LAST_OFFSET = "last-offset";
    public static final String CLOSE_REASON = "close-reason";
    public static final String BATCH_ID = "batch-id";

    private ObjectMetadata() {}

    /**
     * @param firstOffset offset on f1.batches of the first record the object holds
     * @param lastOffset  offset of the last one; equal to the first while one record makes one object
     */
    public static Map<String, String> of(Batch batch, BatchFile file, long firstOffset, long lastOffset) {
        return of(batch, file.rows(), file.sha256(), firstOffset, lastOffset);
    }

    public static Map<String, String> of(Batch batch, long rows, String sha256, long firstOffset, long lastOffset) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ROWS, Long.toString(rows));
        m.put(SHA256, sha256);
        m.put(FIRST_OFFSET, Long.toString(firstOffset));
        m.put(LAST_OFFSET, Long.toString(lastOffset));
        m.put(CLOSE_REASON, batch.getCloseReason().name());
        m.put(BATCH_ID, batch.getBatchId());
        return m;
    }
}

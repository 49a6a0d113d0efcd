package dev.pitwall.sink;

import java.util.Map;
import java.util.TreeMap;

/**
 * A consistent-enough snapshot of the sink's counters since it started (each counter is exact;
 * they are read one after another).
 *
 * @param objects        objects announced on f1.files, including ones found already present
 * @param alreadyPresent of those, objects an earlier run had already put in the bucket
 * @param multipart      of those, objects written as multipart uploads
 * @param rows           rows in the announced objects
 * @param bytes          bytes (gzip) of the announced objects
 * @param retries        failed S3 requests and failed polls that were retried; a health signal, not an error
 * @param rebalances     times the sink lost or gave up its partitions after first getting them
 * @param closeReasons   announced objects per batch close reason (SESSION_FINISHED, MAX_RECORDS, ...)
 */
public record SinkMetrics(long objects, long alreadyPresent, long multipart, long rows, long bytes,
                          long retries, long rebalances, Map<String, Long> closeReasons) {
    public SinkMetrics {
        closeReasons = Map.copyOf(closeReasons);
    }

    @Override
    public String toString() {
        return "objects=" + objects + " (already present " + alreadyPresent + ", multipart " + multipart + ")"
                + " rows=" + rows + " bytes=" + bytes + " retries=" + retries + " rebalances=" + rebalances
                + " close reasons=" + new TreeMap<>(closeReasons);
    }
}

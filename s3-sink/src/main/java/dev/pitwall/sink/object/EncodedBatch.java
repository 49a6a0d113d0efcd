package dev.pitwall.sink.object;

/**
 * What one encoding pass learnt about a batch object.
 *
 * @param content the object bytes, or null when they were larger than the caller wanted to hold
 */
public record EncodedBatch(long rows, long bytes, String sha256, byte[] content) {
    public boolean held() {
        return content != null;
    }
}

package dev.pitwall.sink.s3;

/**
 * A batch object as it now stands in the bucket.
 *
 * @param parts multipart parts uploaded, 0 for a single PUT or an object found already present
 */
public record StoredObject(PutOutcome outcome, long rows, long bytes, String sha256, int parts) {}

package dev.pitwall.sink;

/** Stable error codes of the sink; each stops it, because retrying cannot fix them. */
public enum SinkError {
    BUCKET_NOT_FOUND("PW-3001"),
    OBJECT_CONFLICT("PW-3002"),
    PRODUCER_FENCED("PW-3003"),
    UNUSABLE_BATCH("PW-3004"),
    S3_REFUSED("PW-3005"),
    CONDITIONAL_WRITES_UNSUPPORTED("PW-3006");

    private final String code;

    SinkError(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}

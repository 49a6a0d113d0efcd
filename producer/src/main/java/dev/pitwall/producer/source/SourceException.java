package dev.pitwall.producer.source;

/** A source could not deliver what a replay asked for; the message is one line naming the season/round or URL. */
public final class SourceException extends RuntimeException {

    public enum Kind {
        /** unknown season or round: an empty answer from Jolpica, or no such file in the archive */
        NOT_FOUND,
        /** connection refused, DNS failure, timeout */
        UNREACHABLE,
        /** not JSON, not the expected shape, inconsistent totals, or HTTP 4xx/5xx after retries */
        BAD_RESPONSE
    }

    private final Kind kind;

    public SourceException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SourceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

package dev.pitwall.sink;

/** A fatal sink failure; the message is one line starting with the error code. */
public final class SinkException extends RuntimeException {
    private final SinkError error;

    public SinkException(SinkError error, String detail) {
        this(error, detail, null);
    }

    public SinkException(SinkError error, String detail, Throwable cause) {
        super(error.code() + " " + detail, cause);
        this.error = error;
    }

    public SinkError error() {
        return error;
    }
}

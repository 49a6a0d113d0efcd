package dev.pitwall.schemas.registry;

/** A schema registry refused a request or could not be reached; the message names the subject or id and the answer. */
public final class SchemaRegistryException extends RuntimeException {
    private final int status;

    public SchemaRegistryException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }
}

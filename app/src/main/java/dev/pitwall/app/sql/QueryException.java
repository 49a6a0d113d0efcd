package dev.pitwall.app.sql;

/**
 * A query that failed in a running pitwall's warehouse, or a query server that could not be reached.
 * The message is one line (the first of the engine's message); {@link #detail()} has all of it.
 */
public final class QueryException extends RuntimeException {
    private final String detail;

    public QueryException(String message) {
        this(message, null);
    }

    public QueryException(String message, Throwable cause) {
        super(firstLine(message), cause);
        this.detail = message;
    }

    /** The full message, which for SQL errors often points at the offending position on later lines. */
    public String detail() {
        return detail;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return null;
        }
        return message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(message);
    }
}

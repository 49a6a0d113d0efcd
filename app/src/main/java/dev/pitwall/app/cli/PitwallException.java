package dev.pitwall.app.cli;

/** A failure the CLI reports as one line: code, message, remedy. */
public final class PitwallException extends RuntimeException {
    private final ErrorCode code;

    public PitwallException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public PitwallException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ErrorCode code() { return code; }

    public String oneLine() {
        // a stage's own coded error already names its code and remedy
        if (getMessage() != null && getMessage().matches("PW-\\d{4} .*")) {
            return getMessage();
        }
        return code.code() + " " + getMessage() + " (" + code.remedy() + ")";
    }
}

package dev.pitwall.streams.clean;

/** A raw record that cannot become a clean record; it is dead-lettered with its reason. */
public final class Rejection extends Exception {
    private final RejectReason reason;

    public Rejection(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    /** The detail plus what to do about it, for the {@code pitwall.error.message} header. */
    public String describe() {
        return getMessage() + " (" + reason.remedy() + ")";
    }
}

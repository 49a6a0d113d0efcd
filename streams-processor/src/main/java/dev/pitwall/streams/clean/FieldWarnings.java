package dev.pitwall.streams.clean;

import java.util.ArrayList;
import java.util.List;

/**
 * Fields a cleaner set to null because the source's value cannot be read (Jolpica's {@code "None"}
 * positions and car numbers, for one). The record still lands, since the warehouse can hold the field as
 * null; each nulling is reported as a warning row in staging.rejected so nothing changes silently.
 * One instance per set of cleaners, drained by the processor after each record.
 */
public final class FieldWarnings {
    /** {@code RejectedRecord.severity} of a dead letter: the record is not in the warehouse. */
    public static final String ERROR = "error";
    /** {@code RejectedRecord.severity} of a nulled field: the record is in the warehouse. */
    public static final String WARNING = "warning";

    /** One nulled field: the reason it would have been rejected for, and which value was dropped. */
    public record Warning(RejectReason reason, String message) {}

    private final List<Warning> pending = new ArrayList<>();

    void add(RejectReason reason, String message) {
        pending.add(new Warning(reason, message));
    }

    /** @return the warnings of the record just cleaned, and forgets them */
    public List<Warning> drain() {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<Warning> out = List.copyOf(pending);
        pending.clear();
        return out;
    }
}

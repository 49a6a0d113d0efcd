package dev.pitwall.producer.live;

import java.time.Instant;
import java.util.Map;

/** Told after every poll of a live run, for the CLI's progress lines and for tests. */
@FunctionalInterface
public interface LiveProgress {
    /**
     * @param poll 1, 2, ... within this run
     * @param at the request's clock when the poll started
     * @param newRecords new or changed objects per endpoint path that this poll committed (empty: nothing new)
     * @param sweep true for a full re-read after the session's end (no cursors)
     */
    void polled(int poll, Instant at, Map<String, Integer> newRecords, boolean sweep);

    LiveProgress NONE = (poll, at, newRecords, sweep) -> {};
}

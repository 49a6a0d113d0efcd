package dev.pitwall.producer.replay;

import java.util.Map;

/**
 * Told how a replay advances, to draw a progress bar. Only {@link #sessionProduced} is required; the
 * finer callbacks default to doing nothing. All are called on the replaying thread.
 */
@FunctionalInterface
public interface ReplayProgress {
    ReplayProgress NONE = (season, round, session, results, laps) -> {};

    /**
     * A session's last transaction has committed; counts are the whole session's results and laps
     * (0 and 0 for qualifying: see {@link #sessionTables} for every table).
     */
    void sessionProduced(int season, int round, String session, long results, long laps);

    /** The rounds this replay covers, {@code alreadyDone} of them committed by an interrupted earlier run of the job. */
    default void roundsPlanned(int season, int rounds, int alreadyDone) {}

    /** One round is done (produced, skipped as not run yet, or already produced earlier). */
    default void roundDone(int season, int round) {}

    /** A source document (schedule, results, qualifying, standings, one page of laps or pit stops) has been fetched or read. */
    default void documentFetched(String location) {}

    /** A transaction with this many raw records (of every table) has committed. */
    default void recordsCommitted(int season, int round, String session, long records) {}

    /**
     * Called right after {@link #sessionProduced} with the session's records per table, the same map
     * as its FINISHED event's {@code expected} (e.g. {@code qualifying} for {@code Q}; {@code results},
     * {@code laps}, {@code pitstops}, {@code driver_standings}, {@code constructor_standings} for {@code R}).
     */
    default void sessionTables(int season, int round, String session, Map<String, Long> records) {}
}

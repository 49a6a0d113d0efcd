package dev.pitwall.producer.replay;

/**
 * Told how a replay advances, to draw a progress bar. Only {@link #sessionProduced} is required; the
 * finer callbacks default to doing nothing. All are called on the replaying thread.
 */
@FunctionalInterface
public interface ReplayProgress {
    ReplayProgress NONE = (season, round, session, results, laps) -> {};

    /** A session's last transaction has committed; counts are the whole session's records. */
    void sessionProduced(int season, int round, String session, long results, long laps);

    /** The rounds this replay covers, {@code alreadyDone} of them committed by an interrupted earlier run of the job. */
    default void roundsPlanned(int season, int rounds, int alreadyDone) {}

    /** One round is done (produced, skipped as not run yet, or already produced earlier). */
    default void roundDone(int season, int round) {}

    /** A source document (schedule, results, one page of laps) has been fetched or read. */
    default void documentFetched(String location) {}

    /** A transaction with this many raw records (results and laps) has committed. */
    default void recordsCommitted(int season, int round, String session, long records) {}
}

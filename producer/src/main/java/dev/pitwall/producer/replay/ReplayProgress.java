package dev.pitwall.producer.replay;

/** Told about each session once its transaction has committed. */
@FunctionalInterface
public interface ReplayProgress {
    ReplayProgress NONE = (season, round, session, results, laps) -> {};

    void sessionProduced(int season, int round, String session, long results, long laps);
}

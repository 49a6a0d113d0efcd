package dev.pitwall.producer.live;

import dev.pitwall.producer.openf1.ResolvedSession;
import java.util.Map;

/**
 * How a live run ended.
 *
 * @param session the session followed
 * @param outcome FINISHED (this run sent FINISHED or saw another follower do it), ALREADY_FINISHED (the
 *     job was finished before this run started: nothing sent) or STOPPED ({@code stop()} was called)
 * @param polls polls made by this run
 * @param transactions Kafka transactions committed by this run
 * @param sentThisRun records committed by this run per table
 * @param sentTotal the job's committed count per table (the FINISHED event's expected counts)
 */
public record LiveResult(ResolvedSession session, Outcome outcome, int polls, int transactions,
                         Map<String, Long> sentThisRun, Map<String, Long> sentTotal) {
    public enum Outcome { FINISHED, ALREADY_FINISHED, STOPPED }

    public LiveResult {
        sentThisRun = Map.copyOf(sentThisRun);
        sentTotal = Map.copyOf(sentTotal);
    }
}

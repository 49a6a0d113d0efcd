package dev.pitwall.producer.follow;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code pitwall follow} follows and when.
 *
 * @param season the season whose calendar is followed
 * @param round only this round's weekend, or null for every round
 * @param sessions the session codes followed live ({@code FP1 FP2 FP3 SQ S Q R})
 * @param leadTime how long before a session's start the feed is joined
 * @param resultsAfter when, after a race's expected end, Jolpica's results are fetched: the first once they are
 *     published, the later ones for stewards' decisions that arrive late (restatements become revisions)
 * @param resultsRetry how soon to ask again when the first fetch finds nothing published yet
 * @param liveGrace how long after a session's expected end it is still joined live (red flags, late finishes)
 * @param archiveAfter how long after a missed session its static-archive copy is asked for
 * @param catchUp how far back a missed session is still replayed from the archive (older ones get their results only)
 * @param archiveFallback whether missed sessions are replayed from F1's static archive (the live-timing source has one)
 */
public record FollowOptions(int season, Integer round, Set<String> sessions, Duration leadTime, List<Duration> resultsAfter,
                            Duration resultsRetry, Duration liveGrace, Duration archiveAfter, Duration catchUp, boolean archiveFallback) {
    public static final List<String> ALL_SESSIONS = List.of("FP1", "FP2", "FP3", "SQ", "S", "Q", "R");

    public FollowOptions {
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(leadTime, "leadTime");
        resultsAfter = List.copyOf(resultsAfter);
        if (resultsAfter.isEmpty()) {
            throw new IllegalArgumentException("at least one results fetch after a race is needed");
        }
        sessions = Set.copyOf(sessions);
    }
}

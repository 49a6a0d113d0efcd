package dev.pitwall.producer.follow;

import java.time.Instant;

/**
 * One thing {@code pitwall follow} does at a time of the calendar.
 *
 * @param id what the checkpoint records once it is done: {@code live/2024/6/R}, {@code archive/2024/6/R}, {@code results/2024/6/2}
 * @param attempt for {@link Kind#RESULTS}: which of the configured fetches after the race (1 = the first), else 0
 */
public record FollowAction(String id, Kind kind, CalendarSession session, int attempt, Instant due) {
    public enum Kind {
        /** Follow the session on the live feed from a little before it starts until it ends. */
        LIVE,
        /** A session that was missed live (pitwall was not running): replayed from F1's static archive once it is there. */
        ARCHIVE,
        /** Fetch the round's results, laps, pit stops and standings from Jolpica (again days later, for stewards' decisions). */
        RESULTS
    }

    FollowAction at(Instant when) {
        return new FollowAction(id, kind, session, attempt, when);
    }

    /** e.g. {@code follow 2024 round 6 Miami Grand Prix R live}. */
    public String describe() {
        return switch (kind) {
            case LIVE -> "follow " + session.describe() + " live";
            case ARCHIVE -> "replay " + session.describe() + " from the live-timing archive (missed live)";
            case RESULTS -> "fetch " + session.season() + " round " + session.round() + " " + session.raceName()
                    + " results from Jolpica (fetch " + attempt + ")";
        };
    }
}

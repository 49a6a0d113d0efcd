package dev.pitwall.producer.follow;

import java.time.Duration;
import java.time.Instant;

/**
 * One session of a season's calendar, named as every pitwall table names it.
 *
 * @param code {@code FP1..FP3}, {@code SQ}, {@code S}, {@code Q}, {@code R}
 * @param start when it starts (UTC); from the live-timing index when it lists the session, else Jolpica's schedule
 * @param end when it is expected to end: the index's end where it gives one, else the start plus the usual length
 * @param timed false when the schedule gives only a day (older seasons): it cannot be followed live
 */
public record CalendarSession(int season, int round, String raceName, String code, Instant start, Instant end, boolean timed) {
    /** {@code 2024/6/R}, the key every pitwall job uses. */
    public String key() {
        return season + "/" + round + "/" + code;
    }

    public boolean isRace() {
        return code.equals("R");
    }

    /** How long a session of this kind usually lasts, for the end when the index does not say. */
    static Duration usualLength(String code) {
        return switch (code) {
            case "R" -> Duration.ofHours(2);
            case "S", "SQ" -> Duration.ofMinutes(45);
            default -> Duration.ofHours(1);
        };
    }

    /** e.g. {@code 2024 round 6 Miami Grand Prix R}. */
    public String describe() {
        return season + " round " + round + " " + raceName + " " + code;
    }
}

package dev.pitwall.producer.livetiming;

import java.time.Instant;

/**
 * One session of the static archive.
 *
 * @param path     the archive path, e.g. {@code 2018/2018-04-29_Azerbaijan_Grand_Prix/2018-04-29_Race/}
 * @param name     the session's name ("Race", "Practice 1", "Sprint Shootout")
 * @param startUtc the session's scheduled start in UTC when the index gives it (null from folder names)
 * @param day      the session's local date ({@code yyyy-MM-dd}), from the index or the folder name
 */
public record ArchivedSession(int year, String path, String meeting, String name, String type, Instant startUtc, String day) {
    /** The replay job's name: one per archive session, so a session already replayed is skipped. */
    public String replayJob() {
        return "livetiming/" + path;
    }
}

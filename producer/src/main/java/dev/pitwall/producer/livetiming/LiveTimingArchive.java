package dev.pitwall.producer.livetiming;

import java.util.List;
import java.util.Optional;

/** F1's static live-timing archive: the sessions of a year and the stream files of a session. */
public interface LiveTimingArchive extends AutoCloseable {
    /** Topics replayed when a session has no Index.json listing its feeds: the ones Streams derives facts from, and their context. */
    List<String> DEFAULT_TOPICS = List.of("SessionInfo", "SessionStatus", "DriverList", "TimingData", "TimingAppData",
            "TimingStats", "LapCount", "TrackStatus", "RaceControlMessages", "WeatherData", "ExtrapolatedClock", "Heartbeat");

    List<ArchivedSession> sessions(int year);

    /** The session's topics: its Index.json feeds where there is one, else {@link #DEFAULT_TOPICS}. */
    List<String> topics(ArchivedSession session);

    /** The text of {@code <path><topic>.jsonStream}; empty when the archive has no such stream. */
    Optional<String> stream(ArchivedSession session, String topic);

    /**
     * Whether the archive holds a session at {@code path} (for years without an index: the path is built
     * from the schedule, FastF1's way). Looks for its SessionInfo stream.
     */
    default boolean holds(ArchivedSession session) {
        return stream(session, "SessionInfo").isPresent();
    }

    /** Where this archive reads from, for messages. */
    String location();

    @Override
    default void close() {}
}

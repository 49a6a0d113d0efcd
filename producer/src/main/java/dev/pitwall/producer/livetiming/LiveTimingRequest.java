package dev.pitwall.producer.livetiming;

import dev.pitwall.producer.signalr.SignalRClient;
import dev.pitwall.producer.source.RaceSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@code pitwall live --source livetiming} follows and how.
 *
 * @param session {@code latest} (whatever session the feed is on) or the feed's SessionInfo {@code Key}
 * @param hub the SignalR hub and its timeouts; its bearer token (F1TV) is never printed
 * @param schedule the Jolpica schedule that names the session's round
 * @param archiveDir where the followed session is kept in the static archive's layout ({@code <dir>/livetiming/<Path>}), or null
 * @param commitInterval how long received messages may wait for their transaction
 * @param finishGrace how long after SessionStatus {@code Ends} messages are still taken before FINISHED
 * @param maxBackoff the longest wait between reconnects (the first is {@code 200 ms}, doubled each time)
 * @param maxFailedConnects connection attempts in a row that may fail before the follower gives up
 */
public record LiveTimingRequest(String session, SignalRClient.Settings hub, RaceSource schedule, Path archiveDir,
                                Duration commitInterval, Duration finishGrace, Duration maxBackoff, int maxFailedConnects) {
    /** The topics anyone may subscribe to (what FastF1, f1-dash and undercut-f1 receive without an account). */
    public static final List<String> FREE_TOPICS = List.of("Heartbeat", "SessionInfo", "SessionStatus", "SessionData", "DriverList",
            "TimingData", "TimingAppData", "TimingStats", "LapCount", "TrackStatus", "RaceControlMessages", "WeatherData", "ExtrapolatedClock");
    /** Topics F1 serves only with an F1TV subscription token. */
    public static final List<String> TOKEN_TOPICS = List.of("CarData.z", "Position.z", "ChampionshipPrediction", "PitStopSeries", "PitLaneTimeCollection");

    public LiveTimingRequest {
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(schedule, "schedule");
        session = session == null || session.isBlank() ? "latest" : session.trim();
        if (!session.equals("latest") && !session.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("--session must be latest or a live-timing session key, was " + session);
        }
        commitInterval = commitInterval == null ? Duration.ofMillis(200) : commitInterval;
        finishGrace = finishGrace == null ? Duration.ofSeconds(5) : finishGrace;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
        if (maxFailedConnects < 1) {
            throw new IllegalArgumentException("maxFailedConnects must be at least 1");
        }
    }

    /** The topics to subscribe to: the free ones, plus the gated ones when a token is set. */
    public List<String> topics() {
        if (hub.bearerToken() == null) {
            return FREE_TOPICS;
        }
        return java.util.stream.Stream.concat(FREE_TOPICS.stream(), TOKEN_TOPICS.stream()).toList();
    }
}

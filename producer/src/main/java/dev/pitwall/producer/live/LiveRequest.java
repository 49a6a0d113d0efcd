package dev.pitwall.producer.live;

import dev.pitwall.producer.openf1.OpenF1Client;
import dev.pitwall.producer.source.RaceSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code pitwall live} follows and how: one value the CLI builds from its flags.
 *
 * @param session {@code latest} or an OpenF1 session_key
 * @param client the OpenF1 client (base URL, credentials, rate limit)
 * @param schedule the Jolpica schedule source used to name the session (season, round)
 * @param pollInterval time between polls; null = 4 s
 * @param finishGrace how long after the session's scheduled {@code date_end} data may still come; null = 15 min
 * @param clock what "now" is (a virtual clock in tests); null = system UTC
 * @param archiveDir where to keep the final full answers and the session metadata, or null
 * @param overlap how far before each cursor a poll asks again, because OpenF1 fills in lap
 *     durations after a lap starts; null = 5 min
 */
public record LiveRequest(String session, OpenF1Client client, RaceSource schedule, Duration pollInterval,
                          Duration finishGrace, Clock clock, Path archiveDir, Duration overlap) {
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(4);
    public static final Duration DEFAULT_FINISH_GRACE = Duration.ofMinutes(15);
    public static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(5);

    public LiveRequest {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(schedule, "schedule");
        session = session == null || session.isBlank() ? "latest" : session.trim();
        if (!session.equals("latest") && !session.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("--session must be latest or an OpenF1 session key, was " + session);
        }
        pollInterval = pollInterval == null ? DEFAULT_POLL : pollInterval;
        finishGrace = finishGrace == null ? DEFAULT_FINISH_GRACE : finishGrace;
        clock = clock == null ? Clock.systemUTC() : clock;
        overlap = overlap == null ? DEFAULT_OVERLAP : overlap;
        if (pollInterval.isNegative() || finishGrace.isNegative() || overlap.isNegative()) {
            throw new IllegalArgumentException("live durations must not be negative");
        }
    }

    /** Defaults for everything but the session, the client and the schedule. */
    public static LiveRequest of(String session, OpenF1Client client, RaceSource schedule) {
        return new LiveRequest(session, client, schedule, null, null, null, null, null);
    }
}

package dev.pitwall.producer.openf1;

import java.util.List;
import java.util.Map;

/**
 * What an OpenF1 replay did.
 *
 * @param sessions one entry per session considered, in order
 * @param note one line when there was nothing to replay (e.g. an archive without a sessions listing), else null
 */
public record OpenF1ReplayResult(List<SessionOutcome> sessions, String note) {

    /**
     * @param key pitwall's {@code season/round/session}
     * @param sent records sent per table ({@code openf1_laps}, {@code stints}, ...); empty when skipped
     * @param skipped true when the job {@code openf1/<session_key>} had already finished
     */
    public record SessionOutcome(int sessionKey, String key, Map<String, Long> sent, boolean skipped) {}

    public OpenF1ReplayResult {
        sessions = List.copyOf(sessions);
    }

    public long recordsSent() {
        return sessions.stream().flatMap(s -> s.sent().values().stream()).mapToLong(Long::longValue).sum();
    }
}

package dev.pitwall.producer.openf1;

import dev.pitwall.schemas.RecordKeys;

/** An OpenF1 session named the pitwall way: season, Jolpica round and session code (R, S, Q, SQ, FP1..FP3). */
public record ResolvedSession(OpenF1Session openF1, int season, int round, String session) {

    public int sessionKey() {
        return openF1.sessionKey();
    }

    /** {@code season/round/session}: the control key and the prefix of every raw key. */
    public String key() {
        return RecordKeys.session(season, round, session);
    }

    @Override
    public String toString() {
        return key() + " (OpenF1 session " + openF1.sessionKey() + ", " + openF1.sessionName() + ")";
    }
}

package dev.pitwall.streams.batch;

import dev.pitwall.schemas.serde.ConfluentFraming;
import dev.pitwall.schemas.serde.RecordCodec;
import java.util.Optional;

/** One session of one race weekend, e.g. 2024 round 6 sprint {@code S}. */
public record SessionId(int season, int round, String session) {
    /** Where rejects go whose key names no session: closed by size or idle timeout only. */
    public static final SessionId UNKNOWN = new SessionId(0, 0, "unknown");

    /**
     * Reads the {@code season/round/session} prefix of a raw record key. Lets a record whose value
     * cannot be decoded still count towards its session, so the session can close.
     */
    public static Optional<SessionId> fromRecordKey(byte[] key) {
        if (key == null) {
            return Optional.empty();
        }
        String text;
        try {
            text = ConfluentFraming.decodeKey(key);
        } catch (RecordCodec.CodecException e) {
            return Optional.empty();
        }
        String[] parts = text.split("/", -1);
        if (parts.length < 3 || parts[2].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SessionId(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), parts[2]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

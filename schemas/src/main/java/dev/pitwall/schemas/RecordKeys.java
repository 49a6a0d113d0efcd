package dev.pitwall.schemas;

/**
 * Record keys (DESIGN §2): raw records {@code season/round/session/driverId}, control events
 * {@code season/round/session}, batches {@code table/season/round/session}.
 */
public final class RecordKeys {
    private RecordKeys() {}

    public static String session(int season, int round, String session) {
        return season + "/" + round + "/" + session;
    }

    public static String driver(int season, int round, String session, String driverId) {
        return session(season, round, session) + "/" + (driverId == null ? "" : driverId);
    }

    /** A live-timing message's key: {@code season/round/session/topic}, so a session's feed stays on one partition. */
    public static String liveTiming(int season, int round, String session, String topic) {
        return session(season, round, session) + "/" + topic;
    }

    public static String batch(String table, int season, int round, String session) {
        return table + "/" + session(season, round, session);
    }

    /** The {@code season/round/session} prefix of a raw or control key: what {@link SessionPartitioner} hashes. */
    public static String sessionPrefix(String key) {
        int slashes = 0;
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) == '/' && ++slashes == 3) {
                return key.substring(0, i);
            }
        }
        return key;
    }
}

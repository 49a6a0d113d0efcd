package dev.pitwall.streams.batch;

import java.nio.ByteBuffer;

/**
 * What the topology remembers per {@code table/season/round/session}: the open batch (its sequence,
 * row count and estimated bytes; the rows themselves are stored one per key) and how far the session
 * has got towards closing (raw records seen, and how many the FINISHED event announced). For the
 * rejected batch the same two counters count tables instead of records (see {@link SessionBatcher#finished}).
 *
 * @param expected raw records announced by FINISHED, or {@link #NOT_FINISHED} before that event
 */
record SessionTableState(long nextSequence, long openRows, long openBytes, long seen, long expected) {
    static final long NOT_FINISHED = -1;
    private static final int ENCODED_BYTES = 5 * Long.BYTES;

    static SessionTableState empty() {
        return new SessionTableState(0, 0, 0, 0, NOT_FINISHED);
    }

    SessionTableState withRow(long rowBytes) {
        return new SessionTableState(nextSequence, openRows + 1, openBytes + rowBytes, seen, expected);
    }

    /** The open batch was emitted: the next rows go to a batch with the following sequence. */
    SessionTableState batchClosed() {
        return new SessionTableState(nextSequence + 1, 0, 0, seen, expected);
    }

    SessionTableState seenOne() {
        return new SessionTableState(nextSequence, openRows, openBytes, seen + 1, expected);
    }

    SessionTableState expecting(long count) {
        return new SessionTableState(nextSequence, openRows, openBytes, seen, count);
    }

    /** A FINISHED event has announced this table's count and it has not completed yet. */
    boolean awaiting() {
        return expected != NOT_FINISHED;
    }

    /**
     * For the rejected batch, whose {@code expected} counts the session's tables named by FINISHED events
     * and not yet complete, and whose {@code seen} counts those that completed since.
     */
    SessionTableState awaitingOneMoreTable() {
        return new SessionTableState(nextSequence, openRows, openBytes, seen, (expected == NOT_FINISHED ? 0 : expected) + 1);
    }

    boolean complete() {
        return expected != NOT_FINISHED && seen >= expected;
    }

    /** Forget the finished session's progress so a later replay of it counts from zero; sequences keep going. */
    SessionTableState sessionReset() {
        return new SessionTableState(nextSequence, openRows, openBytes, 0, NOT_FINISHED);
    }

    byte[] encode() {
        return ByteBuffer.allocate(ENCODED_BYTES)
                .putLong(nextSequence).putLong(openRows).putLong(openBytes).putLong(seen).putLong(expected)
                .array();
    }

    static SessionTableState decode(byte[] bytes) {
        if (bytes == null) {
            return empty();
        }
        if (bytes.length != ENCODED_BYTES) {
            throw new IllegalStateException("session table state has " + bytes.length + " bytes, expected " + ENCODED_BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new SessionTableState(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
    }
}

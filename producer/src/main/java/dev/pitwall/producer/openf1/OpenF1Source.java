package dev.pitwall.producer.openf1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Where OpenF1 data for a historical replay comes from: the API (writing through to a raw archive)
 * or a raw archive tree. Methods throw {@link dev.pitwall.producer.source.SourceException} when the
 * source cannot answer; empty results mean the source holds nothing.
 */
public interface OpenF1Source extends AutoCloseable {

    /** {@code openf1} or {@code archive}: the {@code source} field of the records. */
    String name();

    /** Where the sessions listing of a year is read from, for messages. */
    String sessionsLocation(int year);

    /** The session's metadata, empty when the source does not know it. */
    Optional<OpenF1Session> session(int sessionKey);

    /** Every session of the year the source knows, in listing order. */
    List<OpenF1Session> sessions(int year);

    /** Every object of the endpoint for the session, in the order served; empty when there are none. */
    List<JsonNode> records(int sessionKey, OpenF1Endpoint endpoint);

    @Override
    void close();
}

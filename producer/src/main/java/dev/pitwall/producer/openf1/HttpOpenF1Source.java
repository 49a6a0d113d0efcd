package dev.pitwall.producer.openf1;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.pitwall.producer.archive.RawArchiveWriter;
import dev.pitwall.producer.openf1.OpenF1Client.Param;
import dev.pitwall.producer.source.SourceException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads OpenF1 over HTTP and keeps every answer in the raw archive when one is given: endpoint
 * answers verbatim as {@code <archive>/openf1/<session_key>/<endpoint>.json}, year listings verbatim
 * as {@code openf1/sessions/<year>.json}, and a single session looked up by key merged into its
 * year's listing (so that a later archive replay of the session finds its metadata).
 */
public final class HttpOpenF1Source implements OpenF1Source {
    private final OpenF1Client client;
    private final Path archive;
    /** Listings fetched by this source, by year: a season replay asks once per round. */
    private final java.util.Map<Integer, List<OpenF1Session>> listed = new java.util.HashMap<>();

    /** @param archive where to keep the answers, or null */
    public HttpOpenF1Source(OpenF1Client client, Path archive) {
        this.client = client;
        this.archive = archive;
    }

    @Override
    public String name() {
        return "openf1";
    }

    @Override
    public String sessionsLocation(int year) {
        return client.uri("sessions", List.of(Param.eq("year", year))).toString();
    }

    @Override
    public Optional<OpenF1Session> session(int sessionKey) {
        OpenF1Client.Response response = client.get("sessions", List.of(Param.eq("session_key", sessionKey)));
        if (response.objects().isEmpty()) {
            return Optional.empty();
        }
        JsonNode object = response.objects().get(0);
        OpenF1Session session = OpenF1Session.from(object, response.url());
        if (archive != null) {
            mergeIntoListing(session.year(), object);
        }
        return Optional.of(session);
    }

    @Override
    public synchronized List<OpenF1Session> sessions(int year) {
        List<OpenF1Session> known = listed.get(year);
        if (known != null) {
            return known;
        }
        OpenF1Client.Response response = client.get("sessions", List.of(Param.eq("year", year)));
        if (archive != null) {
            RawArchiveWriter.write(OpenF1ArchiveLayout.sessions(archive, year), response.body());
        }
        List<OpenF1Session> sessions = new ArrayList<>();
        for (JsonNode object : response.objects()) {
            sessions.add(OpenF1Session.from(object, response.url()));
        }
        listed.put(year, List.copyOf(sessions));
        return sessions;
    }

    @Override
    public List<JsonNode> records(int sessionKey, OpenF1Endpoint endpoint) {
        OpenF1Client.Response response = client.get(endpoint.path(), List.of(Param.eq("session_key", sessionKey)));
        if (archive != null) {
            RawArchiveWriter.write(OpenF1ArchiveLayout.endpoint(archive, sessionKey, endpoint), response.body());
        }
        return response.objects();
    }

    private void mergeIntoListing(int year, JsonNode object) {
        Path file = OpenF1ArchiveLayout.sessions(archive, year);
        ArrayNode listing = OpenF1Client.JSON.createArrayNode();
        boolean replaced = false;
        for (JsonNode existing : ArchiveFiles.readArray(file).orElse(List.of())) {
            if (existing.path("session_key").asInt(-1) == object.path("session_key").asInt(-2)) {
                listing.add(object);
                replaced = true;
            } else {
                listing.add(existing);
            }
        }
        if (!replaced) {
            listing.add(object);
        }
        try {
            RawArchiveWriter.write(file, OpenF1Client.JSON.writeValueAsBytes(listing));
        } catch (JsonProcessingException e) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, "cannot write the sessions listing " + file, e);
        }
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "HttpOpenF1Source[" + client + (archive == null ? "" : ", archive " + archive) + "]";
    }
}

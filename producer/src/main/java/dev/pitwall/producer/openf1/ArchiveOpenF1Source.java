package dev.pitwall.producer.openf1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.source.SourceException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads OpenF1 data from a raw archive tree (never the network): {@code <endpoint>.json} of the
 * session, or else every {@code <endpoint>_driver_NN.json} merged in driver-number order (the layout
 * of recordings made per driver). A missing endpoint means none. Session metadata comes only from
 * {@code openf1/sessions/<year>.json}: an archive without one knows no sessions.
 */
public final class ArchiveOpenF1Source implements OpenF1Source {
    private static final Pattern DRIVER_FILE = Pattern.compile("(.+)_driver_(\\d{1,3})\\.json");
    private final Path archive;

    public ArchiveOpenF1Source(Path archive) {
        this.archive = archive;
    }

    @Override
    public String name() {
        return "archive";
    }

    @Override
    public String sessionsLocation(int year) {
        return OpenF1ArchiveLayout.sessions(archive, year).toString();
    }

    @Override
    public Optional<OpenF1Session> session(int sessionKey) {
        Path dir = OpenF1ArchiveLayout.sessions(archive, 0).getParent();
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> listings = Files.newDirectoryStream(dir, "*.json")) {
            for (Path listing : listings) {
                for (JsonNode object : ArchiveFiles.readArray(listing).orElse(List.of())) {
                    if (object.path("session_key").asInt(-1) == sessionKey) {
                        return Optional.of(OpenF1Session.from(object, listing.toString()));
                    }
                }
            }
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, "cannot list " + dir + ": " + e.getMessage(), e);
        }
        return Optional.empty();
    }

    @Override
    public List<OpenF1Session> sessions(int year) {
        Path file = OpenF1ArchiveLayout.sessions(archive, year);
        List<OpenF1Session> sessions = new ArrayList<>();
        for (JsonNode object : ArchiveFiles.readArray(file).orElse(List.of())) {
            sessions.add(OpenF1Session.from(object, file.toString()));
        }
        return sessions;
    }

    @Override
    public List<JsonNode> records(int sessionKey, OpenF1Endpoint endpoint) {
        Optional<List<JsonNode>> whole = ArchiveFiles.readArray(OpenF1ArchiveLayout.endpoint(archive, sessionKey, endpoint));
        if (whole.isPresent()) {
            return whole.get();
        }
        Path dir = OpenF1ArchiveLayout.session(archive, sessionKey);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        TreeMap<Integer, Path> byDriver = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, endpoint.path() + "_driver_*.json")) {
            for (Path file : files) {
                Matcher m = DRIVER_FILE.matcher(file.getFileName().toString());
                if (m.matches() && m.group(1).equals(endpoint.path())) {
                    byDriver.put(Integer.parseInt(m.group(2)), file);
                }
            }
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, "cannot list " + dir + ": " + e.getMessage(), e);
        }
        List<JsonNode> merged = new ArrayList<>();
        byDriver.values().forEach(file -> merged.addAll(ArchiveFiles.readArray(file).orElse(List.of())));
        return merged;
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "ArchiveOpenF1Source[" + archive + "]";
    }
}

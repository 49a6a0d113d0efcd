package dev.pitwall.producer.livetiming;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.source.SourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The static archive's layout on disk ({@code <root>/<year>/...}, e.g. {@code --archive DIR} reads
 * {@code DIR/livetiming}): sessions from {@code <year>/Index.json} where it exists, else from folder
 * names {@code <date>_<Meeting_Name>/<date>_<Session_Name>/}.
 */
public final class LocalLiveTimingArchive implements LiveTimingArchive {
    private static final Pattern FOLDER = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})_(.+)");

    private final Path root;

    public LocalLiveTimingArchive(Path root) {
        this.root = root;
    }

    @Override
    public List<ArchivedSession> sessions(int year) {
        Path yearDir = root.resolve(Integer.toString(year));
        Path index = yearDir.resolve("Index.json");
        try {
            if (Files.isRegularFile(index)) {
                List<ArchivedSession> listed = ArchiveIndex.sessions(year, ArchiveIndex.parse(Files.readString(index, StandardCharsets.UTF_8)));
                // the index lists every session of the year; a partial tree holds only some of them
                return listed.stream().filter(s -> Files.isDirectory(root.resolve(s.path()))).toList();
            }
            if (!Files.isDirectory(yearDir)) {
                return List.of();
            }
            List<ArchivedSession> out = new ArrayList<>();
            try (Stream<Path> meetings = Files.list(yearDir)) {
                for (Path meeting : meetings.filter(Files::isDirectory).sorted().toList()) {
                    Matcher m = FOLDER.matcher(meeting.getFileName().toString());
                    if (!m.matches()) {
                        continue;
                    }
                    try (Stream<Path> sessions = Files.list(meeting)) {
                        for (Path session : sessions.filter(Files::isDirectory).sorted(Comparator.naturalOrder()).toList()) {
                            Matcher s = FOLDER.matcher(session.getFileName().toString());
                            if (s.matches()) {
                                String path = year + "/" + meeting.getFileName() + "/" + session.getFileName() + "/";
                                out.add(new ArchivedSession(year, path, m.group(2).replace('_', ' '), s.group(2).replace('_', ' '),
                                        null, null, s.group(1)));
                            }
                        }
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, "cannot read live-timing archive " + yearDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> topics(ArchivedSession session) {
        Path index = root.resolve(session.path()).resolve("Index.json");
        try {
            if (Files.isRegularFile(index)) {
                JsonNode node = ArchiveIndex.parse(Files.readString(index, StandardCharsets.UTF_8));
                return ArchiveIndex.feeds(node);
            }
            try (Stream<Path> files = Files.list(root.resolve(session.path()))) {
                List<String> present = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonStream"))
                        .map(n -> n.substring(0, n.length() - ".jsonStream".length())).sorted().toList();
                return present.isEmpty() ? DEFAULT_TOPICS : present;
            }
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, "cannot read " + index + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> stream(ArchivedSession session, String topic) {
        Path file = root.resolve(session.path()).resolve(topic + ".jsonStream");
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String location() {
        return root.toString();
    }
}

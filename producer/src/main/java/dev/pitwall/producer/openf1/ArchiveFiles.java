package dev.pitwall.producer.openf1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.source.SourceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/** Reading and atomically writing (temp file + move) the JSON array files of the OpenF1 archive. */
public final class ArchiveFiles {
    private ArchiveFiles() {}

    /** The objects of a JSON array file; empty when the file does not exist. */
    public static Optional<List<JsonNode>> readArray(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SourceException(SourceException.Kind.BAD_RESPONSE, "cannot read archive file " + file + ": " + e.getMessage(), e);
        }
        return Optional.of(OpenF1Client.parseArray(bytes).orElseThrow(() ->
                new SourceException(SourceException.Kind.BAD_RESPONSE, "archive file " + file + " is not a JSON array of objects")));
    }

    // Temp file + atomic move: a reader of the archive never sees half a response.
    public static void write(Path target, byte[] body) {
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
            try {
                Files.write(temp, body);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write archive file " + target + ": " + e.getMessage(), e);
        }
    }
}

package dev.pitwall.producer.openf1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.archive.RawArchiveWriter;
import dev.pitwall.producer.source.SourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reading the JSON array files of the OpenF1 archive (they are written by {@link RawArchiveWriter#write}). */
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
}

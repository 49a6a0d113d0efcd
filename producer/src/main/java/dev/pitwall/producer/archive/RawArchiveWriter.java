package dev.pitwall.producer.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Keeps fetched response bodies (the bronze layer) in the archive layout. */
public final class RawArchiveWriter {
    private final Path archive;

    public RawArchiveWriter(Path archive) {
        this.archive = archive;
    }

    public void schedule(int season, byte[] body) {
        write(ArchiveLayout.schedule(archive, season), body);
    }

    public void endpoint(int season, int round, String endpoint, byte[] body) {
        write(ArchiveLayout.endpoint(archive, season, round, endpoint), body);
    }

    public void lapPage(int season, int round, int pageIndex, byte[] body) {
        write(ArchiveLayout.lapPage(archive, season, round, pageIndex), body);
    }

    public void pitStopPage(int season, int round, int pageIndex, byte[] body) {
        write(ArchiveLayout.pitStopPage(archive, season, round, pageIndex), body);
    }

    /**
     * Writes {@code body} to {@code target} (parents created) as a temp file moved into place atomically,
     * so a reader of the archive, Jolpica's or OpenF1's, never sees half a response.
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     */
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

package dev.pitwall.app.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <dataDir>/stack.json}: present while a process runs the embedded stack on that data dir,
 * so other pitwall commands talk to it instead of failing on its locks. A file left by a process that
 * died is ignored, because its pid is no longer alive.
 */
public final class StackFile {
    private static final Logger log = LoggerFactory.getLogger(StackFile.class);
    private static final String NAME = "stack.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private StackFile() {}

    /** Writes to a temporary file and moves it in place, so a reader never sees half a file. */
    public static void write(Path dataDir, StackAddress address) {
        try {
            Files.createDirectories(dataDir);
            Path tmp = Files.createTempFile(dataDir, ".stack", ".json.tmp");
            try {
                Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(address));
                try {
                    Files.move(tmp, dataDir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, dataDir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDir.resolve(NAME) + ": " + e.getMessage(), e);
        }
    }

    /** The running stack's address; empty when there is no file or the process that wrote it is gone. */
    public static Optional<StackAddress> read(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        StackAddress address;
        try {
            address = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), StackAddress.class);
        } catch (JsonProcessingException e) {
            // Only a person editing it can break it (writes are atomic); the next `up` rewrites it.
            log.warn("ignoring unreadable {}: {}", file, e.getOriginalMessage());
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        boolean alive = ProcessHandle.of(address.pid()).map(ProcessHandle::isAlive).orElse(false);
        return alive ? Optional.of(address) : Optional.empty();
    }

    public static void delete(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dataDir.resolve(NAME) + ": " + e.getMessage(), e);
        }
    }
}

package dev.pitwall.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackFileTest {
    @TempDir
    Path dataDir;

    private static StackAddress address(long pid, URI query) {
        return new StackAddress("127.0.0.1:40123", URI.create("http://127.0.0.1:40124"), "pitwall", "us-east-1",
                "pitwall", "pitwall-local-secret", query, pid, query == null ? null : query.resolve("/metrics"));
    }

    @Test
    void roundTripsWhileTheWritingProcessLives() throws Exception {
        StackAddress written = address(ProcessHandle.current().pid(), URI.create("http://127.0.0.1:40125/sql"));

        StackFile.write(dataDir, written);

        assertThat(StackFile.read(dataDir)).contains(written);
        assertThat(dataDir.resolve("stack.json")).exists();
        try (var files = Files.list(dataDir)) {
            assertThat(files).as("no temp file left behind").containsExactly(dataDir.resolve("stack.json"));
        }
    }

    @Test
    void keepsAMissingQueryEndpointAndReplacesAnOlderFile() {
        StackFile.write(dataDir, address(ProcessHandle.current().pid(), URI.create("http://127.0.0.1:1/sql")));
        StackAddress newer = address(ProcessHandle.current().pid(), null);

        StackFile.write(dataDir, newer);

        assertThat(StackFile.read(dataDir)).contains(newer);
    }

    @Test
    void isEmptyWhenTheWritingProcessHasDied() throws Exception {
        Process gone = new ProcessBuilder("sh", "-c", "exit 0").start();
        gone.waitFor();
        StackFile.write(dataDir, address(gone.pid(), URI.create("http://127.0.0.1:40125/sql")));

        assertThat(StackFile.read(dataDir)).isEmpty();
    }

    @Test
    void isEmptyWhenAbsentDeletedOrUnreadable() throws Exception {
        assertThat(StackFile.read(dataDir.resolve("never-created"))).isEmpty();

        StackFile.write(dataDir, address(ProcessHandle.current().pid(), null));
        StackFile.delete(dataDir);
        assertThat(StackFile.read(dataDir)).isEmpty();
        StackFile.delete(dataDir);

        Files.writeString(dataDir.resolve("stack.json"), "{\"bootstrapServers\": ");
        assertThat(StackFile.read(dataDir)).isEmpty();
    }
}

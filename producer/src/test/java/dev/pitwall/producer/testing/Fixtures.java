package dev.pitwall.producer.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The recorded API responses, read at test time from the folder in system property {@code pitwall.fixtures}. */
public final class Fixtures {
    private Fixtures() {}

    /** The {@code jolpica} folder; skips the calling test (with the reason printed) when the fixtures are absent. */
    public static Path jolpica() {
        String root = System.getProperty("pitwall.fixtures", "../../shared/fixtures");
        Path dir = Path.of(root).resolve("jolpica").toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(dir), "recorded fixtures not found at " + dir + " (set -Dpitwall.fixtures)");
        return dir;
    }

    /** The archive root holding the {@code jolpica} folder. */
    public static Path archive() {
        return jolpica().getParent();
    }
}

package dev.pitwall.producer.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The recorded OpenF1 responses under {@code <pitwall.fixtures>/openf1}; skips the calling test when absent. */
public final class OpenF1Fixtures {
    private OpenF1Fixtures() {}

    /** The {@code openf1} folder of the fixtures. */
    public static Path openF1() {
        String root = System.getProperty("pitwall.fixtures", "../../shared/fixtures");
        Path dir = Path.of(root).resolve("openf1").toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(dir), "recorded OpenF1 fixtures not found at " + dir + " (set -Dpitwall.fixtures)");
        return dir;
    }
}

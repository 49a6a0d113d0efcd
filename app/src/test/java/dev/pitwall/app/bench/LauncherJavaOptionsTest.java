package dev.pitwall.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `pitwall bench e2e` times its replays with the JVM options `./pitwall` starts with: both read jvm.options. */
class LauncherJavaOptionsTest {
    private static final String OPTIONS = "app/src/main/resources/dev/pitwall/app/jvm.options";

    @Test
    void theBenchUsesTheLaunchersDefaultOptions() throws Exception {
        assumeTrue(System.getenv("PITWALL_JAVA_OPTS") == null, "PITWALL_JAVA_OPTS is set: it replaces the defaults");
        Path root = Path.of("..").toAbsolutePath().normalize();
        String launcher = Files.readString(root.resolve("pitwall"));
        assertThat(launcher).contains(OPTIONS).contains("MALLOC_ARENA_MAX");
        assertThat(EndToEndBenchmark.launcherJavaOptions())
                .containsExactlyElementsOf(Files.readAllLines(root.resolve(OPTIONS)).stream()
                        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList())
                .contains("-Xmx512m", "-XX:+UseSerialGC");
    }

    @Test
    void theBenchMapsTheLaunchersClassDataArchiveOnlyWhenItIsNewerThanTheJar(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("pitwall.jar"), "jar");
        assertThat(EndToEndBenchmark.classDataSharing(jar)).as("no archive yet").isEmpty();
        Path archive = Files.writeString(dir.resolve("pitwall.jsa"), "archive");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(archive, FileTime.fromMillis(2_000_000));
        assertThat(EndToEndBenchmark.classDataSharing(jar)).containsExactly("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(3_000_000)); // rebuilt: the archive is stale
        assertThat(EndToEndBenchmark.classDataSharing(jar)).isEmpty();
        String launcher = Files.readString(Path.of("..").toAbsolutePath().normalize().resolve("pitwall"));
        assertThat(launcher).contains("-XX:SharedArchiveFile=\"$jsa\"", "-XX:ArchiveClassesAtExit=", "'-Xlog:cds*=off'", "[ \"$jsa\" -nt \"$jar\" ]");
    }
}

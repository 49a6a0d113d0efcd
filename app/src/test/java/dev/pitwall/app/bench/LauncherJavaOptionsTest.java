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
    @Test
    void theBenchUsesTheLaunchersDefaultOptions() throws Exception {
        assumeTrue(System.getenv("PITWALL_JAVA_OPTS") == null, "PITWALL_JAVA_OPTS is set: it replaces the defaults");
        Path root = Path.of("..").toAbsolutePath().normalize();
        // the launcher's own line, run by bash: what ./pitwall would start java with
        String line = Files.readAllLines(root.resolve("pitwall")).stream().filter(l -> l.startsWith("defaults=")).findFirst()
                .orElseThrow(() -> new AssertionError("the launcher has no defaults= line"));
        Process bash = new ProcessBuilder("bash", "-c", "root=\"$1\"; " + line + "; printf '%s' \"$defaults\"", "_", root.toString())
                .redirectErrorStream(true).start();
        String launcher = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(bash.waitFor()).as(launcher).isZero();
        assertThat(EndToEndBenchmark.launcherJavaOptions()).containsExactly(launcher.trim().split("\\s+"))
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
    }
}

package dev.pitwall.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
}

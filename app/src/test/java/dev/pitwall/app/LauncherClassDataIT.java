package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data sharing as the README promises it, run through the real {@code ./pitwall} script on a copy
 * of the project's layout (so it neither rebuilds nor touches the checkout's own archive): the first stack command
 * after a build saves {@code app/target/pitwall.jsa}, the next one maps it, a rebuilt jar makes it stale, and a run that
 * fails keeps no archive.
 */
class LauncherClassDataIT {
    private static final String OPTIONS = "app/src/main/resources/dev/pitwall/app/jvm.options";
    private static final String SAVING = "also saves a class-data archive";

    @TempDir
    Path dir;

    @Test
    void theFirstStackCommandAfterABuildSavesTheArchiveAndTheNextMapsIt() throws Exception {
        Path fixtures = JolpicaFixtures.root();
        Path jar = Path.of("target", "pitwall.jar").toAbsolutePath();
        assumeTrue(Files.isRegularFile(jar), "target/pitwall.jar is not built (run through mvn verify)");
        Path checkout = Path.of("..").toAbsolutePath().normalize();
        Path root = Files.createDirectories(dir.resolve("project"));
        Files.copy(checkout.resolve("pitwall"), root.resolve("pitwall"), StandardCopyOption.COPY_ATTRIBUTES);
        Path options = root.resolve(OPTIONS);
        Files.createDirectories(options.getParent());
        Files.copy(checkout.resolve(OPTIONS), options);
        Files.setLastModifiedTime(options, FileTime.fromMillis(0)); // older than the jar: the launcher does not rebuild
        Path target = Files.createDirectories(root.resolve("app/target"));
        Path copy = Files.copy(jar, target.resolve("pitwall.jar"));
        Files.createSymbolicLink(target.resolve("lib"), jar.resolveSibling("lib"));
        Path archive = target.resolve("pitwall.jsa");
        List<String> replay = List.of("replay", "--season", "2024", "--round", "1", "--archive", fixtures.toString());

        Run first = run(root, null, replay, "first");
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).contains(SAVING);
        assertThat(archive).isRegularFile();
        assertThat(leftovers(target)).isEmpty();

        // the launcher's own options plus a class-loading log: classes come from the archive's top layer
        Path classLog = dir.resolve("classes.log");
        String defaults = String.join(" ", Files.readAllLines(options).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
        Run second = run(root, defaults + " -Xlog:class+load=info:file=" + classLog, replay, "second");
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(second.output()).doesNotContain(SAVING);
        assertThat(Files.readString(classLog)).contains("source: shared objects file (top)");

        // rebuilt: the archive is stale; a stack command that fails (a bad flag) saves nothing and leaves nothing
        Files.setLastModifiedTime(copy, FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() + 60_000));
        Run failed = run(root, null, List.of("replay", "--season", "2024", "--no-such-flag"), "failed");
        assertThat(failed.exit()).as(failed.output()).isNotZero();
        assertThat(failed.output()).contains(SAVING).contains("--no-such-flag");
        assertThat(archive).doesNotExist();
        assertThat(leftovers(target)).isEmpty();
    }

    private record Run(int exit, String output) {}

    private Run run(Path root, String javaOptions, List<String> args, String name) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("pitwall").toString()));
        command.addAll(args);
        command.addAll(List.of("--data-dir", dir.resolve("data-" + name).toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("PITWALL_CDS");
        pb.environment().remove("PITWALL_JAVA_OPTS");
        if (javaOptions != null) {
            pb.environment().put("PITWALL_JAVA_OPTS", javaOptions);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), output);
    }

    /** Temporary archives ({@code pitwall.jsa.<pid>}) a run left behind. */
    private static List<Path> leftovers(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().startsWith("pitwall.jsa.")).toList();
        }
    }
}

package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jline.utils.ScreenTerminal;
import org.junit.jupiter.api.Test;

/**
 * What a user sees on a terminal: the packaged launcher's jar runs {@code replay --season 2023} inside a
 * pseudo-terminal (util-linux {@code script}), and what it wrote there is played into JLine's screen emulator
 * (120 x 40), so redraws in place count once and wrapped lines count twice. At most 20 lines (issue 14), the
 * progress display's last state and the summary among them, the full log under the data dir.
 */
class TerminalConsoleIT {
    private static final int COLUMNS = 120;
    private static final int ROWS = 40;

    @Test
    void aSeasonReplayOnATerminalFitsInTwentyLinesAndLogsToTheDataDir() throws Exception {
        Path fixtures = JolpicaFixtures.root();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is not installed: no pseudo-terminal to run in");
        Path jar = Path.of("target", "pitwall.jar").toAbsolutePath();
        assumeTrue(Files.isRegularFile(jar), "target/pitwall.jar is not built (run through mvn verify)");
        // not under /tmp: Kafka Streams warns about state in an OS temp directory, which a user's ./data is not
        Path dataDir = Files.createDirectories(Path.of("target", "terminal-console-it")).toAbsolutePath();
        deleteRecursively(dataDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        String command = "stty cols " + COLUMNS + " rows " + ROWS + "; exec '" + java + "' -Xmx2g -Daws.disableEc2Metadata=true -jar '"
                + jar + "' replay --season 2023 --archive '" + fixtures + "' --data-dir '" + dataDir + "'";
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-q", "-e", "-f", "-c", command, "/dev/null").redirectErrorStream(true);
        pb.environment().put("TERM", "xterm-256color");
        Process process = pb.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String raw = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit code; the terminal showed:%n%s", raw).isZero();

        ScreenTerminal screen = new ScreenTerminal(COLUMNS, ROWS);
        screen.write(raw.replace("\n", "\r\n").replace("\r\r\n", "\r\n")); // script hands over the pty's bytes; ONLCR was applied
        List<String> seen = linesUsed(screen);
        String shown = String.join("\n", seen);
        System.out.println("[terminal-console] " + seen.size() + " lines on a " + COLUMNS + "x" + ROWS + " terminal:\n" + shown);

        assertThat(seen).as("lines the replay left on the terminal:%n%s", shown).hasSizeLessThanOrEqualTo(20);
        assertThat(shown).contains("rounds 22/22").contains("sessions 50").contains("replayed 2023 from archive")
                .contains("analytics.results 560 rows").contains("rejects     0");
        assertThat(shown).doesNotContain(" INFO ");
        Path log = dataDir.resolve("logs").resolve("pitwall.log");
        assertThat(log).exists();
        assertThat(Files.readAllLines(log)).anyMatch(l -> l.contains(" INFO ") && l.contains("loaded "));
    }

    /** The lines scrolled off plus those on screen down to the last one written. */
    private static List<String> linesUsed(ScreenTerminal screen) {
        List<String> lines = new ArrayList<>();
        for (long[] row : screen.getHistory()) {
            lines.add(text(row));
        }
        for (String line : screen.toString().split("\n", -1)) {
            lines.add(line.stripTrailing());
        }
        int last = lines.size() - 1;
        while (last >= 0 && lines.get(last).isBlank()) {
            last--;
        }
        return new ArrayList<>(lines.subList(0, last + 1));
    }

    private static String text(long[] row) {
        StringBuilder b = new StringBuilder();
        for (long cell : row) {
            int cp = ScreenTerminal.cellCodePoint(cell);
            b.appendCodePoint(cp == 0 ? ' ' : cp);
        }
        return b.toString().stripTrailing();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.createDirectories(dir);
    }
}

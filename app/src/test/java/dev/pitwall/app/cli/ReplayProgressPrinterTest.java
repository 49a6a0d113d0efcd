package dev.pitwall.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

class ReplayProgressPrinterTest {

    @Test
    void aTerminalGetsOneDisplayRedrawnInPlaceWithWarningsAboveIt() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Terminal terminal = TerminalBuilder.builder().system(false).streams(new ByteArrayInputStream(new byte[0]), screen)
                .type("xterm-256color").size(new Size(100, 30)).build();
        ReplayProgressPrinter bar = new ReplayProgressPrinter(new PrintWriter(new StringWriter()), terminal);
        bar.pipelineCounts(() -> new ReplayProgressPrinter.PipelineCounts(7, 2));
        bar.roundsPlanned(2024, 4, 0);
        bar.documentFetched("races.json");
        bar.recordsCommitted(2024, 1, "R", 1_149);
        bar.sessionProduced(2024, 1, "R", 20, 1_129);
        bar.sessionTables(2024, 1, "R", orderedMap("results", 20L, "laps", 1_129L));
        bar.roundDone(2024, 1);
        bar.printAbove("WARN something the operator should see");
        bar.roundDone(2024, 2);
        List<String> shown = bar.lines(System.nanoTime());
        bar.close();
        assertThat(shown.get(0)).isEqualTo("  2024 [############............] rounds 2/4  sessions 1  records 1,149");
        assertThat(shown.get(1)).contains("documents 1  files loaded 7  rejects 2  elapsed 0:00  left ~");
        // JLine's Display sends only what changed, so the screen holds the first drawing whole and then the differences
        String text = screen.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("rounds 0/4").contains("WARN something the operator should see").doesNotContain("round 1 R:");
        assertThat(text).as("the warning is printed once, above the display").containsOnlyOnce("WARN something");
        long newlines = text.chars().filter(c -> c == '\n').count();
        assertThat(newlines).as("redrawn in place: a handful of line ends, not one per update").isLessThanOrEqualTo(8);
    }

    @Test
    void theDisplayReadsLikeThis() {
        ReplayProgressPrinter bar = new ReplayProgressPrinter(new PrintWriter(new StringWriter()), (Terminal) null);
        bar.roundsPlanned(2023, 22, 0);
        bar.recordsCommitted(2023, 1, "R", 1_000);
        assertThat(bar.lines(System.nanoTime()).get(0)).isEqualTo("  2023 [........................] rounds 0/22  sessions 0  records 1,000");
        assertThat(ReplayProgressPrinter.clock(java.time.Duration.ofSeconds(3_725))).isEqualTo("1:02:05");
        assertThat(ReplayProgressPrinter.clock(java.time.Duration.ofSeconds(65))).isEqualTo("1:05");
    }

    @Test
    void aPipeGetsAPlainLinePerSessionAndNoControlCharacters() {
        StringWriter out = new StringWriter();
        ReplayProgressPrinter plain = new ReplayProgressPrinter(new PrintWriter(out), (Terminal) null);
        plain.roundsPlanned(2024, 24, 3);
        plain.sessionProduced(2024, 6, "S", 20, 0);
        plain.sessionTables(2024, 6, "S", orderedMap("results", 20L, "laps", 0L));
        plain.sessionProduced(2024, 6, "R", 20, 1_110);
        plain.sessionTables(2024, 6, "R", orderedMap("results", 20L, "laps", 1_110L, "pitstops", 31L));
        plain.finish();
        assertThat(out.toString().lines().toList()).containsExactly(
                "  2024: resuming an interrupted replay, 3 of 24 rounds already produced",
                "  2024 round 6 S: 20 results, 0 laps",
                "  2024 round 6 R: 20 results, 1110 laps, 31 pitstops");
        assertThat(out.toString()).doesNotContain("\r").doesNotContain("\033");
    }

    private static java.util.Map<String, Long> orderedMap(Object... kv) {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Long) kv[i + 1]);
        }
        return m;
    }
}

package dev.pitwall.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ReplayProgressPrinterTest {

    @Test
    void aTerminalGetsOneBarRedrawnInPlace() {
        StringWriter out = new StringWriter();
        ReplayProgressPrinter bar = new ReplayProgressPrinter(new PrintWriter(out), true);
        bar.roundsPlanned(2024, 4, 0);
        bar.documentFetched("races.json");
        bar.recordsCommitted(2024, 1, "R", 1_149);
        bar.sessionProduced(2024, 1, "R", 20, 1_129);
        bar.roundDone(2024, 1);
        bar.finish();
        String text = out.toString();
        assertThat(text).contains("\r").contains("rounds 1/4").contains("[#######.......................]")
                .doesNotContain("round 1 R:");
        assertThat(text.chars().filter(c -> c == '\n').count()).as("one line, redrawn with \\r, ended once").isEqualTo(1);
    }

    @Test
    void aPipeGetsAPlainLinePerSessionAndNoControlCharacters() {
        StringWriter out = new StringWriter();
        ReplayProgressPrinter plain = new ReplayProgressPrinter(new PrintWriter(out), false);
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

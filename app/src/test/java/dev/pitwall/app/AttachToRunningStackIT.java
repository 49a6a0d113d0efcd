package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.app.runtime.InProcessPipeline;
import dev.pitwall.app.stack.StackFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a process runs the stack (what `pitwall up` does), `replay` and `sql` on the same data dir
 * use that process instead of failing on the broker's and DuckDB's locks.
 */
class AttachToRunningStackIT {

    @TempDir
    Path dataDir;

    @Test
    void replayAndSqlUseTheRunningStack() {
        Path fixtures = JolpicaFixtures.root();
        try (InProcessPipeline running = InProcessPipeline.start(dataDir)) {
            assertThat(StackFile.read(dataDir)).isPresent();

            ReplayEndToEndIT.Run replay = ReplayEndToEndIT.pitwall("replay", "--season", "2021", "--round", "12",
                    "--archive", fixtures.toString(), "--data-dir", dataDir.toString());
            assertThat(replay.exitCode()).as("replay failed: %s", replay.err()).isZero();

            List<JolpicaFixtures.Lap> laps = JolpicaFixtures.laps(2021, 12);
            List<String[]> counted = ReplayEndToEndIT.csv(dataDir,
                    "select count(*), sum(lap_time_ms) from analytics.laps where season = 2021 and round = 12");
            assertThat(Long.parseLong(counted.get(0)[0])).isEqualTo(laps.size());
            assertThat(Long.parseLong(counted.get(0)[1])).isEqualTo(laps.stream().mapToLong(JolpicaFixtures.Lap::millis).sum());
            // the answer came from the running process: this JVM's pipeline holds the DuckDB file
            assertThat(running.query("select count(*) from staging.loaded_files").rows().get(0).get(0)).isNotEqualTo(0L);
        }
        assertThat(StackFile.read(dataDir)).as("stack.json is removed on stop").isEmpty();
    }
}

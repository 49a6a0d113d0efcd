package dev.pitwall.loader.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test only: the benchmark runs on tiny input and reports one measurement per size. */
class DuckDbLoadBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void runsOnTinyFiles() {
        DuckDbLoadBenchmark.Result result = DuckDbLoadBenchmark.run(dir, new int[] {10, 50}, 2);
        assertThat(result.measurements()).extracting(DuckDbLoadBenchmark.Measurement::rows).containsExactly(10, 50);
        assertThat(result.measurements()).allSatisfy(m -> assertThat(m.rowsPerSecond()).isPositive());
        assertThat(result.toString()).contains("rows/s");
    }

    @Test
    void comparesOneTransactionPerFileWithGroupsOnManySmallFiles() {
        DuckDbLoadBenchmark.SmallFilesResult result = DuckDbLoadBenchmark.runManySmallFiles(dir, 6, 5, 4, 1);
        assertThat(result.measurements()).extracting(DuckDbLoadBenchmark.SmallFiles::filesPerCall).containsExactly(1, 4);
        assertThat(result.measurements()).allSatisfy(m -> assertThat(m.filesPerSecond()).isPositive());
        assertThat(result.toString()).contains("files/s").contains("rows/s");
    }
}

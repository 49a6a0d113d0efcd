package dev.pitwall.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.streams.fixture.JolpicaRace;
import org.junit.jupiter.api.Test;

/** The benchmark runs and counts what it pushed; its timings are not asserted. */
class TopologyBenchmarkTest {
    @Test
    void runsOverTheFirstRacesOfARecordedSeason() {
        TopologyBenchmark.Result result = TopologyBenchmark.run(JolpicaRace.fixtures(), 2021, 2);
        RecordedSeason season = RecordedSeason.load(JolpicaRace.fixtures(), 2021).first(2);
        assertThat(result.records()).isEqualTo(season.records());
        assertThat(result.races()).isEqualTo(season.races().size());
        // default sizes: each race closes one results and one laps batch (2021 has no rejected record)
        assertThat(result.batches()).isEqualTo(2L * season.races().size());
        assertThat(result.toString()).contains("records/s");
    }
}

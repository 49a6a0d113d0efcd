package dev.pitwall.sink.object;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnakeCaseTest {
    @ParameterizedTest
    @CsvSource({
            "driverId, driver_id",
            "lapTimeMs, lap_time_ms",
            "positionText, position_text",
            "fastestLapRank, fastest_lap_rank",
            "season, season",
            "sha256, sha256",
            "lap2Time, lap2_time",
            "fastestLapURL, fastest_lap_url",
            "URLPath, url_path"
    })
    void convertsAvroFieldNames(String avro, String column) {
        assertThat(SnakeCase.of(avro)).isEqualTo(column);
    }
}

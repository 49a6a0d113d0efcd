package dev.pitwall.streams.clean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LapTimeTest {

    @ParameterizedTest
    @CsvSource({
            "1:32.456, 92456",
            "12:05.123, 725123",
            "58.123, 58123",
            "9.001, 9001",
            "0:59.999, 59999",
            "1:32.4, 92400",
            "1:32.45, 92450",
            "2:04:54.505, 7494505",
            "1:01:21.464, 3681464"})
    void readsTheSourcesFormats(String text, long millis) throws Rejection {
        assertThat(LapTime.toMillis(text)).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:3x.456", "1:60.000", "60.000", "1:2.345", "0:00.000", "-1:30.000", "1:30", "92456", " ", "1:30.4567", "123:00.000", "1:60:00.000", "1:00:60.000", "1:2:03.000", "::01.000"})
    void rejectsAnythingElse(String text) {
        assertThatThrownBy(() -> LapTime.toMillis(text))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.BAD_LAP_TIME));
    }
}

package dev.pitwall.streams.clean;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusCategoryTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "Finished, 1, finished",
            "+1 Lap, 12, lapped",
            "+3 Laps, 17, lapped",
            "Lapped, 11, lapped",
            "Accident, R, retired",
            "Engine, R, retired",
            "Collision damage, R, retired",
            "Retired, R, retired",
            "Disqualified, D, disqualified",
            "Underweight, D, disqualified",
            "Excluded, E, disqualified",
            "Did not start, W, did-not-start",
            "Withdrew, W, withdrew",
            "Injured, W, withdrew",
            "Did not qualify, F, other",
            "+10 Laps, N, other",
            "null, 3, null",
            "null, R, retired"})
    void groupsStatusesAndLetterCodes(String status, String positionText, String category) {
        assertThat(StatusCategory.of(status, positionText)).isEqualTo(category);
    }
}

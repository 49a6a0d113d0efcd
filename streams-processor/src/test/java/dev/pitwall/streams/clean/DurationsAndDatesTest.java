package dev.pitwall.streams.clean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.schemas.avro.CleanDriverStanding;
import dev.pitwall.schemas.avro.CleanOpenF1Lap;
import dev.pitwall.schemas.avro.RawOpenF1;
import dev.pitwall.schemas.avro.RawStanding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The text formats of the new sources: Jolpica durations, OpenF1 dates and seconds, standings quirks. */
class DurationsAndDatesTest {

    @ParameterizedTest
    @CsvSource({
            "36.604, 36604",
            "24.4, 24400",
            "75.123, 75123",
            "1:02.345, 62345",
            "30:12.345, 1812345",
            "1:05:12.345, 3912345",
            "21, 21000"})
    void jolpicaDurations(String text, long millis) throws Rejection {
        assertThat(Durations.toMillis(text)).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"36,604", "1:2.345", "1:60.000", "1:61:00.000", "0.000", "-3.2", "36.6045", "abc", "1:02:03:04.5"})
    void badDurations(String text) {
        assertThatThrownBy(() -> Durations.toMillis(text))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.BAD_DURATION));
    }

    @ParameterizedTest
    @CsvSource({
            "2024-06-23T13:03:14.412000+00:00, 2024-06-23T13:03:14.412Z",
            "2024-06-23 12:06:37.971000+00:00, 2024-06-23T12:06:37.971Z",
            "2023-10-22T19:14:16+00:00, 2023-10-22T19:14:16.000Z",
            "2024-03-02T15:03:42.341000, 2024-03-02T15:03:42.341Z",
            "2024-03-02T15:03:42, 2024-03-02T15:03:42.000Z",
            "2024-03-02T18:03:42.3419+03:00, 2024-03-02T15:03:42.341Z",
            "2024-03-02T15:03:42.341Z, 2024-03-02T15:03:42.341Z"})
    void openF1DatesBecomeUtcWithMilliseconds(String text, String utc) throws Rejection {
        assertThat(UtcDates.normalise(text)).isEqualTo(utc);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaT", "2024-02-30T10:00:00", "2024-06-23T25:00:00+00:00", "23/06/2024 13:03", "yesterday"})
    void badDates(String text) {
        assertThatThrownBy(() -> UtcDates.normalise(text))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.BAD_DATE));
    }

    @Test
    void openF1SecondsRoundExactlyToMilliseconds() throws Rejection {
        CleanOpenF1Lap lap = new OpenF1LapCleaner().clean(openF1Lap(
                "{\"driver_number\": 1, \"lap_number\": 2, \"lap_duration\": 83.634, \"duration_sector_1\": 0.1005,"
                        + " \"duration_sector_2\": 30, \"duration_sector_3\": null, \"i1_speed\": null, \"is_pit_out_lap\": true}"));
        assertThat(lap.getLapDurationMs()).isEqualTo(83_634L);
        assertThat(lap.getSector1Ms()).as("half up").isEqualTo(101L);
        assertThat(lap.getSector2Ms()).isEqualTo(30_000L);
        assertThat(lap.getSector3Ms()).isNull();
        assertThat(lap.getI1Speed()).isNull();
        assertThat(lap.getIsPitOutLap()).isTrue();
        assertThat(lap.getDateStart()).isNull();
        assertThatThrownBy(() -> new OpenF1LapCleaner().clean(openF1Lap("{\"driver_number\": 1, \"lap_number\": 2, \"lap_duration\": -1.5}")))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.BAD_DURATION));
        assertThatThrownBy(() -> new OpenF1LapCleaner().clean(openF1Lap("{\"driver_number\": 1, \"lap_number\": 2, \"st_speed\": 301.5}")))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.BAD_NUMBER));
    }

    @Test
    void anExcludedDriverHasNoPositionAndHalfPointsAreKept() throws Rejection {
        CleanDriverStanding excluded = new StandingCleaner().driver(standing(
                "{\"positionText\": \"-\", \"points\": \"0.5\", \"wins\": \"0\", \"Driver\": {\"driverId\": \"schumacher\"},"
                        + " \"Constructors\": [{\"constructorId\": \"ferrari\"}, {\"constructorId\": \"benetton\"}]}"));
        assertThat(excluded.getPosition()).isNull();
        assertThat(excluded.getPositionText()).isEqualTo("-");
        assertThat(excluded.getPoints()).isEqualTo(0.5);
        assertThat(excluded.getConstructorIds()).isEqualTo("ferrari,benetton");
        assertThatThrownBy(() -> new StandingCleaner().driver(standing("{\"positionText\": \"1\", \"points\": \"1\", \"Driver\": {\"driverId\": \"x\"}}")))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.BAD_NUMBER));
        assertThatThrownBy(() -> new StandingCleaner().constructor(standing("{\"points\": \"1\", \"wins\": \"0\"}")))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.WRONG_KIND));
    }

    private static RawOpenF1 openF1Lap(String payload) {
        return RawOpenF1.newBuilder().setSource("openf1").setSeason(2024).setRound(10).setSession("R").setSessionKey(9539)
                .setEndpoint("laps").setPayload(payload).build();
    }

    private static RawStanding standing(String payload) {
        return RawStanding.newBuilder().setSource("jolpica").setSeason(1997).setRound(17).setSession("R").setKind("driver")
                .setPayload(payload).build();
    }
}

package dev.pitwall.producer.livetiming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The snapshot difference a reconnect sends: applied to the committed state by the merge rules it gives the snapshot. */
class FeedStateTest {
    @Test
    void aSnapshotEqualToTheStateNeedsNothing() {
        FeedState state = new FeedState();
        state.apply("TimingData", "{\"Lines\":{\"44\":{\"Sectors\":[{\"Value\":\"30.1\"},{\"Value\":\"\"}],\"NumberOfLaps\":3}}}");
        state.apply("TimingData", "{\"Lines\":{\"44\":{\"Sectors\":{\"1\":{\"Value\":\"41.2\"}}}}}");
        assertThat(state.difference("TimingData", "{\"Lines\":{\"44\":{\"Sectors\":[{\"Value\":\"30.1\"},{\"Value\":\"41.2\"}],\"NumberOfLaps\":3}},\"_kf\":true}"))
                .isEmpty();
    }

    @Test
    void theDifferenceIsAnUpdateInTheFeedsOwnShape() {
        FeedState state = new FeedState();
        state.apply("TimingData", "{\"Lines\":{\"44\":{\"Sectors\":[{\"Value\":\"30.1\"},{\"Value\":\"\"}],\"NumberOfLaps\":3},\"1\":{\"NumberOfLaps\":3}}}");
        String snapshot = "{\"Lines\":{\"44\":{\"Sectors\":[{\"Value\":\"30.1\"},{\"Value\":\"41.2\"},{\"Value\":\"22.0\"}],\"NumberOfLaps\":4,"
                + "\"LastLapTime\":{\"Value\":\"1:33.300\"}},\"1\":{\"NumberOfLaps\":3}}}";
        String diff = state.difference("TimingData", snapshot).orElseThrow();
        assertThat(diff).isEqualTo("{\"Lines\":{\"44\":{\"Sectors\":{\"1\":{\"Value\":\"41.2\"},\"2\":{\"Value\":\"22.0\"}},\"NumberOfLaps\":4,"
                + "\"LastLapTime\":{\"Value\":\"1:33.300\"}}}}");
        state.apply("TimingData", diff);
        assertThat(state.get("TimingData")).isEqualTo(FeedState.parse(snapshot));
    }

    @Test
    void aTopicNeverSeenIsSentWholeAndBrokenTextIsNoDifference() {
        FeedState state = new FeedState();
        assertThat(state.has("WeatherData")).isFalse();
        state.apply("TrackStatus", "not json");
        assertThat(state.has("TrackStatus")).isFalse();
        assertThat(state.difference("TrackStatus", "{\"Status\":\"1\"}")).contains("{\"Status\":\"1\"}");
        assertThat(state.difference("TrackStatus", "{broken")).isEmpty();
    }
}

package dev.pitwall.producer.livetiming;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which warehouse tables Streams derives from which feed topics: the FINISHED event announces, per
 * table, how many messages of its topics the session sent, so Streams knows when a table is complete.
 * The names are the contract with the streams processor's {@code Table} constants.
 */
public final class LiveTimingTables {
    public static final Map<String, List<String>> TOPICS_OF_TABLE = Map.of(
            "timing_laps", List.of("TimingData"),
            "track_status", List.of("TrackStatus"),
            "timing_stints", List.of("TimingAppData"),
            "timing_race_control", List.of("RaceControlMessages"),
            "timing_weather", List.of("WeatherData"));

    private LiveTimingTables() {}

    /** Per table, the messages of its topics among {@code sentPerTopic}; tables whose topics sent nothing are announced as 0. */
    public static Map<String, Long> expected(Map<String, Long> sentPerTopic) {
        Map<String, Long> out = new LinkedHashMap<>();
        TOPICS_OF_TABLE.forEach((table, topics) ->
                out.put(table, topics.stream().mapToLong(t -> sentPerTopic.getOrDefault(t, 0L)).sum()));
        return out;
    }
}

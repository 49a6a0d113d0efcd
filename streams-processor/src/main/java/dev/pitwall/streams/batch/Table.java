package dev.pitwall.streams.batch;

import dev.pitwall.schemas.Topics;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A warehouse table fed by the topology, with the raw topic it is read from and the clean topic it
 * writes (none for rejects). The name is the contract with producers ({@code expected} of FINISHED),
 * batch ids and the warehouse's staging table.
 */
public enum Table {
    RESULTS("results", Topics.RAW_RESULTS, Topics.CLEAN_RESULTS),
    LAPS("laps", Topics.RAW_LAPS, Topics.CLEAN_LAPS),
    QUALIFYING("qualifying", Topics.RAW_QUALIFYING, Topics.CLEAN_QUALIFYING),
    PITSTOPS("pitstops", Topics.RAW_PITSTOPS, Topics.CLEAN_PITSTOPS),
    DRIVER_STANDINGS("driver_standings", Topics.RAW_DRIVER_STANDINGS, Topics.CLEAN_DRIVER_STANDINGS),
    CONSTRUCTOR_STANDINGS("constructor_standings", Topics.RAW_CONSTRUCTOR_STANDINGS, Topics.CLEAN_CONSTRUCTOR_STANDINGS),
    OPENF1_LAPS("openf1_laps", Topics.RAW_OPENF1_LAPS, Topics.CLEAN_OPENF1_LAPS),
    STINTS("stints", Topics.RAW_OPENF1_STINTS, Topics.CLEAN_OPENF1_STINTS),
    OPENF1_PIT("openf1_pit", Topics.RAW_OPENF1_PIT, Topics.CLEAN_OPENF1_PIT),
    WEATHER("weather", Topics.RAW_OPENF1_WEATHER, Topics.CLEAN_OPENF1_WEATHER),
    RACE_CONTROL("race_control", Topics.RAW_OPENF1_RACE_CONTROL, Topics.CLEAN_OPENF1_RACE_CONTROL),
    /** Laps derived from F1 live timing (TimingData + TimingAppData merged per session). */
    TIMING_LAPS("timing_laps", Topics.RAW_LIVETIMING, Topics.CLEAN_TIMING_LAPS),
    /** Track status changes from F1 live timing. */
    TRACK_STATUS("track_status", Topics.RAW_LIVETIMING, Topics.CLEAN_TRACK_STATUS),
    /** Tyre stints from F1 live timing (TimingAppData). */
    TIMING_STINTS("timing_stints", Topics.RAW_LIVETIMING, Topics.CLEAN_TIMING_STINTS),
    /** Race-control messages from F1 live timing. */
    TIMING_RACE_CONTROL("timing_race_control", Topics.RAW_LIVETIMING, Topics.CLEAN_TIMING_RACE_CONTROL),
    /** Weather samples from F1 live timing. */
    TIMING_WEATHER("timing_weather", Topics.RAW_LIVETIMING, Topics.CLEAN_TIMING_WEATHER),
    /** Raw records the topology refused, with why; fed from every raw topic. */
    REJECTED("rejected", null, null);

    private final String tableName;
    private final String rawTopic;
    private final String cleanTopic;

    Table(String tableName, String rawTopic, String cleanTopic) {
        this.tableName = tableName;
        this.rawTopic = rawTopic;
        this.cleanTopic = cleanTopic;
    }

    /** The name used in batch ids, batch keys and the {@code expected} map of a FINISHED event. */
    public String tableName() {
        return tableName;
    }

    /** The raw topic, or null for {@link #REJECTED}. */
    public String rawTopic() {
        return rawTopic;
    }

    /** The clean topic, or null for {@link #REJECTED}. */
    public String cleanTopic() {
        return cleanTopic;
    }

    /** True for tables derived from merged live-timing state rather than cleaned one raw record at a time. */
    public boolean liveTiming() {
        return Topics.RAW_LIVETIMING.equals(rawTopic);
    }

    /** The table cleaned record by record from {@code topic} (live-timing tables are not: see {@link #liveTiming()}). */
    public static Optional<Table> ofRawTopic(String topic) {
        for (Table t : values()) {
            if (t.liveTiming()) {
                continue;
            }
            if (t.rawTopic != null && t.rawTopic.equals(topic)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The tables fed from a raw topic: every value but {@link #REJECTED}. */
    public static List<Table> fed() {
        return Arrays.stream(values()).filter(t -> t.rawTopic != null).toList();
    }

    public static Optional<Table> ofName(String name) {
        for (Table t : values()) {
            if (t.tableName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}

package dev.pitwall.schemas;

import java.util.List;
import java.util.Map;

/**
 * The topic catalogue (DESIGN §2). Names are the contract; every topic is created with these
 * explicit configs by {@link TopicCatalogue}, never by broker auto-create.
 */
public final class Topics {
    private Topics() {}

    public static final String RAW_RESULTS = "f1.raw.results";
    public static final String RAW_LAPS = "f1.raw.laps";
    public static final String RAW_QUALIFYING = "f1.raw.qualifying";
    public static final String RAW_PITSTOPS = "f1.raw.pitstops";
    public static final String RAW_DRIVER_STANDINGS = "f1.raw.driver_standings";
    public static final String RAW_CONSTRUCTOR_STANDINGS = "f1.raw.constructor_standings";
    public static final String RAW_OPENF1_LAPS = "f1.raw.openf1.laps";
    public static final String RAW_OPENF1_STINTS = "f1.raw.openf1.stints";
    public static final String RAW_OPENF1_PIT = "f1.raw.openf1.pit";
    public static final String RAW_OPENF1_WEATHER = "f1.raw.openf1.weather";
    public static final String RAW_OPENF1_RACE_CONTROL = "f1.raw.openf1.race_control";
    /** F1 live-timing messages verbatim (live SignalR and static-archive replays), key season/round/session/topic. */
    public static final String RAW_LIVETIMING = "f1.raw.livetiming";
    public static final String CONTROL = "f1.control";
    public static final String CLEAN_RESULTS = "f1.clean.results";
    public static final String CLEAN_LAPS = "f1.clean.laps";
    public static final String CLEAN_QUALIFYING = "f1.clean.qualifying";
    public static final String CLEAN_PITSTOPS = "f1.clean.pitstops";
    public static final String CLEAN_DRIVER_STANDINGS = "f1.clean.driver_standings";
    public static final String CLEAN_CONSTRUCTOR_STANDINGS = "f1.clean.constructor_standings";
    public static final String CLEAN_OPENF1_LAPS = "f1.clean.openf1.laps";
    public static final String CLEAN_OPENF1_STINTS = "f1.clean.openf1.stints";
    public static final String CLEAN_OPENF1_PIT = "f1.clean.openf1.pit";
    public static final String CLEAN_OPENF1_WEATHER = "f1.clean.openf1.weather";
    public static final String CLEAN_OPENF1_RACE_CONTROL = "f1.clean.openf1.race_control";
    public static final String CLEAN_TIMING_LAPS = "f1.clean.timing_laps";
    public static final String CLEAN_TRACK_STATUS = "f1.clean.track_status";
    public static final String CLEAN_TIMING_STINTS = "f1.clean.timing_stints";
    public static final String CLEAN_TIMING_RACE_CONTROL = "f1.clean.timing_race_control";
    public static final String CLEAN_TIMING_WEATHER = "f1.clean.timing_weather";
    public static final String DLQ = "f1.dlq";
    public static final String BATCHES = "f1.batches";
    public static final String FILES = "f1.files";
    /** Replay progress, written in the producer's transactions; compacted, key = the replay job. */
    public static final String PRODUCER_CHECKPOINTS = "f1.producer.checkpoints";

    /** Raw topics and control must share a partition count: a session's records and its events meet in one Streams task. */
    public static final int SESSION_PARTITIONS = 3;

    /** Largest record on f1.batches (one whole batch); producers writing it must allow this request size. */
    public static final int MAX_BATCH_MESSAGE_BYTES = 16 * 1024 * 1024;

    /** Every raw topic, in the order Streams subscribes to them (all keyed season/round/session/...). */
    public static final List<String> RAW = List.of(RAW_RESULTS, RAW_LAPS, RAW_QUALIFYING, RAW_PITSTOPS,
            RAW_DRIVER_STANDINGS, RAW_CONSTRUCTOR_STANDINGS, RAW_OPENF1_LAPS, RAW_OPENF1_STINTS, RAW_OPENF1_PIT,
            RAW_OPENF1_WEATHER, RAW_OPENF1_RACE_CONTROL, RAW_LIVETIMING);

    /** Every clean topic. */
    public static final List<String> CLEAN = List.of(CLEAN_RESULTS, CLEAN_LAPS, CLEAN_QUALIFYING, CLEAN_PITSTOPS,
            CLEAN_DRIVER_STANDINGS, CLEAN_CONSTRUCTOR_STANDINGS, CLEAN_OPENF1_LAPS, CLEAN_OPENF1_STINTS,
            CLEAN_OPENF1_PIT, CLEAN_OPENF1_WEATHER, CLEAN_OPENF1_RACE_CONTROL, CLEAN_TIMING_LAPS, CLEAN_TRACK_STATUS,
            CLEAN_TIMING_STINTS, CLEAN_TIMING_RACE_CONTROL, CLEAN_TIMING_WEATHER);

    /** A topic with the partitions and configs it is created with. */
    public record TopicSpec(String name, int partitions, Map<String, String> configs) {}

    public static List<TopicSpec> all() {
        Map<String, String> keep = Map.of("cleanup.policy", "delete", "retention.ms", "-1");
        List<TopicSpec> specs = new java.util.ArrayList<>();
        RAW.forEach(t -> specs.add(new TopicSpec(t, SESSION_PARTITIONS, keep)));
        specs.add(new TopicSpec(CONTROL, SESSION_PARTITIONS, keep));
        CLEAN.forEach(t -> specs.add(new TopicSpec(t, SESSION_PARTITIONS, keep)));
        specs.addAll(List.of(
                new TopicSpec(DLQ, 1, keep),
                new TopicSpec(BATCHES, SESSION_PARTITIONS, Map.of(
                        "cleanup.policy", "delete", "retention.ms", "-1",
                        "max.message.bytes", Integer.toString(MAX_BATCH_MESSAGE_BYTES))),
                new TopicSpec(FILES, SESSION_PARTITIONS, keep),
                new TopicSpec(PRODUCER_CHECKPOINTS, 1, Map.of("cleanup.policy", "compact"))));
        return List.copyOf(specs);
    }
}

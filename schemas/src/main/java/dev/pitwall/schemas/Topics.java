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
    public static final String CONTROL = "f1.control";
    public static final String CLEAN_RESULTS = "f1.clean.results";
    public static final String CLEAN_LAPS = "f1.clean.laps";
    public static final String DLQ = "f1.dlq";
    public static final String BATCHES = "f1.batches";
    public static final String FILES = "f1.files";
    /** Replay progress, written in the producer's transactions; compacted, key = the replay job. */
    public static final String PRODUCER_CHECKPOINTS = "f1.producer.checkpoints";

    /** Raw topics and control must share a partition count: a session's records and its events meet in one Streams task. */
    public static final int SESSION_PARTITIONS = 3;

    /** Largest record on f1.batches (one whole batch); producers writing it must allow this request size. */
    public static final int MAX_BATCH_MESSAGE_BYTES = 16 * 1024 * 1024;

    /** A topic with the partitions and configs it is created with. */
    public record TopicSpec(String name, int partitions, Map<String, String> configs) {}

    public static List<TopicSpec> all() {
        Map<String, String> keep = Map.of("cleanup.policy", "delete", "retention.ms", "-1");
        return List.of(
                new TopicSpec(RAW_RESULTS, SESSION_PARTITIONS, keep),
                new TopicSpec(RAW_LAPS, SESSION_PARTITIONS, keep),
                new TopicSpec(CONTROL, SESSION_PARTITIONS, keep),
                new TopicSpec(CLEAN_RESULTS, SESSION_PARTITIONS, keep),
                new TopicSpec(CLEAN_LAPS, SESSION_PARTITIONS, keep),
                new TopicSpec(DLQ, 1, keep),
                new TopicSpec(BATCHES, SESSION_PARTITIONS, Map.of(
                        "cleanup.policy", "delete", "retention.ms", "-1",
                        "max.message.bytes", Integer.toString(MAX_BATCH_MESSAGE_BYTES))),
                new TopicSpec(FILES, SESSION_PARTITIONS, keep),
                new TopicSpec(PRODUCER_CHECKPOINTS, 1, Map.of("cleanup.policy", "compact")));
    }
}

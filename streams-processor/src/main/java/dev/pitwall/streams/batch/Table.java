package dev.pitwall.streams.batch;

import dev.pitwall.schemas.Topics;
import java.util.Optional;

/** A warehouse table fed by the topology, with the raw topic it is read from (none for rejects). */
public enum Table {
    RESULTS("results", Topics.RAW_RESULTS, Topics.CLEAN_RESULTS),
    LAPS("laps", Topics.RAW_LAPS, Topics.CLEAN_LAPS),
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

    public static Optional<Table> ofRawTopic(String topic) {
        for (Table t : values()) {
            if (t.rawTopic != null && t.rawTopic.equals(topic)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    static Optional<Table> ofName(String name) {
        for (Table t : values()) {
            if (t.tableName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}

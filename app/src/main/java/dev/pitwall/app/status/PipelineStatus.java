package dev.pitwall.app.status;

import java.util.List;

/**
 * What `pitwall status` found: each stage's consumer group (members, lag), the newest file loaded per
 * table, and rejects of the last hour. {@code problems} is empty exactly when the pipeline is healthy.
 */
@com.fasterxml.jackson.annotation.JsonPropertyOrder({"healthy", "broker", "warehouse", "stages", "tables", "rejectsLastHour", "problems"})
public record PipelineStatus(String broker, String warehouse, List<Stage> stages, List<TableLoad> tables,
                             Long rejectsLastHour, List<String> problems) {

    /** @param lag records of its inputs the group has not consumed; null when the broker could not say */
    public record Stage(String stage, String group, boolean running, int members, Long lag) {}

    /** @param ageSeconds now minus when the newest file of the table was loaded */
    public record TableLoad(String table, String lastFile, String loadedAt, double ageSeconds, long files) {}

    @com.fasterxml.jackson.annotation.JsonProperty("healthy")
    public boolean healthy() {
        return problems.isEmpty();
    }
}

package dev.pitwall.app.status;

import dev.pitwall.app.metrics.ConsumerLag;
import dev.pitwall.app.runtime.StageGroups;
import dev.pitwall.loader.warehouse.QueryResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Reads the pipeline's state where it really is: stage groups and their lag from the broker, loads and
 * rejects from the warehouse's manifest and {@code staging.rejected}. Works the same against an embedded
 * stack (stack.json) and against real services (one process per stage, e.g. the compose file).
 */
public final class StatusProbe {
    /** The stages in pipeline order, each with its consumer group and inputs. */
    static final Map<String, Map.Entry<String, List<String>>> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put("streams", Map.entry(StageGroups.STREAMS, StageGroups.STREAMS_INPUTS));
        STAGES.put("sink", Map.entry(StageGroups.SINK, StageGroups.SINK_INPUTS));
        STAGES.put("loader", Map.entry(StageGroups.LOADER, StageGroups.LOADER_INPUTS));
    }

    /** Newest file per table with its age; same SQL on DuckDB, PostgreSQL and Snowflake. */
    static final String LAST_FILES = "select table_name, object_key, cast(loaded_at as varchar) as loaded_at,"
            + " extract(epoch from (current_timestamp - loaded_at)) as age_s, files from ("
            + "select table_name, object_key, loaded_at, row_number() over (partition by table_name order by loaded_at desc, object_key desc) as rn,"
            + " count(*) over (partition by table_name) as files from staging.loaded_files) t where rn = 1 order by table_name";
    static final String REJECTS_LAST_HOUR = "select count(*) from staging.rejected where ingested_at > current_timestamp - interval '1 hour'";

    private StatusProbe() {}

    /**
     * @param bootstrapServers the broker, or null when none is known (every stage then counts as stopped)
     * @param query            runs SQL on the warehouse, or null when there is none
     */
    public static PipelineStatus probe(String bootstrapServers, String warehouse, Function<String, QueryResult> query) {
        List<String> problems = new ArrayList<>();
        List<PipelineStatus.Stage> stages = new ArrayList<>();
        if (bootstrapServers == null) {
            problems.add("no broker: nothing runs on this data dir (start `pitwall up`) and no --bootstrap-servers was given");
            STAGES.forEach((stage, group) -> stages.add(new PipelineStatus.Stage(stage, group.getKey(), false, 0, null)));
        } else {
            Map<String, Object> props = new HashMap<>();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "pitwall-status");
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            try (Admin admin = Admin.create(props)) {
                STAGES.forEach((stage, group) -> {
                    try {
                        int members = ConsumerLag.members(admin, group.getKey());
                        long lag = ConsumerLag.of(admin, group.getKey(), group.getValue());
                        stages.add(new PipelineStatus.Stage(stage, group.getKey(), members > 0, members, lag));
                        if (members == 0) {
                            problems.add(stage + " is not running: consumer group " + group.getKey() + " has no members");
                        }
                    } catch (RuntimeException e) {
                        stages.add(new PipelineStatus.Stage(stage, group.getKey(), false, 0, null));
                        problems.add(stage + ": " + e.getMessage());
                    }
                });
                admin.close(Duration.ofSeconds(5));
            }
        }
        List<PipelineStatus.TableLoad> tables = new ArrayList<>();
        Long rejects = null;
        if (query == null) {
            problems.add("no warehouse to read");
        } else {
            try {
                for (List<Object> row : query.apply(LAST_FILES).rows()) {
                    tables.add(new PipelineStatus.TableLoad(String.valueOf(row.get(0)), String.valueOf(row.get(1)),
                            String.valueOf(row.get(2)), number(row.get(3)), (long) number(row.get(4))));
                }
                rejects = (long) number(query.apply(REJECTS_LAST_HOUR).rows().get(0).get(0));
            } catch (RuntimeException e) {
                String msg = e.getMessage() == null ? e.toString() : e.getMessage();
                problems.add("warehouse: " + msg.lines().findFirst().orElse(msg));
            }
        }
        return new PipelineStatus(bootstrapServers, warehouse, stages, tables, rejects, problems);
    }

    private static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return Double.parseDouble(String.valueOf(value));
    }
}

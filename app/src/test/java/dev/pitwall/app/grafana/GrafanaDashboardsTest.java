package dev.pitwall.app.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The committed dashboards are exactly what {@link DashboardGenerator} writes (run with
 * {@code -Dpitwall.grafana.write=true} to rewrite them), and every dashboard JSON under
 * grafana/dashboards/** (other generators' too) is a valid Grafana model: unique panel ids, grid
 * positions inside 24 columns, datasource uids that grafana/provisioning/ provisions, variables
 * defined before they are used. No Grafana server runs here; this is the check that can.
 */
class GrafanaDashboardsTest {
    static final Path GRAFANA = Path.of("..", "grafana").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{)?([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern FROM = Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+([A-Za-z_][A-Za-z0-9_]*)(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    @Test
    void theCommittedDashboardsAreTheGeneratorsOutput() throws IOException {
        Map<String, String> generated = DashboardGenerator.render();
        if (Boolean.getBoolean("pitwall.grafana.write")) {
            DashboardGenerator.main(new String[] {GRAFANA.resolve("dashboards").toString()});
        }
        for (Map.Entry<String, String> file : generated.entrySet()) {
            Path path = GRAFANA.resolve("dashboards").resolve(file.getKey());
            assertThat(path).as("%s is committed (run the test with -Dpitwall.grafana.write=true)", path).exists();
            assertThat(Files.readString(path)).as("%s is what DashboardGenerator writes; regenerate, never edit by hand", path)
                    .isEqualTo(file.getValue());
        }
        for (Datasource ds : Datasource.values()) {
            try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards").resolve(ds.folder()))) {
                assertThat(files.map(f -> ds.folder() + "/" + f.getFileName()).toList())
                        .as("files in dashboards/%s, none left over from a removed dashboard", ds.folder())
                        .containsExactlyInAnyOrderElementsOf(generated.keySet().stream().filter(k -> k.startsWith(ds.folder() + "/")).toList());
            }
        }
    }

    @Test
    void everyDashboardUnderGrafanaIsAValidModel() throws IOException {
        Set<String> provisioned = provisionedUids();
        assertThat(provisioned).contains(Datasource.POSTGRESQL.uid(), Datasource.SNOWFLAKE.uid());
        List<Path> dashboards = dashboardFiles();
        assertThat(dashboards).isNotEmpty();
        Set<String> dashboardUids = new HashSet<>();
        for (Path file : dashboards) {
            JsonNode d = JSON.readTree(file.toFile());
            String name = GRAFANA.relativize(file).toString();
            assertThat(d.path("title").asText()).as("%s has a title", name).isNotBlank();
            assertThat(dashboardUids.add(d.path("uid").asText())).as("%s: uid %s is unique", name, d.path("uid").asText()).isTrue();
            assertThat(d.path("panels").isArray()).as("%s has panels", name).isTrue();

            List<String> variables = new ArrayList<>();
            Set<String> datasourceVariables = new HashSet<>();
            for (JsonNode v : d.path("templating").path("list")) {
                String var = v.path("name").asText();
                for (String used : used(v.path("query").isObject() ? v.path("query").path("queryText").asText() : v.path("query").asText())) {
                    assertThat(variables).as("%s: variable %s uses $%s, defined before it", name, var, used).contains(used);
                }
                if (v.path("type").asText().equals("datasource")) {
                    datasourceVariables.add(var);
                } else {
                    checkDatasource(name + " variable " + var, v.path("datasource"), provisioned, datasourceVariables);
                }
                variables.add(var);
            }
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : panels(d.path("panels"))) {
                String what = name + " panel '" + panel.path("title").asText() + "'";
                assertThat(panel.path("id").isInt()).as("%s has an id", what).isTrue();
                assertThat(ids.add(panel.path("id").asInt())).as("%s: id %d is unique", what, panel.path("id").asInt()).isTrue();
                JsonNode grid = panel.path("gridPos");
                int x = grid.path("x").asInt(-1);
                int w = grid.path("w").asInt(0);
                assertThat(x).as("%s gridPos.x", what).isBetween(0, 23);
                assertThat(w).as("%s gridPos.w", what).isBetween(1, 24);
                assertThat(x + w).as("%s ends inside 24 columns", what).isLessThanOrEqualTo(24);
                assertThat(grid.path("y").asInt(-1)).as("%s gridPos.y", what).isNotNegative();
                assertThat(grid.path("h").asInt(0)).as("%s gridPos.h", what).isPositive();
                for (String used : used(panel.path("title").asText())) {
                    assertThat(variables).as("%s: title uses $%s", what, used).contains(used);
                }
                if (!panel.path("type").asText().equals("row")) {
                    checkDatasource(what, panel.path("datasource"), provisioned, datasourceVariables);
                }
                for (JsonNode target : panel.path("targets")) {
                    if (target.has("datasource")) {
                        checkDatasource(what + " target", target.path("datasource"), provisioned, datasourceVariables);
                    }
                    for (String field : List.of("rawSql", "queryText", "expr")) {
                        for (String used : used(target.path(field).asText())) {
                            assertThat(variables).as("%s: %s uses $%s", what, field, used).contains(used);
                        }
                    }
                }
            }
        }
    }

    @Test
    void bothSetsHaveTheSamePanelsAndTheSqlReadsAnalyticsViewsOnly() {
        Map<String, List<JsonNode>> pg = sqlPanels(Datasource.POSTGRESQL);
        Map<String, List<JsonNode>> sf = sqlPanels(Datasource.SNOWFLAKE);
        assertThat(pg).as("PostgreSQL dashboards").hasSizeGreaterThanOrEqualTo(4);
        assertThat(pg.values().stream().mapToInt(List::size).sum()).as("PostgreSQL SQL panels").isGreaterThanOrEqualTo(20);
        assertThat(sf.keySet()).as("every Snowflake dashboard has a PostgreSQL twin").isEqualTo(pg.keySet());
        for (String dashboard : sf.keySet()) {
            List<String> pgTitles = pg.get(dashboard).stream().map(p -> p.path("title").asText()).toList();
            assertThat(sf.get(dashboard).stream().map(p -> p.path("title").asText()).toList()).as("%s panel titles", dashboard).isEqualTo(pgTitles);
            for (int i = 0; i < pgTitles.size(); i++) {
                String pgSql = pg.get(dashboard).get(i).path("targets").get(0).path("rawSql").asText();
                String sfSql = sf.get(dashboard).get(i).path("targets").get(0).path("queryText").asText();
                assertThat(sfSql).as("%s '%s': the Snowflake SQL is its twin's", dashboard, pgTitles.get(i)).isEqualTo(pgSql);
                // quoted aliases ("From lap") and literals are not table references
                // Snowflake upper-cases unquoted names: the fields a panel is drawn by must be quoted aliases
                JsonNode sfPanel = sf.get(dashboard).get(i);
                List<String> fields = new ArrayList<>();
                if (sfPanel.path("options").hasNonNull("xField")) {
                    fields.add(sfPanel.path("options").path("xField").asText());
                }
                sfPanel.path("transformations").forEach(t -> t.path("options").path("fields").forEach(f -> fields.add(f.asText())));
                for (String field : fields) {
                    assertThat(sfSql).as("%s '%s' names field %s as a quoted alias", dashboard, pgTitles.get(i), field)
                            .contains("AS \"" + field + "\"");
                }
                Matcher m = FROM.matcher(pgSql.replaceAll("\"[^\"]*\"|'[^']*'", ""));
                while (m.find()) {
                    assertThat(m.group(2)).as("%s '%s' reads %s: only analytics views", dashboard, pgTitles.get(i), m.group()).isNotNull();
                    assertThat(m.group(1)).as("%s '%s' reads %s", dashboard, pgTitles.get(i), m.group()).isEqualTo("analytics");
                }
            }
        }
        System.out.printf("grafana: %d dashboards per warehouse, %d SQL panels each%n", pg.size(),
                pg.values().stream().mapToInt(List::size).sum());
    }

    /** The generated dashboards of one datasource, by title without the datasource suffix, SQL panels in order. */
    static Map<String, List<JsonNode>> sqlPanels(Datasource ds) {
        Map<String, List<JsonNode>> byDashboard = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards").resolve(ds.folder()))) {
            for (Path file : files.sorted().toList()) {
                JsonNode d = JSON.readTree(file.toFile());
                List<JsonNode> sql = new ArrayList<>();
                for (JsonNode panel : panels(d.path("panels"))) {
                    JsonNode target = panel.path("targets").path(0);
                    if (target.hasNonNull("rawSql") || target.hasNonNull("queryText")) {
                        sql.add(panel);
                    }
                }
                byDashboard.put(d.path("uid").asText().replaceFirst("-" + ds.folder() + "$", ""), sql);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return byDashboard;
    }

    static List<JsonNode> panels(JsonNode panels) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode p : panels) {
            all.add(p);
            // collapsed rows carry their panels inside
            all.addAll(panels(p.path("panels")));
        }
        return all;
    }

    static List<Path> dashboardFiles() throws IOException {
        try (Stream<Path> files = Files.walk(GRAFANA.resolve("dashboards"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    static Set<String> provisionedUids() throws IOException {
        Set<String> uids = new TreeSet<>();
        try (Stream<Path> files = Files.list(GRAFANA.resolve("provisioning").resolve("datasources"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    Map<String, Object> doc = new Yaml().load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    for (Object ds : (List<?>) doc.get("datasources")) {
                        Object uid = ((Map<?, ?>) ds).get("uid");
                        assertThat(uid).as("%s: every datasource has a fixed uid", file.getFileName()).isNotNull();
                        uids.add(uid.toString());
                    }
                }
            }
        }
        return uids;
    }

    private static void checkDatasource(String what, JsonNode ref, Set<String> provisioned, Set<String> datasourceVariables) {
        if (ref.isMissingNode() || ref.isNull()) {
            return;
        }
        String uid = ref.isTextual() ? ref.asText() : ref.path("uid").asText();
        List<String> viaVariable = used(uid);
        if (!viaVariable.isEmpty()) {
            assertThat(datasourceVariables).as("%s: datasource %s is a datasource variable", what, uid).containsAll(viaVariable);
        } else if (!uid.equals("-- Grafana --") && !uid.equals("grafana")) {
            assertThat(provisioned).as("%s: datasource uid %s is provisioned", what, uid).contains(uid);
        }
    }

    /** The variables a text uses ($name, ${name}), Grafana's own macros ($__timeFilter, ...) aside. */
    static List<String> used(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = VARIABLE.matcher(text == null ? "" : text);
        while (m.find()) {
            if (!m.group(1).startsWith("__")) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}

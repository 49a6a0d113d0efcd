package dev.pitwall.app.grafana;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders a {@link Dashboard} as Grafana's dashboard JSON model for one {@link Datasource}. Panels are
 * laid out left to right, wrapping at 24 columns; ids count from 1 in definition order. The two sets
 * differ only in the datasource reference and the query model each plugin reads: PostgreSQL's
 * {@code rawSql}/{@code format}, Snowflake's (michelin-snowflake-datasource) {@code queryText}/{@code queryType}.
 */
public final class DashboardJson {
    /** Grafana's dashboard schema version the JSON is written in (Grafana 11-13 read it). */
    static final int SCHEMA_VERSION = 39;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DashboardJson() {}

    public static String render(Dashboard dashboard, Datasource ds) {
        try {
            return JSON.writeValueAsString(model(dashboard, ds)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode model(Dashboard dashboard, Datasource ds) {
        ObjectNode root = JSON.createObjectNode();
        root.put("uid", dashboard.uid() + "-" + ds.folder());
        root.put("title", dashboard.title() + " (" + (ds == Datasource.POSTGRESQL ? "PostgreSQL" : "Snowflake") + ")");
        root.putArray("tags").add("pitwall").add(ds.folder());
        root.put("editable", true);
        root.put("graphTooltip", 1);
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("version", 1);
        root.put("refresh", "30s");
        root.putObject("time").put("from", dashboard.timeFrom()).put("to", "now");
        root.put("timezone", "utc");
        ArrayNode list = root.putObject("templating").putArray("list");
        for (Variable v : dashboard.variables()) {
            ObjectNode var = list.addObject();
            var.put("name", v.name());
            var.put("label", v.label());
            var.put("type", "query");
            datasource(var, ds);
            if (ds == Datasource.POSTGRESQL) {
                var.put("query", v.sql());
            } else {
                var.putObject("query").put("queryText", v.sql()).put("queryType", "table");
            }
            var.put("definition", v.sql());
            // refresh on load, no saved value: Grafana selects the first option, the newest
            var.put("refresh", 1);
            var.put("sort", 0);
            var.put("multi", false);
            var.put("includeAll", false);
            var.putObject("current");
        }
        ArrayNode panels = root.putArray("panels");
        int x = 0;
        int y = 0;
        int rowHeight = 0;
        int id = 1;
        for (Panel p : dashboard.panels()) {
            if (x + p.width() > Dashboard.GRID_COLUMNS) {
                x = 0;
                y += rowHeight;
                rowHeight = 0;
            }
            panels.add(panel(p, ds, id++, x, y));
            x += p.width();
            rowHeight = Math.max(rowHeight, p.height());
        }
        return root;
    }

    private static ObjectNode panel(Panel p, Datasource ds, int id, int x, int y) {
        ObjectNode panel = JSON.createObjectNode();
        panel.put("id", id);
        panel.put("type", p.visual().type());
        panel.put("title", p.title());
        datasource(panel, ds);
        panel.putObject("gridPos").put("x", x).put("y", y).put("w", p.width()).put("h", p.height());
        ObjectNode target = panel.putArray("targets").addObject();
        target.put("refId", "A");
        datasource(target, ds);
        boolean timeSeries = p.visual() == Panel.Visual.TIMESERIES;
        if (ds == Datasource.POSTGRESQL) {
            target.put("rawQuery", true);
            target.put("editorMode", "code");
            target.put("format", timeSeries ? "time_series" : "table");
            target.put("rawSql", p.sql());
        } else {
            target.put("queryText", p.sql());
            target.put("queryType", timeSeries ? "time series" : "table");
            ArrayNode timeColumns = target.putArray("timeColumns");
            if (timeSeries) {
                timeColumns.add("time");
            }
        }
        ObjectNode fieldConfig = panel.putObject("fieldConfig");
        ObjectNode defaults = fieldConfig.putObject("defaults");
        if (p.unit() != null) {
            defaults.put("unit", p.unit());
        }
        fieldConfig.putArray("overrides");
        ObjectNode options = panel.putObject("options");
        switch (p.visual()) {
            case TREND -> options.put("xField", p.xField());
            case BARCHART -> options.put("xField", p.xField()).put("orientation", "auto").put("stacking", "none")
                    .putObject("legend").put("showLegend", true).put("displayMode", "list").put("placement", "bottom");
            case STAT -> {
                options.put("textMode", "value_and_name").put("colorMode", "none").put("graphMode", "none");
                ObjectNode reduce = options.putObject("reduceOptions").put("values", true).put("fields", "/.*/");
                reduce.putArray("calcs").add("lastNotNull");
            }
            case TABLE -> options.put("showHeader", true).put("cellHeight", "sm");
            case TIMESERIES -> options.putObject("legend").put("showLegend", true).put("displayMode", "list").put("placement", "bottom");
        }
        if (p.seriesBy() != null) {
            // one line per driver (or team): the rows are long, Grafana splits them into frames by that field
            panel.putArray("transformations").addObject().put("id", "partitionByValues")
                    .putObject("options").put("keepFields", false).putArray("fields").add(p.seriesBy());
        }
        return panel;
    }

    private static void datasource(ObjectNode node, Datasource ds) {
        node.putObject("datasource").put("type", ds.type()).put("uid", ds.uid());
    }
}

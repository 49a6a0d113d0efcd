package dev.pitwall.app.grafana;

/**
 * The warehouses a dashboard set is generated for, each a datasource provisioned under a fixed uid
 * (grafana/provisioning/datasources/), so dashboards can name it without a lookup.
 */
public enum Datasource {
    POSTGRESQL("postgresql", "grafana-postgresql-datasource", "pitwall-postgresql"),
    SNOWFLAKE("snowflake", "michelin-snowflake-datasource", "pitwall-snowflake");

    private final String folder;
    private final String type;
    private final String uid;

    Datasource(String folder, String type, String uid) {
        this.folder = folder;
        this.type = type;
        this.uid = uid;
    }

    /** The folder under grafana/dashboards/ that holds this set. */
    public String folder() { return folder; }

    /** The plugin id Grafana knows the datasource by. */
    public String type() { return type; }

    public String uid() { return uid; }
}

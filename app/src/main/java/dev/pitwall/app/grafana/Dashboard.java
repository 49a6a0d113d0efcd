package dev.pitwall.app.grafana;

import java.util.List;

/** A dashboard definition: its uid, title, variables (in dependency order), default time range and panels. */
public record Dashboard(String uid, String title, String timeFrom, List<Variable> variables, List<Panel> panels) {
    public static final int GRID_COLUMNS = 24;

    public Dashboard {
        variables = List.copyOf(variables);
        panels = List.copyOf(panels);
    }
}

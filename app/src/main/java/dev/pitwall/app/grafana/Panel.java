package dev.pitwall.app.grafana;

import java.util.Objects;

/**
 * One panel, written once: its title, its SQL over analytics views (the same text for every
 * datasource, so dialect differences live in the views), how it is drawn and its size on the 24-column grid.
 *
 * @param xField   the field on the x axis of a trend or bar chart (laps, rounds, drivers), else null
 * @param seriesBy the field whose values split the rows into series (one line per driver), else null
 * @param unit     Grafana's unit for the numbers, else null
 */
public record Panel(String title, String sql, Visual visual, int width, int height, String xField, String seriesBy, String unit) {
    public Panel {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(visual, "visual");
        if (width < 1 || width > Dashboard.GRID_COLUMNS || height < 1) {
            throw new IllegalArgumentException(title + ": size " + width + "x" + height + " does not fit the grid");
        }
        if ((visual == Visual.TREND || visual == Visual.BARCHART) && xField == null) {
            throw new IllegalArgumentException(title + ": a " + visual.type() + " panel needs an x field");
        }
    }

    public enum Visual {
        TABLE("table"), STAT("stat"), BARCHART("barchart"), TREND("trend"), TIMESERIES("timeseries");

        private final String type;

        Visual(String type) {
            this.type = type;
        }

        public String type() { return type; }
    }

    public static Panel table(String title, int width, int height, String sql) {
        return new Panel(title, sql, Visual.TABLE, width, height, null, null, null);
    }

    public static Panel stat(String title, int width, int height, String sql) {
        return new Panel(title, sql, Visual.STAT, width, height, null, null, null);
    }

    public static Panel bars(String title, int width, int height, String xField, String sql) {
        return new Panel(title, sql, Visual.BARCHART, width, height, xField, null, null);
    }

    /** A line per value of {@code seriesBy} over a numeric x axis (laps, rounds), not over time. */
    public static Panel trend(String title, int width, int height, String xField, String seriesBy, String sql) {
        return new Panel(title, sql, Visual.TREND, width, height, xField, seriesBy, null);
    }

    /** A time series: the SQL returns a column named {@code time}. */
    public static Panel timeSeries(String title, int width, int height, String sql) {
        return new Panel(title, sql, Visual.TIMESERIES, width, height, null, null, null);
    }

    public Panel withUnit(String unit) {
        return new Panel(title, sql, visual, width, height, xField, seriesBy, unit);
    }
}

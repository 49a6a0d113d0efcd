package dev.pitwall.app.grafana;

/**
 * A dashboard variable filled by a query over analytics views. Its query lists the newest first, so
 * Grafana, which selects the first option of a variable with no saved value, defaults to the latest.
 * A variable's query may use the variables declared before it.
 */
public record Variable(String name, String label, String sql) {
    public static Variable season() {
        return new Variable("season", "Season", "SELECT DISTINCT season FROM analytics.sessions ORDER BY season DESC");
    }

    public static Variable round() {
        return new Variable("round", "Round", "SELECT DISTINCT round FROM analytics.sessions WHERE season = $season ORDER BY round DESC");
    }

    public static Variable session() {
        return new Variable("session", "Session",
                "SELECT session FROM analytics.sessions WHERE season = $season AND round = $round ORDER BY session_order DESC");
    }

    /** The drivers of the season's standings after the selected round, leader first. */
    public static Variable driverAfterRound() {
        return new Variable("driver", "Driver", "SELECT driver_id FROM analytics.published_driver_standings WHERE season = $season AND round = $round"
                + " ORDER BY position NULLS LAST, driver_id");
    }

    /** The drivers of the season's final (or latest) standings, leader first. */
    public static Variable driverOfSeason() {
        return new Variable("driver", "Driver", "SELECT driver_id FROM analytics.published_driver_standings WHERE season = $season"
                + " AND round = (SELECT max(round) FROM analytics.published_driver_standings WHERE season = $season)"
                + " ORDER BY position NULLS LAST, driver_id");
    }
}

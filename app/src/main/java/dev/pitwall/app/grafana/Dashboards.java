package dev.pitwall.app.grafana;

import static dev.pitwall.app.grafana.Panel.bars;
import static dev.pitwall.app.grafana.Panel.stat;
import static dev.pitwall.app.grafana.Panel.table;
import static dev.pitwall.app.grafana.Panel.timeSeries;
import static dev.pitwall.app.grafana.Panel.trend;

import java.util.List;

/**
 * Every dashboard pitwall ships, each panel defined once; {@link DashboardGenerator} renders them for
 * PostgreSQL and for Snowflake. Panel SQL reads analytics views only and sticks to what both dialects
 * take (CASE, COALESCE, ||, CAST, ROUND of decimals, LIMIT, NULLS LAST, quoted aliases, which keep
 * their case in Snowflake too). Standings panels read the published standings: the computed ones
 * (analytics.driver_standings) are a count-back over every round and cost seconds per season in
 * PostgreSQL, so only the panel comparing the two reads them.
 */
public final class Dashboards {
    private static final String SESSION = "season = $season AND round = $round AND session = '$session'";

    private Dashboards() {}

    public static List<Dashboard> all() {
        return List.of(race(), season(), history(), pipeline());
    }

    static Dashboard race() {
        return new Dashboard("pitwall-race", "pitwall / Race", "now-24h",
                List.of(Variable.season(), Variable.round(), Variable.session(), Variable.driverAfterRound()),
                List.of(
                        stat("Event", 8, 4, "SELECT race_name AS \"Race\", circuit_id AS \"Circuit\", CAST(race_date AS VARCHAR(10)) AS \"Date\""
                                + " FROM analytics.sessions WHERE " + SESSION),
                        stat("Winner", 8, 4, "SELECT driver_id AS \"Winner\", constructor_id AS \"Team\" FROM analytics.classification"
                                + " WHERE " + SESSION + " AND classified_order = 1"),
                        stat("Fastest lap", 8, 4, "SELECT driver_id AS \"Driver\", ROUND(fastest_lap_ms / 1000.0, 3) AS \"Fastest lap\""
                                + " FROM analytics.fastest_laps WHERE " + SESSION + " AND session_rank = 1 ORDER BY driver_id").withUnit("s"),
                        table("Classification", 12, 14, "SELECT classified_order AS \"Pos\", position_text AS \"Result\","
                                + " COALESCE(driver_code, driver_id) AS \"Driver\", constructor_id AS \"Team\", grid AS \"Grid\", laps AS \"Laps\","
                                + " status AS \"Status\", ROUND(time_ms / 1000.0, 3) AS \"Time (s)\", points AS \"Points\""
                                + " FROM analytics.classification WHERE " + SESSION + " ORDER BY classified_order"),
                        trend("Lap chart", 12, 14, "lap", "driver", "SELECT lap AS \"lap\", position AS \"position\","
                                + " COALESCE(driver_code, driver_id) AS \"driver\" FROM analytics.race_laps WHERE " + SESSION
                                + " AND position IS NOT NULL ORDER BY \"lap\", \"driver\""),
                        trend("Lap times", 12, 10, "lap", "driver", "SELECT lap AS \"lap\", ROUND(lap_time_ms / 1000.0, 3) AS \"lap time\","
                                + " COALESCE(driver_code, driver_id) AS \"driver\" FROM analytics.race_laps WHERE " + SESSION + " ORDER BY \"lap\", \"driver\"")
                                .withUnit("s"),
                        bars("Lap times of $driver, pit laps marked", 12, 10, "lap", "SELECT lap AS \"lap\","
                                + " CASE WHEN pit_stops = 0 THEN ROUND(lap_time_ms / 1000.0, 3) END AS \"lap time\","
                                + " CASE WHEN pit_stops > 0 THEN ROUND(lap_time_ms / 1000.0, 3) END AS \"pit lap time\""
                                + " FROM analytics.race_laps WHERE " + SESSION + " AND driver_id = '$driver' ORDER BY \"lap\"").withUnit("s"),
                        trend("Gap to leader", 12, 10, "lap", "driver", "SELECT lap AS \"lap\", ROUND(gap_to_leader_ms / 1000.0, 3) AS \"gap\","
                                + " COALESCE(driver_code, driver_id) AS \"driver\" FROM analytics.race_laps WHERE " + SESSION + " ORDER BY \"lap\", \"driver\"")
                                .withUnit("s"),
                        table("$driver lap by lap", 12, 10, "SELECT lap AS \"Lap\", position AS \"Pos\", ROUND(lap_time_ms / 1000.0, 3) AS \"Lap time (s)\","
                                + " ROUND(gap_to_leader_ms / 1000.0, 3) AS \"Gap (s)\", pit_stops AS \"Pit stops\""
                                + " FROM analytics.race_laps WHERE " + SESSION + " AND driver_id = '$driver' ORDER BY lap"),
                        table("Tyre strategy", 12, 12, "SELECT driver_id AS \"Driver\", stint AS \"Stint\", compound AS \"Compound\","
                                + " lap_start AS \"From lap\", lap_end AS \"To lap\", laps AS \"Laps\", source AS \"Source\""
                                + " FROM analytics.race_stints WHERE " + SESSION + " ORDER BY driver_id, stint"),
                        table("Pit stops", 12, 12, "SELECT driver_id AS \"Driver\", stop AS \"Stop\", lap AS \"Lap\", local_time AS \"Local time\","
                                + " ROUND(duration_ms / 1000.0, 3) AS \"Pit lane (s)\" FROM analytics.pit_stops WHERE " + SESSION
                                + " ORDER BY lap, driver_id"),
                        table("Race control", 12, 12, "SELECT date_utc AS \"Time (UTC)\", lap AS \"Lap\", category AS \"Category\", flag AS \"Flag\","
                                + " message AS \"Message\" FROM analytics.race_messages WHERE " + SESSION + " ORDER BY date_utc, message"),
                        trend("Weather against lap times", 12, 12, "lap", null, "SELECT lap AS \"lap\", ROUND(mean_ms / 1000.0, 3) AS \"mean lap (s)\","
                                + " ROUND(fastest_ms / 1000.0, 3) AS \"fastest lap (s)\", track_temperature AS \"track (°C)\","
                                + " air_temperature AS \"air (°C)\", rainfall AS \"rain\" FROM analytics.lap_weather WHERE " + SESSION + " ORDER BY \"lap\""),
                        table("Qualifying", 12, 12, "SELECT position AS \"Pos\", COALESCE(driver_code, driver_id) AS \"Driver\", constructor_id AS \"Team\","
                                + " ROUND(q1_ms / 1000.0, 3) AS \"Q1\", ROUND(q2_ms / 1000.0, 3) AS \"Q2\", ROUND(q3_ms / 1000.0, 3) AS \"Q3\""
                                + " FROM analytics.qualifying WHERE season = $season AND round = $round AND session = 'Q' ORDER BY position NULLS LAST"),
                        table("Fastest laps", 12, 12, "SELECT session_rank AS \"Rank\", driver_id AS \"Driver\", ROUND(fastest_lap_ms / 1000.0, 3) AS \"Lap time (s)\","
                                + " fastest_lap AS \"On lap\", laps_timed AS \"Laps timed\" FROM analytics.fastest_laps WHERE " + SESSION
                                + " ORDER BY session_rank, driver_id")));
    }

    static Dashboard season() {
        String lastRound = "(SELECT max(round) FROM analytics.published_driver_standings WHERE season = $season)";
        String lastConstructorRound = "(SELECT max(round) FROM analytics.published_constructor_standings WHERE season = $season)";
        return new Dashboard("pitwall-season", "pitwall / Season", "now-24h",
                List.of(Variable.season(), Variable.driverOfSeason()),
                List.of(
                        trend("Drivers' championship after each round", 12, 12, "round", "driver", "SELECT round AS \"round\", points AS \"points\", driver_id AS \"driver\""
                                + " FROM analytics.published_driver_standings WHERE season = $season AND driver_id IN (SELECT driver_id"
                                + " FROM analytics.published_driver_standings"
                                + " WHERE season = $season AND round = " + lastRound + " AND position <= 10) ORDER BY \"round\", \"driver\""),
                        trend("Constructors' championship after each round", 12, 12, "round", "team", "SELECT round AS \"round\", points AS \"points\","
                                + " constructor_id AS \"team\" FROM analytics.published_constructor_standings WHERE season = $season ORDER BY \"round\", \"team\""),
                        table("Drivers' standings", 12, 14, "SELECT position AS \"Pos\", driver_id AS \"Driver\", points AS \"Points\", wins AS \"Wins\""
                                + " FROM analytics.published_driver_standings WHERE season = $season AND round = " + lastRound
                                + " ORDER BY position NULLS LAST, driver_id"),
                        table("Constructors' standings", 12, 14, "SELECT position AS \"Pos\", constructor_id AS \"Team\", points AS \"Points\", wins AS \"Wins\""
                                + " FROM analytics.published_constructor_standings WHERE season = $season AND round = " + lastConstructorRound
                                + " ORDER BY position NULLS LAST, constructor_id"),
                        bars("Wins, podiums and poles", 24, 10, "driver", "SELECT driver_id AS \"driver\", wins AS \"wins\", podiums AS \"podiums\","
                                + " poles AS \"poles\" FROM analytics.driver_season_stats WHERE season = $season AND podiums + poles > 0"
                                + " ORDER BY \"wins\" DESC, \"podiums\" DESC, \"driver\""),
                        table("Team-mate head to head", 12, 14, "SELECT constructor_id AS \"Team\", driver_id AS \"Driver\", teammate_id AS \"Team-mate\","
                                + " race_ahead || ' of ' || races AS \"Ahead in races\","
                                + " qualifying_ahead || ' of ' || qualifying_sessions AS \"Ahead in qualifying\""
                                + " FROM analytics.teammate_head_to_head WHERE season = $season ORDER BY constructor_id, driver_id, teammate_id"),
                        table("Race winners", 12, 14, "SELECT round AS \"Round\", race_name AS \"Race\", driver_id AS \"Winner\", constructor_id AS \"Team\""
                                + " FROM analytics.race_classification WHERE season = $season AND classified_order = 1 ORDER BY round"),
                        trend("$driver: championship position after each round", 12, 10, "round", null, "SELECT round AS \"round\", position AS \"position\""
                                + " FROM analytics.published_driver_standings WHERE season = $season AND driver_id = '$driver' ORDER BY \"round\""),
                        table("Computed against published standings", 12, 10, "SELECT round AS \"Round\", count(*) AS \"Drivers\","
                                + " SUM(CASE WHEN agrees THEN 1 ELSE 0 END) AS \"Agree\" FROM analytics.standings_check WHERE season = $season"
                                + " GROUP BY round ORDER BY round")));
    }

    static Dashboard history() {
        return new Dashboard("pitwall-history", "pitwall / History", "now-24h",
                List.of(Variable.season(), Variable.driverOfSeason()),
                List.of(
                        table("Champions by year", 12, 16, "SELECT season AS \"Season\", driver_id AS \"Drivers' champion\", driver_points AS \"Points\","
                                + " driver_wins AS \"Wins\", constructor_id AS \"Constructors' champion\", constructor_points AS \"Team points\""
                                + " FROM analytics.champions ORDER BY season DESC"),
                        table("Fastest laps by circuit", 12, 16, "SELECT circuit_id AS \"Circuit\", ROUND(fastest_lap_ms / 1000.0, 3) AS \"Lap time (s)\","
                                + " driver_id AS \"Driver\", season AS \"Season\", race_name AS \"Race\" FROM analytics.circuit_fastest_laps"
                                + " WHERE circuit_rank = 1 ORDER BY circuit_id"),
                        bars("All-time wins", 8, 12, "driver", "SELECT driver_id AS \"driver\", SUM(wins) AS \"wins\""
                                + " FROM analytics.driver_season_stats GROUP BY driver_id HAVING SUM(wins) > 0 ORDER BY \"wins\" DESC, \"driver\" LIMIT 20"),
                        bars("All-time poles", 8, 12, "driver", "SELECT driver_id AS \"driver\", SUM(poles) AS \"poles\""
                                + " FROM analytics.driver_season_stats GROUP BY driver_id HAVING SUM(poles) > 0 ORDER BY \"poles\" DESC, \"driver\" LIMIT 20"),
                        bars("All-time podiums", 8, 12, "driver", "SELECT driver_id AS \"driver\", SUM(podiums) AS \"podiums\""
                                + " FROM analytics.driver_season_stats GROUP BY driver_id HAVING SUM(podiums) > 0 ORDER BY \"podiums\" DESC, \"driver\" LIMIT 20"),
                        table("Career of $driver", 16, 12, "SELECT season AS \"Season\", constructor_ids AS \"Teams\", starts AS \"Starts\", wins AS \"Wins\","
                                + " podiums AS \"Podiums\", poles AS \"Poles\", points AS \"Points\", championship_position AS \"Championship\""
                                + " FROM analytics.driver_season_stats WHERE driver_id = '$driver' ORDER BY season"),
                        bars("Points of $driver by season", 8, 12, "season", "SELECT CAST(season AS VARCHAR(4)) AS \"season\", points AS \"points\""
                                + " FROM analytics.driver_season_stats WHERE driver_id = '$driver' ORDER BY season"),
                        table("$season's circuits: fastest laps over the years", 24, 12, "SELECT f.circuit_id AS \"Circuit\", f.season AS \"Season\","
                                + " f.driver_id AS \"Driver\", ROUND(f.fastest_lap_ms / 1000.0, 3) AS \"Lap time (s)\", f.circuit_rank AS \"Rank at circuit\""
                                + " FROM analytics.circuit_fastest_laps f WHERE f.circuit_id IN (SELECT circuit_id FROM analytics.sessions WHERE season = $season)"
                                + " AND f.circuit_rank <= 3 ORDER BY f.circuit_id, f.circuit_rank")));
    }

    static Dashboard pipeline() {
        return new Dashboard("pitwall-pipeline", "pitwall / Pipeline", "now-24h",
                List.of(),
                List.of(
                        stat("Loaded", 8, 4, "SELECT SUM(files) AS \"Files\", SUM(row_count) AS \"Rows\" FROM analytics.load_freshness"),
                        table("Freshness of each table", 16, 8, "SELECT table_name AS \"Table\", last_loaded_at AS \"Last load\", files AS \"Files\","
                                + " row_count AS \"Rows\", bytes AS \"Bytes\" FROM analytics.load_freshness ORDER BY last_loaded_at DESC, table_name"),
                        timeSeries("Files loaded", 12, 10, "SELECT $__timeGroup(loaded_at, '1m') AS \"time\", table_name AS metric, count(*) AS files"
                                + " FROM analytics.loaded_files WHERE $__timeFilter(loaded_at) GROUP BY 1, 2 ORDER BY 1, 2"),
                        timeSeries("Rows loaded", 12, 10, "SELECT $__timeGroup(loaded_at, '1m') AS \"time\", table_name AS metric, SUM(row_count) AS row_count"
                                + " FROM analytics.loaded_files WHERE $__timeFilter(loaded_at) GROUP BY 1, 2 ORDER BY 1, 2"),
                        bars("Rows per table", 12, 10, "table", "SELECT table_name AS \"table\", row_count AS \"rows\" FROM analytics.load_freshness"
                                + " ORDER BY row_count DESC, table_name"),
                        table("Rejects by code", 12, 10, "SELECT error_code AS \"Code\", error_name AS \"Reason\", source_table AS \"Table\","
                                + " count(*) AS \"Rejects\", max(message) AS \"Example\" FROM analytics.rejects GROUP BY error_code, error_name, source_table"
                                + " ORDER BY count(*) DESC, error_code")));
    }
}

-- Views for people and Grafana over the latest revisions (analytics.results / analytics.laps).
-- The PostgreSQL twin of migrations/duckdb/V004 (regexp_full_match is ~ '^...$', range() is
-- generate_series(), arg_min is array_agg(... ORDER BY ...)[1], text tie-breakers COLLATE "C").

-- The race result in classified order, as Jolpica lists it: classified drivers by position, then
-- retirements and non-starters by laps completed (retired before withdrawn on equal laps), then
-- disqualifications (older records give those a numeric position text, hence the status check). Jolpica orders drivers out on the same lap by the stewards' retirement order,
-- which the records do not carry: grid order stands in for it.
CREATE OR REPLACE VIEW analytics.race_classification AS
SELECT season, round, race_name, race_date,
       row_number() OVER (PARTITION BY season, round
                          ORDER BY position_text = 'D' OR coalesce(status, '') = 'Disqualified',
                                   position NULLS LAST, laps DESC NULLS LAST, position_text = 'W',
                                   grid, driver_id COLLATE "C") AS classified_order,
       position, position_text, driver_id, driver_code, driver_number, constructor_id, grid, laps,
       status, time_ms,
       time_ms - min(time_ms) OVER (PARTITION BY season, round) AS gap_ms,
       points, fastest_lap_rank, fastest_lap_ms
FROM analytics.results
WHERE session = 'R';

-- Every driver's position on every lap, with the elapsed time since the start for gap charts.
CREATE OR REPLACE VIEW analytics.lap_chart AS
SELECT l.season, l.round, l.session, l.lap, l.position, l.driver_id, r.driver_code, r.constructor_id,
       l.lap_time_ms,
       sum(l.lap_time_ms) OVER (PARTITION BY l.season, l.round, l.session, l.driver_id ORDER BY l.lap) AS elapsed_ms
FROM analytics.laps l
LEFT JOIN analytics.results r
       ON r.season = l.season AND r.round = l.round AND r.session = l.session AND r.driver_id = l.driver_id;

-- Each driver's fastest timed lap of a session, ranked within the session.
CREATE OR REPLACE VIEW analytics.fastest_laps AS
SELECT season, round, session, driver_id,
       min(lap_time_ms) AS fastest_lap_ms,
       (array_agg(lap ORDER BY lap_time_ms, lap))[1] AS fastest_lap,
       count(*) AS laps_timed,
       rank() OVER (PARTITION BY season, round, session ORDER BY min(lap_time_ms)) AS session_rank
FROM analytics.laps
GROUP BY season, round, session, driver_id;

-- Drivers' championship after each round, from race and sprint points. Ties are broken like
-- Jolpica: most race wins, then most second places, and so on (count-back over race finishes, as
-- a string of zero-padded counts for positions 1..40 so it sorts in one key). A driver with no
-- points and no classified race finish yet has no position, as in Jolpica.
CREATE OR REPLACE VIEW analytics.driver_standings AS
WITH scored AS (
    SELECT season, round, session, driver_id, points,
           CASE WHEN session = 'R' AND position_text ~ '^[0-9]+$'
                THEN CAST(position_text AS INTEGER) END AS race_finish
    FROM analytics.results
    WHERE session IN ('R', 'S')
),
rounds AS (
    SELECT DISTINCT season, round FROM scored
),
entrants AS (
    SELECT r.season, r.round, d.driver_id
    FROM rounds r
    JOIN (SELECT season, driver_id, min(round) AS first_round FROM scored GROUP BY season, driver_id) d
      ON d.season = r.season AND d.first_round <= r.round
),
totals AS (
    SELECT e.season, e.round, e.driver_id,
           coalesce(sum(s.points), 0) AS points,
           count(*) FILTER (WHERE s.race_finish = 1) AS wins,
           count(s.race_finish) AS classified_finishes
    FROM entrants e
    LEFT JOIN scored s ON s.season = e.season AND s.driver_id = e.driver_id AND s.round <= e.round
    GROUP BY e.season, e.round, e.driver_id
),
countback AS (
    SELECT e.season, e.round, e.driver_id,
           string_agg(lpad(CAST(coalesce(f.finishes, 0) AS VARCHAR), 3, '0'), '' ORDER BY p.finish) AS countback_key
    FROM entrants e
    CROSS JOIN generate_series(1, 40) AS p(finish)
    LEFT JOIN (SELECT e2.season, e2.round, e2.driver_id, s.race_finish, count(*) AS finishes
               FROM entrants e2
               JOIN scored s ON s.season = e2.season AND s.driver_id = e2.driver_id AND s.round <= e2.round
               WHERE s.race_finish IS NOT NULL
               GROUP BY e2.season, e2.round, e2.driver_id, s.race_finish) f
      ON f.season = e.season AND f.round = e.round AND f.driver_id = e.driver_id AND f.race_finish = p.finish
    GROUP BY e.season, e.round, e.driver_id
)
SELECT t.season, t.round, t.driver_id, t.points, t.wins,
       CASE WHEN t.points = 0 AND t.classified_finishes = 0 THEN NULL
            ELSE row_number() OVER (PARTITION BY t.season, t.round
                                    ORDER BY t.points DESC, c.countback_key COLLATE "C" DESC, t.driver_id COLLATE "C") END AS position
FROM totals t
JOIN countback c ON c.season = t.season AND c.round = t.round AND c.driver_id = t.driver_id;

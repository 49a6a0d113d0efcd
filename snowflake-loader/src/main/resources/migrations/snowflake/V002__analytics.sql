-- The same views as DuckDB's V002 and V004, in Snowflake's dialect.
CREATE SCHEMA IF NOT EXISTS analytics;

CREATE OR REPLACE VIEW analytics.results AS
SELECT season, round, session, driver_id, driver_code, driver_number, constructor_id, grid,
       position, position_text, points, laps, status, status_category, time_ms,
       fastest_lap_rank, fastest_lap_ms, race_name, circuit_id,
       TRY_TO_DATE(race_date) AS race_date, source, revision, ingested_at, _file, _row
FROM staging.results
QUALIFY row_number() OVER (
    PARTITION BY season, round, session, driver_id
    ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1;

CREATE OR REPLACE VIEW analytics.laps AS
SELECT season, round, session, driver_id, lap, position, lap_time_ms, source, revision,
       ingested_at, _file, _row
FROM staging.laps
QUALIFY row_number() OVER (
    PARTITION BY season, round, session, driver_id, lap
    ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1;

CREATE OR REPLACE VIEW analytics.classification AS
SELECT season, round, session, race_name,
       row_number() OVER (PARTITION BY season, round, session
                          ORDER BY position NULLS LAST, laps DESC NULLS LAST, driver_id) AS classified_order,
       position_text, driver_code, driver_id, constructor_id, grid, laps, status, time_ms, points
FROM analytics.results;

CREATE OR REPLACE VIEW analytics.race_classification AS
SELECT season, round, race_name, race_date,
       row_number() OVER (PARTITION BY season, round
                          ORDER BY IFF(position_text = 'D' OR COALESCE(status, '') = 'Disqualified', 1, 0),
                                   position NULLS LAST, laps DESC NULLS LAST, IFF(position_text = 'W', 1, 0),
                                   grid, driver_id) AS classified_order,
       position, position_text, driver_id, driver_code, driver_number, constructor_id, grid, laps,
       status, time_ms,
       time_ms - MIN(time_ms) OVER (PARTITION BY season, round) AS gap_ms,
       points, fastest_lap_rank, fastest_lap_ms
FROM analytics.results
WHERE session = 'R';

CREATE OR REPLACE VIEW analytics.lap_chart AS
SELECT l.season, l.round, l.session, l.lap, l.position, l.driver_id, r.driver_code, r.constructor_id,
       l.lap_time_ms,
       SUM(l.lap_time_ms) OVER (PARTITION BY l.season, l.round, l.session, l.driver_id ORDER BY l.lap) AS elapsed_ms
FROM analytics.laps l
LEFT JOIN analytics.results r
       ON r.season = l.season AND r.round = l.round AND r.session = l.session AND r.driver_id = l.driver_id;

CREATE OR REPLACE VIEW analytics.fastest_laps AS
SELECT season, round, session, driver_id,
       MIN(lap_time_ms) AS fastest_lap_ms,
       MIN_BY(lap, lap_time_ms) AS fastest_lap,
       COUNT(*) AS laps_timed,
       RANK() OVER (PARTITION BY season, round, session ORDER BY MIN(lap_time_ms)) AS session_rank
FROM analytics.laps
GROUP BY season, round, session, driver_id;

CREATE OR REPLACE VIEW analytics.driver_standings AS
WITH scored AS (
    SELECT season, round, session, driver_id, points,
           IFF(session = 'R' AND REGEXP_LIKE(position_text, '[0-9]+'), TO_NUMBER(position_text), NULL) AS race_finish
    FROM analytics.results
    WHERE session IN ('R', 'S')
),
rounds AS (
    SELECT DISTINCT season, round FROM scored
),
entrants AS (
    SELECT r.season, r.round, d.driver_id
    FROM rounds r
    JOIN (SELECT season, driver_id, MIN(round) AS first_round FROM scored GROUP BY season, driver_id) d
      ON d.season = r.season AND d.first_round <= r.round
),
totals AS (
    SELECT e.season, e.round, e.driver_id,
           COALESCE(SUM(s.points), 0) AS points,
           COUNT_IF(s.race_finish = 1) AS wins,
           COUNT(s.race_finish) AS classified_finishes
    FROM entrants e
    LEFT JOIN scored s ON s.season = e.season AND s.driver_id = e.driver_id AND s.round <= e.round
    GROUP BY e.season, e.round, e.driver_id
),
finishes AS (
    SELECT e.season, e.round, e.driver_id, s.race_finish, COUNT(*) AS finishes
    FROM entrants e
    JOIN scored s ON s.season = e.season AND s.driver_id = e.driver_id AND s.round <= e.round
    WHERE s.race_finish IS NOT NULL
    GROUP BY e.season, e.round, e.driver_id, s.race_finish
),
places AS (
    SELECT ROW_NUMBER() OVER (ORDER BY SEQ4()) AS finish FROM TABLE(GENERATOR(ROWCOUNT => 40))
),
countback AS (
    SELECT e.season, e.round, e.driver_id,
           LISTAGG(LPAD(TO_VARCHAR(COALESCE(f.finishes, 0)), 3, '0'), '') WITHIN GROUP (ORDER BY p.finish) AS countback_key
    FROM entrants e
    CROSS JOIN places p
    LEFT JOIN finishes f
      ON f.season = e.season AND f.round = e.round AND f.driver_id = e.driver_id AND f.race_finish = p.finish
    GROUP BY e.season, e.round, e.driver_id
)
SELECT t.season, t.round, t.driver_id, t.points, t.wins,
       IFF(t.points = 0 AND t.classified_finishes = 0, NULL,
           ROW_NUMBER() OVER (PARTITION BY t.season, t.round
                              ORDER BY t.points DESC, c.countback_key DESC, t.driver_id)) AS position
FROM totals t
JOIN countback c ON c.season = t.season AND c.round = t.round AND c.driver_id = t.driver_id;

-- Analytics: the latest revision per natural key. Ties on revision (the same fact loaded from two
-- files) resolve to the most recently ingested line so the views never show duplicates.
CREATE SCHEMA IF NOT EXISTS analytics;

CREATE OR REPLACE VIEW analytics.results AS
SELECT season, round, session, driver_id, driver_code, driver_number, constructor_id, grid,
       position, position_text, points, laps, status, status_category, time_ms,
       fastest_lap_rank, fastest_lap_ms, race_name, circuit_id,
       TRY_CAST(race_date AS DATE) AS race_date, source, revision, ingested_at, _file, _row
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

-- Classified order of each session, for people and Grafana.
CREATE OR REPLACE VIEW analytics.classification AS
SELECT season, round, session, race_name,
       row_number() OVER (PARTITION BY season, round, session
                          ORDER BY position NULLS LAST, laps DESC NULLS LAST, driver_id) AS classified_order,
       position_text, driver_code, driver_id, constructor_id, grid, laps, status, time_ms, points
FROM analytics.results;

-- Each driver's fastest lap of a session from the lap timings.
CREATE OR REPLACE VIEW analytics.fastest_laps AS
SELECT season, round, session, driver_id,
       min(lap_time_ms) AS fastest_lap_ms,
       arg_min(lap, lap_time_ms) AS fastest_lap,
       count(*) AS laps_timed
FROM analytics.laps
GROUP BY season, round, session, driver_id;

-- Analytics: the latest revision per natural key. Ties on revision (the same fact loaded from two
-- files) resolve to the most recently ingested line so the views never show duplicates.
-- The PostgreSQL twin of migrations/duckdb/V002. PostgreSQL has no QUALIFY: each latest-revision
-- view ranks in a subquery and keeps rank 1. Text tie-breakers sort COLLATE "C" (byte order, as
-- DuckDB) so the views answer the same whatever the database's default collation.
CREATE SCHEMA IF NOT EXISTS analytics;

-- DuckDB's TRY_CAST(text AS DATE): NULL instead of an error for text that is not a date.
CREATE OR REPLACE FUNCTION staging.try_cast_date(value text) RETURNS date
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN CAST(value AS date);
EXCEPTION WHEN others THEN
    RETURN NULL;
END;
$$;

CREATE OR REPLACE VIEW analytics.results AS
SELECT season, round, session, driver_id, driver_code, driver_number, constructor_id, grid,
       position, position_text, points, laps, status, status_category, time_ms,
       fastest_lap_rank, fastest_lap_ms, race_name, circuit_id,
       staging.try_cast_date(race_date) AS race_date, source, revision, ingested_at, _file, _row
FROM (
    SELECT *, row_number() OVER (
        PARTITION BY season, round, session, driver_id
        ORDER BY revision DESC, ingested_at DESC, _file COLLATE "C" DESC, _row DESC) AS _latest
    FROM staging.results
) ranked
WHERE _latest = 1;

CREATE OR REPLACE VIEW analytics.laps AS
SELECT season, round, session, driver_id, lap, position, lap_time_ms, source, revision,
       ingested_at, _file, _row
FROM (
    SELECT *, row_number() OVER (
        PARTITION BY season, round, session, driver_id, lap
        ORDER BY revision DESC, ingested_at DESC, _file COLLATE "C" DESC, _row DESC) AS _latest
    FROM staging.laps
) ranked
WHERE _latest = 1;

-- Classified order of each session, for people and Grafana.
CREATE OR REPLACE VIEW analytics.classification AS
SELECT season, round, session, race_name,
       row_number() OVER (PARTITION BY season, round, session
                          ORDER BY position NULLS LAST, laps DESC NULLS LAST, driver_id COLLATE "C") AS classified_order,
       position_text, driver_code, driver_id, constructor_id, grid, laps, status, time_ms, points
FROM analytics.results;

-- Each driver's fastest lap of a session from the lap timings. DuckDB's arg_min(lap, lap_time_ms)
-- is the first element of the laps ordered by time.
CREATE OR REPLACE VIEW analytics.fastest_laps AS
SELECT season, round, session, driver_id,
       min(lap_time_ms) AS fastest_lap_ms,
       (array_agg(lap ORDER BY lap_time_ms, lap))[1] AS fastest_lap,
       count(*) AS laps_timed
FROM analytics.laps
GROUP BY season, round, session, driver_id;

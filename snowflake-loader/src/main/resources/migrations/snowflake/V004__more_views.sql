-- The same views as DuckDB's V006, in Snowflake's dialect. Snowflake's LEAST returns NULL when any
-- argument is NULL, hence the COALESCEs in best_ms.
CREATE OR REPLACE VIEW analytics.qualifying AS
SELECT season, round, session, driver_id, driver_code, driver_number, constructor_id, position,
       q1_ms, q2_ms, q3_ms,
       LEAST(COALESCE(q1_ms, q2_ms, q3_ms), COALESCE(q2_ms, q1_ms, q3_ms), COALESCE(q3_ms, q1_ms, q2_ms)) AS best_ms,
       source, revision, ingested_at, _file, _row
FROM staging.qualifying
QUALIFY ROW_NUMBER() OVER (
    PARTITION BY season, round, session, driver_id
    ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1;

CREATE OR REPLACE VIEW analytics.pit_stops AS
SELECT season, round, session, driver_id, stop, lap, local_time, duration_ms,
       source, revision, ingested_at, _file, _row
FROM staging.pitstops
QUALIFY ROW_NUMBER() OVER (
    PARTITION BY season, round, session, driver_id, stop
    ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1;

CREATE OR REPLACE VIEW analytics.published_driver_standings AS
SELECT season, round, driver_id, position, position_text, points, wins, constructor_ids,
       source, revision, ingested_at, _file, _row
FROM staging.driver_standings
QUALIFY ROW_NUMBER() OVER (
    PARTITION BY season, round, session, driver_id
    ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1;

CREATE OR REPLACE VIEW analytics.constructor_standings AS
SELECT season, round, constructor_id, position, position_text, points, wins,
       source, revision, ingested_at, _file, _row
FROM staging.constructor_standings
QUALIFY ROW_NUMBER() OVER (
    PARTITION BY season, round, session, constructor_id
    ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1;

CREATE OR REPLACE VIEW analytics.openf1_laps AS
WITH latest AS (
    SELECT * FROM staging.openf1_laps
    QUALIFY ROW_NUMBER() OVER (
        PARTITION BY season, round, session, driver_number, lap
        ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1
)
SELECT l.season, l.round, l.session, l.session_key, l.driver_number, r.driver_id, l.lap, l.date_start,
       l.lap_duration_ms, l.sector1_ms, l.sector2_ms, l.sector3_ms, l.i1_speed, l.i2_speed, l.st_speed,
       l.is_pit_out_lap, l.source, l.revision, l.ingested_at, l._file, l._row
FROM latest l
LEFT JOIN analytics.results r
       ON r.season = l.season AND r.round = l.round AND r.session = l.session AND r.driver_number = l.driver_number;

CREATE OR REPLACE VIEW analytics.stints AS
WITH latest AS (
    SELECT * FROM staging.stints
    QUALIFY ROW_NUMBER() OVER (
        PARTITION BY season, round, session, driver_number, stint_number
        ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1
)
SELECT s.season, s.round, s.session, s.session_key, s.driver_number, r.driver_id, s.stint_number,
       s.lap_start, s.lap_end, s.lap_end - s.lap_start + 1 AS laps, s.compound, s.tyre_age_at_start,
       s.source, s.revision, s.ingested_at, s._file, s._row
FROM latest s
LEFT JOIN analytics.results r
       ON r.season = s.season AND r.round = s.round AND r.session = s.session AND r.driver_number = s.driver_number;

CREATE OR REPLACE VIEW analytics.tyre_strategy AS
SELECT season, round, session, session_key, driver_number, driver_id,
       LISTAGG(COALESCE(compound, 'UNKNOWN'), '-') WITHIN GROUP (ORDER BY stint_number) AS compounds,
       COUNT(*) AS stints,
       COUNT(*) - 1 AS stops,
       MIN(lap_start) AS first_lap,
       MAX(lap_end) AS last_lap
FROM analytics.stints
GROUP BY season, round, session, session_key, driver_number, driver_id;

CREATE OR REPLACE VIEW analytics.openf1_pit AS
WITH latest AS (
    SELECT * FROM staging.openf1_pit
    QUALIFY ROW_NUMBER() OVER (
        PARTITION BY season, round, session, driver_number, date_utc
        ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1
)
SELECT p.season, p.round, p.session, p.session_key, p.driver_number, r.driver_id, p.lap, p.date_utc,
       p.pit_duration_ms, p.lane_duration_ms, p.stop_duration_ms,
       p.source, p.revision, p.ingested_at, p._file, p._row
FROM latest p
LEFT JOIN analytics.results r
       ON r.season = p.season AND r.round = p.round AND r.session = p.session AND r.driver_number = p.driver_number;

CREATE OR REPLACE VIEW analytics.weather AS
SELECT season, round, session, session_key, date_utc, air_temperature, track_temperature, humidity,
       pressure, rainfall, wind_speed, wind_direction, source, revision, ingested_at, _file, _row
FROM staging.weather
QUALIFY ROW_NUMBER() OVER (
    PARTITION BY season, round, session, date_utc
    ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1;

CREATE OR REPLACE VIEW analytics.race_control AS
SELECT season, round, session, session_key, date_utc, category, flag, scope, sector, lap,
       driver_number, qualifying_phase, message, source, revision, ingested_at, _file, _row
FROM staging.race_control
QUALIFY ROW_NUMBER() OVER (
    PARTITION BY season, round, session, date_utc, message
    ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1;

CREATE OR REPLACE VIEW analytics.standings_check AS
SELECT COALESCE(c.season, p.season) AS season,
       COALESCE(c.round, p.round) AS round,
       COALESCE(c.driver_id, p.driver_id) AS driver_id,
       c.points AS computed_points,
       p.points AS published_points,
       c.position AS computed_position,
       p.position AS published_position,
       COALESCE(c.points = p.points AND EQUAL_NULL(c.position, p.position), FALSE) AS agrees
FROM analytics.driver_standings c
FULL OUTER JOIN analytics.published_driver_standings p
       ON p.season = c.season AND p.round = c.round AND p.driver_id = c.driver_id;

-- Views over the further sources: the latest revision per natural key (the identity Streams revises
-- by), ties resolved to the most recently ingested line as in analytics.results, plus views
-- that join them for people and Grafana.
-- The PostgreSQL twin of migrations/duckdb/V006: each QUALIFY becomes a ranking subquery that keeps
-- rank 1, with _file's tie-break in byte order (COLLATE "C") as in DuckDB.

-- Qualifying classification. best_ms is the driver's fastest of Q1-Q3 (LEAST skips NULLs here).
CREATE OR REPLACE VIEW analytics.qualifying AS
SELECT season, round, session, driver_id, driver_code, driver_number, constructor_id, position,
       q1_ms, q2_ms, q3_ms, least(q1_ms, q2_ms, q3_ms) AS best_ms,
       source, revision, ingested_at, _file, _row
FROM (
    SELECT *, row_number() OVER (
        PARTITION BY season, round, session, driver_id
        ORDER BY revision DESC, ingested_at DESC, _file COLLATE "C" DESC, _row DESC) AS _latest
    FROM staging.qualifying
) ranked
WHERE _latest = 1;

-- Jolpica pit stops; local_time is the circuit's local time of day as text.
CREATE OR REPLACE VIEW analytics.pit_stops AS
SELECT season, round, session, driver_id, stop, lap, local_time, duration_ms,
       source, revision, ingested_at, _file, _row
FROM (
    SELECT *, row_number() OVER (
        PARTITION BY season, round, session, driver_id, stop
        ORDER BY revision DESC, ingested_at DESC, _file COLLATE "C" DESC, _row DESC) AS _latest
    FROM staging.pitstops
) ranked
WHERE _latest = 1;

-- The drivers' championship as the source published it after each round. analytics.driver_standings
-- (V004) is the one computed from results; analytics.standings_check compares them.
CREATE OR REPLACE VIEW analytics.published_driver_standings AS
SELECT season, round, driver_id, position, position_text, points, wins, constructor_ids,
       source, revision, ingested_at, _file, _row
FROM (
    SELECT *, row_number() OVER (
        PARTITION BY season, round, session, driver_id
        ORDER BY revision DESC, ingested_at DESC, _file COLLATE "C" DESC, _row DESC) AS _latest
    FROM staging.driver_standings
) ranked
WHERE _latest = 1;

-- The constructors' championship as published after each round.
CREATE OR REPLACE VIEW analytics.constructor_standings AS
SELECT season, round, constructor_id, position, position_text, points, wins,
       source, revision, ingested_at, _file, _row
FROM (
    SELECT *, row_number() OVER (
        PARTITION BY season, round, session, constructor_id
        ORDER BY revision DESC, ingested_at DESC, _file COLLATE "C" DESC, _row DESC) AS _latest
    FROM staging.constructor_standings
) ranked
WHERE _latest = 1;

-- OpenF1 laps. OpenF1 knows car numbers only: driver_id comes from the session's result with
-- that car number, NULL when no result of the session is loaded.
CREATE OR REPLACE VIEW analytics.openf1_laps AS
WITH latest AS (
    SELECT * FROM (
        SELECT *, row_number() OVER (
            PARTITION BY season, round, session, driver_number, lap
            ORDER BY revision DESC, ingested_at DESC, _file COLLATE "C" DESC, _row DESC) AS _latest
        FROM staging.openf1_laps
    ) ranked
    WHERE _latest = 1
)
SELECT l.season, l.round, l.session, l.session_key, l.driver_number, r.driver_id, l.lap, l.date_start,
       l.lap_duration_ms, l.sector1_ms, l.sector2_ms, l.sector3_ms, l.i1_speed, l.i2_speed, l.st_speed,
       l.is_pit_out_lap, l.source, l.revision, l.ingested_at, l._file, l._row
FROM latest l
LEFT JOIN analytics.results r
       ON r.season = l.season AND r.round = l.round AND r.session = l.session AND r.driver_number = l.driver_number;

-- OpenF1 tyre stints, driver_id joined as for openf1_laps; laps counts both ends of the range.
CREATE OR REPLACE VIEW analytics.stints AS
WITH latest AS (
    SELECT * FROM (
        SELECT *, row_number() OVER (
            PARTITION BY season, round, session, driver_number, stint_number
            ORDER BY revision DESC, ingested_at DESC, _file COLLATE "C" DESC, _row DESC) AS _latest
        FROM staging.stints
    ) ranked
    WHERE _latest = 1
)
SELECT s.season, s.round, s.session, s.session_key, s.driver_number, r.driver_id, s.stint_number,
       s.lap_start, s.lap_end, s.lap_end - s.lap_start + 1 AS laps, s.compound, s.tyre_age_at_start,
       s.source, s.revision, s.ingested_at, s._file, s._row
FROM latest s
LEFT JOIN analytics.results r
       ON r.season = s.season AND r.round = s.round AND r.session = s.session AND r.driver_number = s.driver_number;

-- One row per driver per session: compounds in stint order ('SOFT-MEDIUM-SOFT'), stops = stints - 1
-- (a stint OpenF1 starts without a compound shows as UNKNOWN).
CREATE OR REPLACE VIEW analytics.tyre_strategy AS
SELECT season, round, session, session_key, driver_number, driver_id,
       string_agg(coalesce(compound, 'UNKNOWN'), '-' ORDER BY stint_number) AS compounds,
       count(*) AS stints,
       count(*) - 1 AS stops,
       min(lap_start) AS first_lap,
       max(lap_end) AS last_lap
FROM analytics.stints
GROUP BY season, round, session, session_key, driver_number, driver_id;

-- OpenF1 pit entries (UTC), driver_id joined as for openf1_laps.
CREATE OR REPLACE VIEW analytics.openf1_pit AS
WITH latest AS (
    SELECT * FROM (
        SELECT *, row_number() OVER (
            PARTITION BY season, round, session, driver_number, date_utc
            ORDER BY revision DESC, ingested_at DESC, _file COLLATE "C" DESC, _row DESC) AS _latest
        FROM staging.openf1_pit
    ) ranked
    WHERE _latest = 1
)
SELECT p.season, p.round, p.session, p.session_key, p.driver_number, r.driver_id, p.lap, p.date_utc,
       p.pit_duration_ms, p.lane_duration_ms, p.stop_duration_ms,
       p.source, p.revision, p.ingested_at, p._file, p._row
FROM latest p
LEFT JOIN analytics.results r
       ON r.season = p.season AND r.round = p.round AND r.session = p.session AND r.driver_number = p.driver_number;

-- OpenF1 weather samples (UTC).
CREATE OR REPLACE VIEW analytics.weather AS
SELECT season, round, session, session_key, date_utc, air_temperature, track_temperature, humidity,
       pressure, rainfall, wind_speed, wind_direction, source, revision, ingested_at, _file, _row
FROM (
    SELECT *, row_number() OVER (
        PARTITION BY season, round, session, date_utc
        ORDER BY revision DESC, ingested_at DESC, _file COLLATE "C" DESC, _row DESC) AS _latest
    FROM staging.weather
) ranked
WHERE _latest = 1;

-- OpenF1 race-control messages (UTC). Streams keys them by time and a hash of the message text,
-- so several messages of the same instant are distinct rows.
CREATE OR REPLACE VIEW analytics.race_control AS
SELECT season, round, session, session_key, date_utc, category, flag, scope, sector, lap,
       driver_number, qualifying_phase, message, source, revision, ingested_at, _file, _row
FROM (
    SELECT *, row_number() OVER (
        PARTITION BY season, round, session, date_utc, message
        ORDER BY revision DESC, ingested_at DESC, _file COLLATE "C" DESC, _row DESC) AS _latest
    FROM staging.race_control
) ranked
WHERE _latest = 1;

-- The computed championship (analytics.driver_standings, from results) next to the published one,
-- driver by driver after each round. agrees is false when points or position differ or one side
-- has no row (e.g. a round whose results are loaded but whose standings are not yet): what an
-- analyst runs to spot a penalty or a correction the results do not carry.
CREATE OR REPLACE VIEW analytics.standings_check AS
SELECT coalesce(c.season, p.season) AS season,
       coalesce(c.round, p.round) AS round,
       coalesce(c.driver_id, p.driver_id) AS driver_id,
       c.points AS computed_points,
       p.points AS published_points,
       c.position AS computed_position,
       p.position AS published_position,
       coalesce(c.points = p.points AND c.position IS NOT DISTINCT FROM p.position, false) AS agrees
FROM analytics.driver_standings c
FULL JOIN analytics.published_driver_standings p
       ON p.season = c.season AND p.round = c.round AND p.driver_id = c.driver_id;

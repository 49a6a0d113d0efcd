-- Staging for the further sources, same model as DuckDB's V005. OpenF1 dates (ISO-8601 UTC text
-- ending in 'Z') are TIMESTAMP_NTZ holding UTC. Idempotent: Snowflake commits DDL implicitly.
CREATE TABLE IF NOT EXISTS staging.qualifying (
    season INTEGER NOT NULL, round INTEGER NOT NULL, session VARCHAR NOT NULL, driver_id VARCHAR NOT NULL,
    driver_code VARCHAR, driver_number INTEGER, constructor_id VARCHAR, position INTEGER,
    q1_ms BIGINT, q2_ms BIGINT, q3_ms BIGINT, source VARCHAR NOT NULL, revision INTEGER NOT NULL,
    ingested_at TIMESTAMP_TZ NOT NULL, _file VARCHAR NOT NULL, _row BIGINT NOT NULL,
    _batch_id VARCHAR, _topic VARCHAR, _partition INTEGER, _offset BIGINT
);

CREATE TABLE IF NOT EXISTS staging.pitstops (
    season INTEGER NOT NULL, round INTEGER NOT NULL, session VARCHAR NOT NULL, driver_id VARCHAR NOT NULL,
    stop INTEGER NOT NULL, lap INTEGER NOT NULL, local_time VARCHAR, duration_ms BIGINT,
    source VARCHAR NOT NULL, revision INTEGER NOT NULL,
    ingested_at TIMESTAMP_TZ NOT NULL, _file VARCHAR NOT NULL, _row BIGINT NOT NULL,
    _batch_id VARCHAR, _topic VARCHAR, _partition INTEGER, _offset BIGINT
);

CREATE TABLE IF NOT EXISTS staging.driver_standings (
    season INTEGER NOT NULL, round INTEGER NOT NULL, session VARCHAR NOT NULL, driver_id VARCHAR NOT NULL,
    position INTEGER, position_text VARCHAR, points NUMBER(6,2) NOT NULL, wins INTEGER NOT NULL,
    constructor_ids VARCHAR, source VARCHAR NOT NULL, revision INTEGER NOT NULL,
    ingested_at TIMESTAMP_TZ NOT NULL, _file VARCHAR NOT NULL, _row BIGINT NOT NULL,
    _batch_id VARCHAR, _topic VARCHAR, _partition INTEGER, _offset BIGINT
);

CREATE TABLE IF NOT EXISTS staging.constructor_standings (
    season INTEGER NOT NULL, round INTEGER NOT NULL, session VARCHAR NOT NULL, constructor_id VARCHAR NOT NULL,
    position INTEGER, position_text VARCHAR, points NUMBER(6,2) NOT NULL, wins INTEGER NOT NULL,
    source VARCHAR NOT NULL, revision INTEGER NOT NULL,
    ingested_at TIMESTAMP_TZ NOT NULL, _file VARCHAR NOT NULL, _row BIGINT NOT NULL,
    _batch_id VARCHAR, _topic VARCHAR, _partition INTEGER, _offset BIGINT
);

CREATE TABLE IF NOT EXISTS staging.openf1_laps (
    season INTEGER NOT NULL, round INTEGER NOT NULL, session VARCHAR NOT NULL, session_key INTEGER NOT NULL,
    driver_number INTEGER NOT NULL, lap INTEGER NOT NULL, date_start TIMESTAMP_NTZ,
    lap_duration_ms BIGINT, sector1_ms BIGINT, sector2_ms BIGINT, sector3_ms BIGINT,
    i1_speed INTEGER, i2_speed INTEGER, st_speed INTEGER, is_pit_out_lap BOOLEAN,
    source VARCHAR NOT NULL, revision INTEGER NOT NULL,
    ingested_at TIMESTAMP_TZ NOT NULL, _file VARCHAR NOT NULL, _row BIGINT NOT NULL,
    _batch_id VARCHAR, _topic VARCHAR, _partition INTEGER, _offset BIGINT
);

CREATE TABLE IF NOT EXISTS staging.stints (
    season INTEGER NOT NULL, round INTEGER NOT NULL, session VARCHAR NOT NULL, session_key INTEGER NOT NULL,
    driver_number INTEGER NOT NULL, stint_number INTEGER NOT NULL, lap_start INTEGER, lap_end INTEGER,
    compound VARCHAR, tyre_age_at_start INTEGER, source VARCHAR NOT NULL, revision INTEGER NOT NULL,
    ingested_at TIMESTAMP_TZ NOT NULL, _file VARCHAR NOT NULL, _row BIGINT NOT NULL,
    _batch_id VARCHAR, _topic VARCHAR, _partition INTEGER, _offset BIGINT
);

CREATE TABLE IF NOT EXISTS staging.openf1_pit (
    season INTEGER NOT NULL, round INTEGER NOT NULL, session VARCHAR NOT NULL, session_key INTEGER NOT NULL,
    driver_number INTEGER NOT NULL, lap INTEGER, date_utc TIMESTAMP_NTZ NOT NULL,
    pit_duration_ms BIGINT, lane_duration_ms BIGINT, stop_duration_ms BIGINT,
    source VARCHAR NOT NULL, revision INTEGER NOT NULL,
    ingested_at TIMESTAMP_TZ NOT NULL, _file VARCHAR NOT NULL, _row BIGINT NOT NULL,
    _batch_id VARCHAR, _topic VARCHAR, _partition INTEGER, _offset BIGINT
);

CREATE TABLE IF NOT EXISTS staging.weather (
    season INTEGER NOT NULL, round INTEGER NOT NULL, session VARCHAR NOT NULL, session_key INTEGER NOT NULL,
    date_utc TIMESTAMP_NTZ NOT NULL, air_temperature DOUBLE, track_temperature DOUBLE, humidity DOUBLE,
    pressure DOUBLE, rainfall DOUBLE, wind_speed DOUBLE, wind_direction INTEGER,
    source VARCHAR NOT NULL, revision INTEGER NOT NULL,
    ingested_at TIMESTAMP_TZ NOT NULL, _file VARCHAR NOT NULL, _row BIGINT NOT NULL,
    _batch_id VARCHAR, _topic VARCHAR, _partition INTEGER, _offset BIGINT
);

CREATE TABLE IF NOT EXISTS staging.race_control (
    season INTEGER NOT NULL, round INTEGER NOT NULL, session VARCHAR NOT NULL, session_key INTEGER NOT NULL,
    date_utc TIMESTAMP_NTZ NOT NULL, category VARCHAR, flag VARCHAR, scope VARCHAR, sector INTEGER,
    lap INTEGER, driver_number INTEGER, qualifying_phase INTEGER, message VARCHAR NOT NULL,
    source VARCHAR NOT NULL, revision INTEGER NOT NULL,
    ingested_at TIMESTAMP_TZ NOT NULL, _file VARCHAR NOT NULL, _row BIGINT NOT NULL,
    _batch_id VARCHAR, _topic VARCHAR, _partition INTEGER, _offset BIGINT
);

-- Staging in Snowflake, same model as DuckDB (DESIGN §5). Snowflake commits DDL implicitly, so a
-- script is not atomic here: every statement is idempotent and a rerun completes a broken one.
CREATE SCHEMA IF NOT EXISTS staging;

CREATE TABLE IF NOT EXISTS staging.results (
    season INTEGER NOT NULL, round INTEGER NOT NULL, session VARCHAR NOT NULL, driver_id VARCHAR NOT NULL,
    driver_code VARCHAR, driver_number INTEGER, constructor_id VARCHAR, grid INTEGER, position INTEGER,
    position_text VARCHAR NOT NULL, points NUMBER(6,2) NOT NULL, laps INTEGER, status VARCHAR,
    status_category VARCHAR, time_ms BIGINT, fastest_lap_rank INTEGER, fastest_lap_ms BIGINT,
    race_name VARCHAR, circuit_id VARCHAR, race_date VARCHAR, source VARCHAR NOT NULL, revision INTEGER NOT NULL,
    ingested_at TIMESTAMP_TZ NOT NULL, _file VARCHAR NOT NULL, _row BIGINT NOT NULL,
    _batch_id VARCHAR, _topic VARCHAR, _partition INTEGER, _offset BIGINT
);

CREATE TABLE IF NOT EXISTS staging.laps (
    season INTEGER NOT NULL, round INTEGER NOT NULL, session VARCHAR NOT NULL, driver_id VARCHAR NOT NULL,
    lap INTEGER NOT NULL, position INTEGER, lap_time_ms BIGINT NOT NULL, source VARCHAR NOT NULL,
    revision INTEGER NOT NULL, ingested_at TIMESTAMP_TZ NOT NULL, _file VARCHAR NOT NULL, _row BIGINT NOT NULL,
    _batch_id VARCHAR, _topic VARCHAR, _partition INTEGER, _offset BIGINT
);

CREATE TABLE IF NOT EXISTS staging.rejected (
    season INTEGER NOT NULL, round INTEGER NOT NULL, session VARCHAR NOT NULL, source_table VARCHAR NOT NULL,
    record_key VARCHAR, error_code VARCHAR NOT NULL, error_name VARCHAR NOT NULL, message VARCHAR NOT NULL,
    payload VARCHAR, payload_encoding VARCHAR NOT NULL, source VARCHAR,
    ingested_at TIMESTAMP_TZ NOT NULL, _file VARCHAR NOT NULL, _row BIGINT NOT NULL,
    _batch_id VARCHAR, _topic VARCHAR, _partition INTEGER, _offset BIGINT
);

-- Snowflake does not enforce primary keys: the loader checks the key and inserts the row in the
-- same transaction as the COPY, one loader per manifest.
CREATE TABLE IF NOT EXISTS staging.loaded_files (
    object_key VARCHAR PRIMARY KEY, table_name VARCHAR NOT NULL, batch_id VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL, rows BIGINT NOT NULL, bytes BIGINT NOT NULL,
    loaded_at TIMESTAMP_TZ NOT NULL, status VARCHAR NOT NULL
);

-- Staging: append-only, one row per clean record, with lineage back to the S3 object line
-- and the Kafka record it came from (DESIGN §5). The PostgreSQL twin of migrations/duckdb/V001: the
-- same tables and columns (VARCHAR, DECIMAL, TIMESTAMPTZ mean the same in both).
CREATE SCHEMA IF NOT EXISTS staging;

CREATE TABLE staging.results (
    season            INTEGER       NOT NULL,
    round             INTEGER       NOT NULL,
    session           VARCHAR       NOT NULL,
    driver_id         VARCHAR       NOT NULL,
    driver_code       VARCHAR,
    driver_number     INTEGER,
    constructor_id    VARCHAR,
    grid              INTEGER,
    position          INTEGER,
    position_text     VARCHAR       NOT NULL,
    points            DECIMAL(6,2)  NOT NULL,
    laps              INTEGER,
    status            VARCHAR,
    status_category   VARCHAR,
    time_ms           BIGINT,
    fastest_lap_rank  INTEGER,
    fastest_lap_ms    BIGINT,
    race_name         VARCHAR,
    circuit_id        VARCHAR,
    race_date         VARCHAR,
    source            VARCHAR       NOT NULL,
    revision          INTEGER       NOT NULL,
    ingested_at       TIMESTAMPTZ   NOT NULL,
    _file             VARCHAR       NOT NULL,
    _row              BIGINT        NOT NULL,
    _batch_id         VARCHAR,
    _topic            VARCHAR,
    _partition        INTEGER,
    _offset           BIGINT
);

CREATE TABLE staging.laps (
    season       INTEGER      NOT NULL,
    round        INTEGER      NOT NULL,
    session      VARCHAR      NOT NULL,
    driver_id    VARCHAR      NOT NULL,
    lap          INTEGER      NOT NULL,
    position     INTEGER,
    lap_time_ms  BIGINT       NOT NULL,
    source       VARCHAR      NOT NULL,
    revision     INTEGER      NOT NULL,
    ingested_at  TIMESTAMPTZ  NOT NULL,
    _file        VARCHAR      NOT NULL,
    _row         BIGINT       NOT NULL,
    _batch_id    VARCHAR,
    _topic       VARCHAR,
    _partition   INTEGER,
    _offset      BIGINT
);

-- The load manifest: a file is loaded exactly once because its key can only be inserted once,
-- in the same transaction as its rows.
CREATE TABLE staging.loaded_files (
    object_key  VARCHAR      PRIMARY KEY,
    table_name  VARCHAR      NOT NULL,
    batch_id    VARCHAR      NOT NULL,
    sha256      VARCHAR      NOT NULL,
    rows        BIGINT       NOT NULL,
    bytes       BIGINT       NOT NULL,
    loaded_at   TIMESTAMPTZ  NOT NULL,
    status      VARCHAR      NOT NULL
);

-- Staging for the further sources (DESIGN §5 "more tables as sources grow"): Jolpica qualifying,
-- pit stops and published standings, OpenF1 laps, stints, pit, weather and race control. Same
-- model as staging.results: append-only, one row per clean record, `source`, `revision`, the
-- loader's `ingested_at`, `_file`, `_row`, and the Kafka lineage. OpenF1 dates arrive as
-- ISO-8601 UTC text ('...T13:03:14.412Z') and are stored as TIMESTAMP, meaning UTC (the loader shifts
-- any offset to UTC, as DuckDB's read_json does). DuckDB's DOUBLE is DOUBLE PRECISION here.
CREATE TABLE staging.qualifying (
    season          INTEGER      NOT NULL,
    round           INTEGER      NOT NULL,
    session         VARCHAR      NOT NULL,
    driver_id       VARCHAR      NOT NULL,
    driver_code     VARCHAR,
    driver_number   INTEGER,
    constructor_id  VARCHAR,
    position        INTEGER,
    q1_ms           BIGINT,
    q2_ms           BIGINT,
    q3_ms           BIGINT,
    source          VARCHAR      NOT NULL,
    revision        INTEGER      NOT NULL,
    ingested_at     TIMESTAMPTZ  NOT NULL,
    _file           VARCHAR      NOT NULL,
    _row            BIGINT       NOT NULL,
    _batch_id       VARCHAR,
    _topic          VARCHAR,
    _partition      INTEGER,
    _offset         BIGINT
);

-- local_time is the circuit's local time of day ('HH:MM:SS'); Jolpica gives no zone, so it stays text.
CREATE TABLE staging.pitstops (
    season       INTEGER      NOT NULL,
    round        INTEGER      NOT NULL,
    session      VARCHAR      NOT NULL,
    driver_id    VARCHAR      NOT NULL,
    stop         INTEGER      NOT NULL,
    lap          INTEGER      NOT NULL,
    local_time   VARCHAR,
    duration_ms  BIGINT,
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

-- The championship as published by the source after each round (analytics.driver_standings is
-- the one computed from results; analytics.standings_check compares the two).
CREATE TABLE staging.driver_standings (
    season           INTEGER       NOT NULL,
    round            INTEGER       NOT NULL,
    session          VARCHAR       NOT NULL,
    driver_id        VARCHAR       NOT NULL,
    position         INTEGER,
    position_text    VARCHAR,
    points           DECIMAL(6,2)  NOT NULL,
    wins             INTEGER       NOT NULL,
    constructor_ids  VARCHAR,
    source           VARCHAR       NOT NULL,
    revision         INTEGER       NOT NULL,
    ingested_at      TIMESTAMPTZ   NOT NULL,
    _file            VARCHAR       NOT NULL,
    _row             BIGINT        NOT NULL,
    _batch_id        VARCHAR,
    _topic           VARCHAR,
    _partition       INTEGER,
    _offset          BIGINT
);

CREATE TABLE staging.constructor_standings (
    season          INTEGER       NOT NULL,
    round           INTEGER       NOT NULL,
    session         VARCHAR       NOT NULL,
    constructor_id  VARCHAR       NOT NULL,
    position        INTEGER,
    position_text   VARCHAR,
    points          DECIMAL(6,2)  NOT NULL,
    wins            INTEGER       NOT NULL,
    source          VARCHAR       NOT NULL,
    revision        INTEGER       NOT NULL,
    ingested_at     TIMESTAMPTZ   NOT NULL,
    _file           VARCHAR       NOT NULL,
    _row            BIGINT        NOT NULL,
    _batch_id       VARCHAR,
    _topic          VARCHAR,
    _partition      INTEGER,
    _offset         BIGINT
);

-- OpenF1 rows are keyed by car number (OpenF1 has no driverId); the views join driver_id from results.
CREATE TABLE staging.openf1_laps (
    season           INTEGER      NOT NULL,
    round            INTEGER      NOT NULL,
    session          VARCHAR      NOT NULL,
    session_key      INTEGER      NOT NULL,
    driver_number    INTEGER      NOT NULL,
    lap              INTEGER      NOT NULL,
    date_start       TIMESTAMP,
    lap_duration_ms  BIGINT,
    sector1_ms       BIGINT,
    sector2_ms       BIGINT,
    sector3_ms       BIGINT,
    i1_speed         INTEGER,
    i2_speed         INTEGER,
    st_speed         INTEGER,
    is_pit_out_lap   BOOLEAN,
    source           VARCHAR      NOT NULL,
    revision         INTEGER      NOT NULL,
    ingested_at      TIMESTAMPTZ  NOT NULL,
    _file            VARCHAR      NOT NULL,
    _row             BIGINT       NOT NULL,
    _batch_id        VARCHAR,
    _topic           VARCHAR,
    _partition       INTEGER,
    _offset          BIGINT
);

CREATE TABLE staging.stints (
    season             INTEGER      NOT NULL,
    round              INTEGER      NOT NULL,
    session            VARCHAR      NOT NULL,
    session_key        INTEGER      NOT NULL,
    driver_number      INTEGER      NOT NULL,
    stint_number       INTEGER      NOT NULL,
    lap_start          INTEGER,
    lap_end            INTEGER,
    compound           VARCHAR,
    tyre_age_at_start  INTEGER,
    source             VARCHAR      NOT NULL,
    revision           INTEGER      NOT NULL,
    ingested_at        TIMESTAMPTZ  NOT NULL,
    _file              VARCHAR      NOT NULL,
    _row               BIGINT       NOT NULL,
    _batch_id          VARCHAR,
    _topic             VARCHAR,
    _partition         INTEGER,
    _offset            BIGINT
);

CREATE TABLE staging.openf1_pit (
    season            INTEGER      NOT NULL,
    round             INTEGER      NOT NULL,
    session           VARCHAR      NOT NULL,
    session_key       INTEGER      NOT NULL,
    driver_number     INTEGER      NOT NULL,
    lap               INTEGER,
    date_utc          TIMESTAMP    NOT NULL,
    pit_duration_ms   BIGINT,
    lane_duration_ms  BIGINT,
    stop_duration_ms  BIGINT,
    source            VARCHAR      NOT NULL,
    revision          INTEGER      NOT NULL,
    ingested_at       TIMESTAMPTZ  NOT NULL,
    _file             VARCHAR      NOT NULL,
    _row              BIGINT       NOT NULL,
    _batch_id         VARCHAR,
    _topic            VARCHAR,
    _partition        INTEGER,
    _offset           BIGINT
);

CREATE TABLE staging.weather (
    season             INTEGER      NOT NULL,
    round              INTEGER      NOT NULL,
    session            VARCHAR      NOT NULL,
    session_key        INTEGER      NOT NULL,
    date_utc           TIMESTAMP    NOT NULL,
    air_temperature    DOUBLE PRECISION,
    track_temperature  DOUBLE PRECISION,
    humidity           DOUBLE PRECISION,
    pressure           DOUBLE PRECISION,
    rainfall           DOUBLE PRECISION,
    wind_speed         DOUBLE PRECISION,
    wind_direction     INTEGER,
    source             VARCHAR      NOT NULL,
    revision           INTEGER      NOT NULL,
    ingested_at        TIMESTAMPTZ  NOT NULL,
    _file              VARCHAR      NOT NULL,
    _row               BIGINT       NOT NULL,
    _batch_id          VARCHAR,
    _topic             VARCHAR,
    _partition         INTEGER,
    _offset            BIGINT
);

CREATE TABLE staging.race_control (
    season            INTEGER      NOT NULL,
    round             INTEGER      NOT NULL,
    session           VARCHAR      NOT NULL,
    session_key       INTEGER      NOT NULL,
    date_utc          TIMESTAMP    NOT NULL,
    category          VARCHAR,
    flag              VARCHAR,
    scope             VARCHAR,
    sector            INTEGER,
    lap               INTEGER,
    driver_number     INTEGER,
    qualifying_phase  INTEGER,
    message           VARCHAR      NOT NULL,
    source            VARCHAR      NOT NULL,
    revision          INTEGER      NOT NULL,
    ingested_at       TIMESTAMPTZ  NOT NULL,
    _file             VARCHAR      NOT NULL,
    _row              BIGINT       NOT NULL,
    _batch_id         VARCHAR,
    _topic            VARCHAR,
    _partition        INTEGER,
    _offset           BIGINT
);

-- F1 live timing (static archive replays and live following), derived by Streams from f1.raw.livetiming.
CREATE TABLE staging.timing_laps (
    season             INTEGER      NOT NULL,
    round              INTEGER      NOT NULL,
    session            VARCHAR      NOT NULL,
    driver_number      INTEGER      NOT NULL,
    lap                INTEGER      NOT NULL,
    lap_time_ms        BIGINT,
    sector1_ms         BIGINT,
    sector2_ms         BIGINT,
    sector3_ms         BIGINT,
    speed_i1           INTEGER,
    speed_i2           INTEGER,
    speed_fl           INTEGER,
    speed_st           INTEGER,
    position           INTEGER,
    gap_to_leader_ms   BIGINT,
    gap_to_leader_laps INTEGER,
    interval_ms        BIGINT,
    pit_in             BOOLEAN,
    pit_out            BOOLEAN,
    compound           VARCHAR,
    tyre_age_laps      INTEGER,
    stint              INTEGER,
    completed_at       TIMESTAMP,
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

CREATE TABLE staging.track_status (
    season           INTEGER      NOT NULL,
    round            INTEGER      NOT NULL,
    session          VARCHAR      NOT NULL,
    stream_offset_ms BIGINT       NOT NULL,
    date_utc         TIMESTAMP,
    status           VARCHAR      NOT NULL,
    message          VARCHAR,
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

CREATE TABLE staging.timing_stints (
    season           INTEGER      NOT NULL,
    round            INTEGER      NOT NULL,
    session          VARCHAR      NOT NULL,
    driver_number    INTEGER      NOT NULL,
    stint            INTEGER      NOT NULL,
    compound         VARCHAR,
    new_tyre         BOOLEAN,
    tyre_age_at_start INTEGER,
    tyre_age_laps    INTEGER,
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

CREATE TABLE staging.timing_race_control (
    season           INTEGER      NOT NULL,
    round            INTEGER      NOT NULL,
    session          VARCHAR      NOT NULL,
    message_index    INTEGER      NOT NULL,
    date_utc         TIMESTAMP,
    lap              INTEGER,
    category         VARCHAR,
    flag             VARCHAR,
    scope            VARCHAR,
    sector           INTEGER,
    driver_number    INTEGER,
    status           VARCHAR,
    message          VARCHAR,
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

CREATE TABLE staging.timing_weather (
    season           INTEGER      NOT NULL,
    round            INTEGER      NOT NULL,
    session          VARCHAR      NOT NULL,
    stream_offset_ms BIGINT       NOT NULL,
    date_utc         TIMESTAMP,
    air_temperature  DOUBLE,
    track_temperature DOUBLE,
    humidity         DOUBLE,
    pressure         DOUBLE,
    rainfall         DOUBLE,
    wind_speed       DOUBLE,
    wind_direction   INTEGER,
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

-- Live-timing stints, latest revision; laps is the tyre's age gained in the stint.
CREATE OR REPLACE VIEW analytics.timing_stints AS
WITH latest AS (
    SELECT * FROM staging.timing_stints
    QUALIFY row_number() OVER (
        PARTITION BY season, round, session, driver_number, stint
        ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1
)
SELECT s.season, s.round, s.session, s.driver_number, r.driver_id, s.stint, s.compound, s.new_tyre,
       s.tyre_age_at_start, s.tyre_age_laps, s.tyre_age_laps - s.tyre_age_at_start AS laps,
       s.source, s.revision, s.ingested_at, s._file, s._row
FROM latest s
LEFT JOIN analytics.results r
       ON r.season = s.season AND r.round = s.round AND r.session = s.session AND r.driver_number = s.driver_number;

CREATE OR REPLACE VIEW analytics.timing_race_control AS
WITH latest AS (
    SELECT * FROM staging.timing_race_control
    QUALIFY row_number() OVER (
        PARTITION BY season, round, session, message_index
        ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1
)
SELECT season, round, session, message_index, date_utc, lap, category, flag, scope, sector, driver_number, status, message,
       source, revision, ingested_at, _file, _row
FROM latest;

CREATE OR REPLACE VIEW analytics.timing_weather AS
WITH latest AS (
    SELECT * FROM staging.timing_weather
    QUALIFY row_number() OVER (
        PARTITION BY season, round, session, stream_offset_ms
        ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1
)
SELECT season, round, session, stream_offset_ms, date_utc, air_temperature, track_temperature, humidity, pressure,
       rainfall, wind_speed, wind_direction, source, revision, ingested_at, _file, _row
FROM latest;

-- Live-timing laps, latest revision; driver_id joined from the session's results by car number (live timing has no driverId).
CREATE OR REPLACE VIEW analytics.timing_laps AS
WITH latest AS (
    SELECT * FROM staging.timing_laps
    QUALIFY row_number() OVER (
        PARTITION BY season, round, session, driver_number, lap
        ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1
)
SELECT l.season, l.round, l.session, l.driver_number, r.driver_id, l.lap, l.lap_time_ms,
       l.sector1_ms, l.sector2_ms, l.sector3_ms, l.speed_i1, l.speed_i2, l.speed_fl, l.speed_st,
       l.position, l.gap_to_leader_ms, l.gap_to_leader_laps, l.interval_ms, l.pit_in, l.pit_out,
       l.compound, l.tyre_age_laps, l.stint, l.completed_at, l.source, l.revision, l.ingested_at, l._file, l._row
FROM latest l
LEFT JOIN analytics.results r
       ON r.season = l.season AND r.round = l.round AND r.session = l.session AND r.driver_number = l.driver_number;

CREATE OR REPLACE VIEW analytics.track_status AS
WITH latest AS (
    SELECT * FROM staging.track_status
    QUALIFY row_number() OVER (
        PARTITION BY season, round, session, stream_offset_ms
        ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1
)
SELECT season, round, session, stream_offset_ms, date_utc, status,
       CASE status WHEN '1' THEN 'green' WHEN '2' THEN 'yellow' WHEN '4' THEN 'safety car' WHEN '5' THEN 'red'
                   WHEN '6' THEN 'virtual safety car' WHEN '7' THEN 'virtual safety car ending' END AS status_name,
       message, source, revision, ingested_at, _file, _row
FROM latest;

-- A race's or sprint's classification from live timing: laps completed, then the order of
-- completing the last of them; each driver's fastest lap. Cars out before completing a lap have no row.
CREATE OR REPLACE VIEW analytics.timing_classification AS
WITH per_driver AS (
    SELECT season, round, session, driver_number, ANY_VALUE(driver_id) AS driver_id, MAX(lap) AS laps,
           MIN(lap_time_ms) AS fastest_lap_ms, MAX_BY(position, lap) AS last_lap_position
    FROM analytics.timing_laps
    GROUP BY season, round, session, driver_number
)
SELECT season, round, session,
       ROW_NUMBER() OVER (PARTITION BY season, round, session
                          ORDER BY laps DESC, last_lap_position ASC NULLS LAST, driver_number) AS position,
       driver_number, driver_id, laps, fastest_lap_ms
FROM per_driver;

-- The same changes as DuckDB's V008, in Snowflake's dialect.
-- error: the record went to f1.dlq and is not in the warehouse; warning: it landed with a field nulled.
ALTER TABLE staging.rejected ADD COLUMN IF NOT EXISTS severity VARCHAR DEFAULT 'error';
UPDATE staging.rejected SET severity = 'error' WHERE severity IS NULL;

-- A result is one car's (shared drives of 1950-1964): the car number is part of the identity.
CREATE OR REPLACE VIEW analytics.results AS
SELECT season, round, session, driver_id, driver_code, driver_number, constructor_id, grid,
       position, position_text, points, laps, status, status_category, time_ms,
       fastest_lap_rank, fastest_lap_ms, race_name, circuit_id,
       TRY_TO_DATE(race_date) AS race_date, source, revision, ingested_at, _file, _row
FROM staging.results
QUALIFY row_number() OVER (
    PARTITION BY season, round, session, driver_id, driver_number
    ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1;

CREATE OR REPLACE VIEW analytics.classification AS
SELECT season, round, session, race_name,
       row_number() OVER (PARTITION BY season, round, session
                          ORDER BY position NULLS LAST, laps DESC NULLS LAST, driver_id, driver_number NULLS LAST) AS classified_order,
       position_text, driver_code, driver_id, constructor_id, grid, laps, status, time_ms, points
FROM analytics.results;

CREATE OR REPLACE VIEW analytics.race_classification AS
SELECT season, round, race_name, race_date,
       row_number() OVER (PARTITION BY season, round
                          ORDER BY IFF(position_text = 'D' OR COALESCE(status, '') = 'Disqualified', 1, 0),
                                   position NULLS LAST, laps DESC NULLS LAST, IFF(position_text = 'W', 1, 0),
                                   grid, driver_id, driver_number NULLS LAST) AS classified_order,
       position, position_text, driver_id, driver_code, driver_number, constructor_id, grid, laps,
       status, time_ms,
       time_ms - MIN(time_ms) OVER (PARTITION BY season, round) AS gap_ms,
       points, fastest_lap_rank, fastest_lap_ms
FROM analytics.results
WHERE session = 'R';

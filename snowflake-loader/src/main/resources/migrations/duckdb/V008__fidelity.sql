-- Fidelity (issue #10): a record is never dead-lettered for one field the warehouse can hold as null.
-- Such a field is nulled and the record lands; a warning row in staging.rejected says which and why.
-- error: the record went to f1.dlq and is not in the warehouse; warning: it landed with a field nulled.
-- Files written before this column existed carry no severity: those rows were all dead letters.
ALTER TABLE staging.rejected ADD COLUMN severity VARCHAR DEFAULT 'error';
UPDATE staging.rejected SET severity = 'error' WHERE severity IS NULL;

-- A result is one car's: in 1950-1964 a driver could take over a team-mate's car and be classified
-- in both (a shared drive, points split), so the car number is part of the identity. The same car
-- with a changed status or points is still a revision.
CREATE OR REPLACE VIEW analytics.results AS
SELECT season, round, session, driver_id, driver_code, driver_number, constructor_id, grid,
       position, position_text, points, laps, status, status_category, time_ms,
       fastest_lap_rank, fastest_lap_ms, race_name, circuit_id,
       TRY_CAST(race_date AS DATE) AS race_date, source, revision, ingested_at, _file, _row
FROM staging.results
QUALIFY row_number() OVER (
    PARTITION BY season, round, session, driver_id, driver_number
    ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1;

-- Both rows of a shared drive keep a stable order: the car number breaks the last tie.
CREATE OR REPLACE VIEW analytics.classification AS
SELECT season, round, session, race_name,
       row_number() OVER (PARTITION BY season, round, session
                          ORDER BY position NULLS LAST, laps DESC NULLS LAST, driver_id, driver_number NULLS LAST) AS classified_order,
       position_text, driver_code, driver_id, constructor_id, grid, laps, status, time_ms, points
FROM analytics.results;

CREATE OR REPLACE VIEW analytics.race_classification AS
SELECT season, round, race_name, race_date,
       row_number() OVER (PARTITION BY season, round
                          ORDER BY position_text = 'D' OR coalesce(status, '') = 'Disqualified',
                                   position NULLS LAST, laps DESC NULLS LAST, position_text = 'W',
                                   grid, driver_id, driver_number NULLS LAST) AS classified_order,
       position, position_text, driver_id, driver_code, driver_number, constructor_id, grid, laps,
       status, time_ms,
       time_ms - min(time_ms) OVER (PARTITION BY season, round) AS gap_ms,
       points, fastest_lap_rank, fastest_lap_ms
FROM analytics.results
WHERE session = 'R';

-- The order inside a tie on points (issue #10). The published tables break a tie by count-back over
-- the classified race finishes, then over the other race results in the source's own order of each
-- race (Jolpica's position, Ergast's positionOrder; a disqualification does not count), then by
-- name: drivers by family name (lower case, accents folded) and given name, constructors by
-- constructor_id. That gives the published order in 68 of 75 drivers' and all 67 constructors' seasons.
-- Results carry the source's order and the driver's name from now on; one loaded before has NULL
-- there until its race is replayed (a revision) and ranks by analytics.race_classification meanwhile.
ALTER TABLE staging.results ADD COLUMN position_order INTEGER;
ALTER TABLE staging.results ADD COLUMN driver_given_name VARCHAR;
ALTER TABLE staging.results ADD COLUMN driver_family_name VARCHAR;

CREATE OR REPLACE VIEW analytics.results AS
SELECT season, round, session, driver_id, driver_code, driver_number, constructor_id, grid,
       position, position_text, points, laps, status, status_category, time_ms,
       fastest_lap_rank, fastest_lap_ms, race_name, circuit_id,
       TRY_CAST(race_date AS DATE) AS race_date, source, revision, ingested_at, _file, _row,
       position_order, driver_given_name, driver_family_name
FROM staging.results
QUALIFY row_number() OVER (
    PARTITION BY season, round, session, driver_id, driver_number
    ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1;

CREATE OR REPLACE VIEW analytics.race_classification AS
SELECT season, round, race_name, race_date,
       row_number() OVER (PARTITION BY season, round
                          ORDER BY position_text = 'D' OR coalesce(status, '') = 'Disqualified',
                                   position NULLS LAST, laps DESC NULLS LAST, position_text = 'W',
                                   grid, driver_id, driver_number NULLS LAST) AS classified_order,
       position, position_text, driver_id, driver_code, driver_number, constructor_id, grid, laps,
       status, time_ms,
       time_ms - min(time_ms) OVER (PARTITION BY season, round) AS gap_ms,
       points, fastest_lap_rank, fastest_lap_ms, position_order
FROM analytics.results
WHERE session = 'R';

-- The standings keep their output columns, so the check views over them stay as they are.

-- Drivers' championship after each round, computed: each round's race and sprint points as the
-- results carry them, of which only the season's best N count (scoring.seasons). Ties are broken by
-- count-back over the race finishes (most wins, then most second places, ...; of two lists equal
-- as far as the shorter goes, the longer ahead), then the same over the unclassified results in the
-- source's order (disqualifications left out), then by family name and given name with accents
-- folded (the same translate in every dialect), then driver_id. A driver excluded
-- (scoring.exceptions) keeps the points and ranks after everyone.
CREATE OR REPLACE VIEW analytics.driver_standings AS
WITH round_points AS (
    SELECT season, round, driver_id, points,
           row_number() OVER (PARTITION BY season, driver_id ORDER BY round, session, driver_number, _row) AS result
    FROM analytics.results
    WHERE session IN ('R', 'S')
),
rounds AS (
    SELECT DISTINCT season, round FROM round_points
),
entrants AS (
    SELECT r.season, r.round, d.driver_id, d.first_round
    FROM rounds r
    JOIN (SELECT season, driver_id, min(round) AS first_round FROM round_points GROUP BY season, driver_id) d
      ON d.season = r.season AND d.first_round <= r.round
),
names AS (
    SELECT season, driver_id,
           translate(lower(max(driver_family_name)),
                     'áàâäãåéèêëíìîïóòôöõøúùûüýÿñçćčšžłńśźżřÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕØÚÙÛÜÝŸÑÇĆČŠŽŁŃŚŹŻŘ',
                     'aaaaaaeeeeiiiioooooouuuuyyncccszlnszzraaaaaaeeeeiiiioooooouuuuyyncccszlnszzr') AS family_name,
           translate(lower(max(driver_given_name)),
                     'áàâäãåéèêëíìîïóòôöõøúùûüýÿñçćčšžłńśźżřÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕØÚÙÛÜÝŸÑÇĆČŠŽŁŃŚŹŻŘ',
                     'aaaaaaeeeeiiiioooooouuuuyyncccszlnszzraaaaaaeeeeiiiioooooouuuuyyncccszlnszzr') AS given_name
    FROM analytics.results
    WHERE session IN ('R', 'S')
    GROUP BY season, driver_id
),
ranked AS (
    SELECT e.season, e.round, e.driver_id, p.points,
           CASE WHEN p.round > s.driver_first_half_rounds THEN s.driver_second_half_best_n
                ELSE s.driver_best_n END AS best_n,
           row_number() OVER (PARTITION BY e.season, e.round, e.driver_id,
                                           p.round > coalesce(s.driver_first_half_rounds, p.round)
                              ORDER BY p.points DESC, p.result) AS best
    FROM entrants e
    JOIN round_points p ON p.season = e.season AND p.driver_id = e.driver_id AND p.round <= e.round
    LEFT JOIN scoring.seasons s ON s.season = e.season
),
totals AS (
    SELECT season, round, driver_id,
           coalesce(sum(points) FILTER (WHERE best_n IS NULL OR best <= best_n), 0) AS points
    FROM ranked
    GROUP BY season, round, driver_id
),
finishes AS (
    SELECT e.season, e.round, e.driver_id,
           count(*) FILTER (WHERE c.position = 1) AS wins,
           count(c.position) AS classified,
           coalesce(string_agg(lpad(CAST(c.position AS VARCHAR), 3, '0'), '' ORDER BY c.position)
                    FILTER (WHERE c.position IS NOT NULL), '') || '999' AS finishes,
           coalesce(string_agg(lpad(CAST(coalesce(c.position_order, c.classified_order) AS VARCHAR), 3, '0'), ''
                               ORDER BY coalesce(c.position_order, c.classified_order))
                    FILTER (WHERE c.position IS NULL AND c.position_text <> 'D'), '') || '999' AS retirements
    FROM entrants e
    JOIN analytics.race_classification c
      ON c.season = e.season AND c.driver_id = e.driver_id AND c.round <= e.round
    GROUP BY e.season, e.round, e.driver_id
),
listed AS (
    SELECT t.season, t.round, t.driver_id, t.points, coalesce(f.wins, 0) AS wins,
           coalesce(f.finishes, '999') AS finishes, coalesce(f.retirements, '999') AS retirements,
           n.family_name, n.given_name, x.position_text AS excluded_text
    FROM totals t
    JOIN entrants e ON e.season = t.season AND e.round = t.round AND e.driver_id = t.driver_id
    LEFT JOIN finishes f ON f.season = t.season AND f.round = t.round AND f.driver_id = t.driver_id
    LEFT JOIN names n ON n.season = t.season AND n.driver_id = t.driver_id
    LEFT JOIN scoring.seasons s ON s.season = t.season
    LEFT JOIN scoring.exceptions x
           ON x.season = t.season AND x.championship = 'drivers' AND x.entrant_id = t.driver_id AND x.kind = 'excluded'
    WHERE NOT EXISTS (SELECT 1 FROM scoring.exceptions u
                      WHERE u.season = t.season AND u.championship = 'drivers' AND u.entrant_id = t.driver_id
                        AND u.kind = 'unlisted')
      AND (coalesce(s.lists_unclassified_drivers, TRUE) OR t.points > 0 OR coalesce(f.classified, 0) > 0)
)
SELECT season, round, driver_id, CAST(points AS DECIMAL(8,2)) AS points, wins, position,
       coalesce(excluded_text, CAST(position AS VARCHAR)) AS position_text
FROM (SELECT l.*, row_number() OVER (PARTITION BY season, round
                                     ORDER BY excluded_text IS NOT NULL, points DESC, finishes, retirements,
                                              family_name NULLS LAST, given_name NULLS LAST, driver_id) AS position
      FROM listed l) ranked_drivers;

-- Constructors' championship after each round, computed from 1958: each car scores its
-- position on the season's scale (sprints on the sprint scale) times the round's multiplier, plus
-- the fastest-lap point where the season gives it to constructors; before 1979 only the
-- best-placed car of a constructor scores in a race; then the season's best N count. Ties are
-- broken by count-back over the race finishes of all the constructor's cars, then over their
-- unclassified results in the source's order (disqualifications left out), then constructor_id.
CREATE OR REPLACE VIEW analytics.constructor_standings AS
WITH cars AS (
    SELECT r.*, s.constructor_best_car_only AS best_car_only, s.sprint_scale, s.constructor_scale,
           s.fastest_lap_points, s.fastest_lap_max_position, s.fastest_lap_counts_for_constructors,
           x.points_multiplier, x.fastest_lap AS round_fastest_lap, coalesce(x.other_class_cars, FALSE) AS other_class_cars,
           NOT s.shared_drives_score AND count(*) OVER (PARTITION BY r.season, r.round, r.session,
                   r.constructor_id, r.driver_number, r.position) > 1 AS shared
    FROM analytics.results r
    JOIN scoring.seasons s ON s.season = r.season AND s.constructor_scale IS NOT NULL
    LEFT JOIN scoring.rounds x ON x.season = r.season AND x.round = r.round
    WHERE r.session IN ('R', 'S') AND r.constructor_id IS NOT NULL
      AND coalesce(x.counts_for_constructors, TRUE)
),
-- In a round run with another class, a car the results give no points was of that class: the
-- cars behind it move up a place on the scale.
eligible AS (
    SELECT c.*,
           c.position - coalesce(sum(CASE WHEN c.other_class_cars AND c.points = 0 AND c.position IS NOT NULL THEN 1 ELSE 0 END)
                                   OVER (PARTITION BY c.season, c.round, c.session ORDER BY c.position
                                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS scoring_position
    FROM cars c
),
car_points AS (
    SELECT c.season, c.round, c.session, c.constructor_id, c.best_car_only,
           CASE WHEN NOT c.best_car_only THEN c.points
                WHEN c.shared OR (c.other_class_cars AND c.points = 0) THEN 0
                ELSE coalesce(p.points, 0) * coalesce(c.points_multiplier, 1)
                     + CASE WHEN c.fastest_lap_counts_for_constructors AND coalesce(c.round_fastest_lap, TRUE)
                                 AND c.session = 'R' AND c.fastest_lap_rank = 1
                                 AND c.position <= coalesce(c.fastest_lap_max_position, c.position)
                            THEN c.fastest_lap_points ELSE 0 END END AS points
    FROM eligible c
    LEFT JOIN scoring.scales p
           ON p.scale = CASE WHEN c.session = 'S' THEN c.sprint_scale ELSE c.constructor_scale END
          AND p.position = c.scoring_position
),
round_points AS (
    SELECT season, round, constructor_id,
           CASE WHEN bool_or(best_car_only) THEN max(points) ELSE sum(points) END AS points
    FROM (SELECT season, round, constructor_id, best_car_only,
                 CASE WHEN best_car_only THEN max(points) ELSE sum(points) END AS points
          FROM car_points GROUP BY season, round, session, constructor_id, best_car_only) sessions
    GROUP BY season, round, constructor_id
),
rounds AS (
    SELECT DISTINCT season, round FROM round_points
),
entrants AS (
    SELECT r.season, r.round, c.constructor_id, c.first_round
    FROM rounds r
    JOIN (SELECT season, constructor_id, min(round) AS first_round FROM round_points GROUP BY season, constructor_id) c
      ON c.season = r.season AND c.first_round <= r.round
),
ranked AS (
    SELECT e.season, e.round, e.constructor_id, p.points,
           CASE WHEN p.round > s.constructor_first_half_rounds THEN s.constructor_second_half_best_n
                ELSE s.constructor_best_n END AS best_n,
           row_number() OVER (PARTITION BY e.season, e.round, e.constructor_id,
                                           p.round > coalesce(s.constructor_first_half_rounds, p.round)
                              ORDER BY p.points DESC, p.round) AS best
    FROM entrants e
    JOIN round_points p ON p.season = e.season AND p.constructor_id = e.constructor_id AND p.round <= e.round
    JOIN scoring.seasons s ON s.season = e.season
),
totals AS (
    SELECT r.season, r.round, r.constructor_id,
           coalesce(sum(r.points) FILTER (WHERE r.best_n IS NULL OR r.best <= r.best_n), 0)
             - coalesce(max(d.points), 0) AS points
    FROM ranked r
    LEFT JOIN scoring.exceptions d
           ON d.season = r.season AND d.championship = 'constructors' AND d.entrant_id = r.constructor_id
          AND d.kind = 'deduction' AND d.round <= r.round
    GROUP BY r.season, r.round, r.constructor_id
),
finishes AS (
    SELECT e.season, e.round, e.constructor_id,
           count(DISTINCT c.round) FILTER (WHERE c.position = 1) AS wins,
           coalesce(string_agg(lpad(CAST(c.position AS VARCHAR), 3, '0'), '' ORDER BY c.position)
                    FILTER (WHERE c.position IS NOT NULL), '') || '999' AS finishes,
           coalesce(string_agg(lpad(CAST(coalesce(c.position_order, c.classified_order) AS VARCHAR), 3, '0'), ''
                               ORDER BY coalesce(c.position_order, c.classified_order))
                    FILTER (WHERE c.position IS NULL AND c.position_text <> 'D'), '') || '999' AS retirements
    FROM entrants e
    JOIN analytics.race_classification c
      ON c.season = e.season AND c.constructor_id = e.constructor_id AND c.round <= e.round
    GROUP BY e.season, e.round, e.constructor_id
)
SELECT season, round, constructor_id, CAST(points AS DECIMAL(8,2)) AS points, wins, position,
       coalesce(excluded_text, CAST(position AS VARCHAR)) AS position_text
FROM (SELECT t.season, t.round, t.constructor_id, t.points, coalesce(f.wins, 0) AS wins, x.position_text AS excluded_text,
             row_number() OVER (PARTITION BY t.season, t.round
                                ORDER BY x.position_text IS NOT NULL, t.points DESC, coalesce(f.finishes, '999'), coalesce(f.retirements, '999'),
                                         t.constructor_id) AS position
      FROM totals t
      LEFT JOIN finishes f ON f.season = t.season AND f.round = t.round AND f.constructor_id = t.constructor_id
      LEFT JOIN scoring.exceptions x
             ON x.season = t.season AND x.championship = 'constructors' AND x.entrant_id = t.constructor_id
            AND x.kind = 'excluded'
      WHERE NOT EXISTS (SELECT 1 FROM scoring.exceptions u
                        WHERE u.season = t.season AND u.championship = 'constructors'
                          AND u.entrant_id = t.constructor_id AND u.kind = 'unlisted')) ranked_constructors;

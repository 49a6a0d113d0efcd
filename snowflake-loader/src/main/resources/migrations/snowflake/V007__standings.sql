-- The same tables and views as DuckDB's V009__standings, in Snowflake's dialect (FILTER becomes
-- IFF/COUNT_IF, string_agg LISTAGG, booleans in ORDER BY IFF(..., 1, 0)). The rule tables are
-- CREATE OR REPLACE so a migration retried after a partial run starts them clean.
-- The championship rules of every season as data (issue #10), and the standings computed with them.
-- Drivers score what their results carry (the source's points hold the fastest-lap point, shared
-- drives' splits and half or double points); the rules say which of those results count (best N,
-- per half-season in 1967-1980), how ties break and who is excluded. Constructors score on the
-- points scale by position while only their best car scored (1958-1978), their drivers' points after.
CREATE SCHEMA IF NOT EXISTS scoring;

-- Points per classified position of each scale (race and sprint).
CREATE OR REPLACE TABLE scoring.scales (
    scale     VARCHAR       NOT NULL,
    position  INTEGER       NOT NULL,
    points    DECIMAL(6,2)  NOT NULL,
    PRIMARY KEY (scale, position)
);

INSERT INTO scoring.scales VALUES
    ('1950', 1, 8), ('1950', 2, 6), ('1950', 3, 4), ('1950', 4, 3), ('1950', 5, 2),
    ('1960', 1, 8), ('1960', 2, 6), ('1960', 3, 4), ('1960', 4, 3), ('1960', 5, 2), ('1960', 6, 1),
    ('1961', 1, 9), ('1961', 2, 6), ('1961', 3, 4), ('1961', 4, 3), ('1961', 5, 2), ('1961', 6, 1),
    ('1991', 1, 10), ('1991', 2, 6), ('1991', 3, 4), ('1991', 4, 3), ('1991', 5, 2), ('1991', 6, 1),
    ('2003', 1, 10), ('2003', 2, 8), ('2003', 3, 6), ('2003', 4, 5), ('2003', 5, 4), ('2003', 6, 3),
    ('2003', 7, 2), ('2003', 8, 1),
    ('2010', 1, 25), ('2010', 2, 18), ('2010', 3, 15), ('2010', 4, 12), ('2010', 5, 10), ('2010', 6, 8),
    ('2010', 7, 6), ('2010', 8, 4), ('2010', 9, 2), ('2010', 10, 1),
    ('sprint2021', 1, 3), ('sprint2021', 2, 2), ('sprint2021', 3, 1),
    ('sprint2022', 1, 8), ('sprint2022', 2, 7), ('sprint2022', 3, 6), ('sprint2022', 4, 5), ('sprint2022', 5, 4),
    ('sprint2022', 6, 3), ('sprint2022', 7, 2), ('sprint2022', 8, 1);

-- One row per season. best_n: only the best N results count (NULL: all count); with
-- first_half_rounds set, best_n applies to rounds 1..first_half_rounds and
-- second_half_best_n to the rest. fastest_lap_max_position: the fastest-lap point needs a finish
-- at or above it (NULL: any). constructor_scale NULL: no constructors' championship (before 1958);
-- constructor_best_car_only: only a constructor's best-placed car scored (1958-1978).
-- lists_unclassified_drivers: the published table lists a driver with no points and no classified
-- finish (false in 1992-1993 and 1995-2007 but 2005, whose tables leave such drivers out).
-- shared_drives_score: a car driven by several drivers in a race scores (its points split between
-- them, 1950-1957); from 1958 such a car scores for neither its drivers nor its constructor.
CREATE OR REPLACE TABLE scoring.seasons (
    season                              INTEGER       PRIMARY KEY,
    race_scale                          VARCHAR       NOT NULL,
    sprint_scale                        VARCHAR,
    fastest_lap_points                  DECIMAL(6,2)  NOT NULL,
    fastest_lap_max_position            INTEGER,
    fastest_lap_counts_for_constructors BOOLEAN       NOT NULL,
    driver_best_n                       INTEGER,
    driver_first_half_rounds            INTEGER,
    driver_second_half_best_n           INTEGER,
    constructor_scale                   VARCHAR,
    constructor_best_car_only           BOOLEAN,
    constructor_best_n                  INTEGER,
    constructor_first_half_rounds       INTEGER,
    constructor_second_half_best_n      INTEGER,
    lists_unclassified_drivers          BOOLEAN       NOT NULL,
    shared_drives_score                 BOOLEAN       NOT NULL
);

INSERT INTO scoring.seasons VALUES
    (1950, '1950', NULL, 1, NULL, FALSE, 4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, TRUE, TRUE),
    (1951, '1950', NULL, 1, NULL, FALSE, 4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, TRUE, TRUE),
    (1952, '1950', NULL, 1, NULL, FALSE, 4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, TRUE, TRUE),
    (1953, '1950', NULL, 1, NULL, FALSE, 4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, TRUE, TRUE),
    (1954, '1950', NULL, 1, NULL, FALSE, 5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, TRUE, TRUE),
    (1955, '1950', NULL, 1, NULL, FALSE, 5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, TRUE, TRUE),
    (1956, '1950', NULL, 1, NULL, FALSE, 5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, TRUE, TRUE),
    (1957, '1950', NULL, 1, NULL, FALSE, 5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, TRUE, TRUE),
    (1958, '1950', NULL, 1, NULL, FALSE, 6, NULL, NULL, '1950', TRUE, 6, NULL, NULL, TRUE, FALSE),
    (1959, '1950', NULL, 1, NULL, FALSE, 5, NULL, NULL, '1950', TRUE, 5, NULL, NULL, TRUE, FALSE),
    (1960, '1960', NULL, 0, NULL, FALSE, 6, NULL, NULL, '1960', TRUE, 6, NULL, NULL, TRUE, FALSE),
    (1961, '1961', NULL, 0, NULL, FALSE, 5, NULL, NULL, '1961', TRUE, 5, NULL, NULL, TRUE, FALSE),
    (1962, '1961', NULL, 0, NULL, FALSE, 5, NULL, NULL, '1961', TRUE, 5, NULL, NULL, TRUE, FALSE),
    (1963, '1961', NULL, 0, NULL, FALSE, 6, NULL, NULL, '1961', TRUE, 6, NULL, NULL, TRUE, FALSE),
    (1964, '1961', NULL, 0, NULL, FALSE, 6, NULL, NULL, '1961', TRUE, 6, NULL, NULL, TRUE, FALSE),
    (1965, '1961', NULL, 0, NULL, FALSE, 6, NULL, NULL, '1961', TRUE, 6, NULL, NULL, TRUE, FALSE),
    (1966, '1961', NULL, 0, NULL, FALSE, 5, NULL, NULL, '1961', TRUE, 5, NULL, NULL, TRUE, FALSE),
    (1967, '1961', NULL, 0, NULL, FALSE, 5, 6, 4, '1961', TRUE, 5, 6, 4, TRUE, FALSE),
    (1968, '1961', NULL, 0, NULL, FALSE, 5, 6, 5, '1961', TRUE, 5, 6, 5, TRUE, FALSE),
    (1969, '1961', NULL, 0, NULL, FALSE, 5, 6, 4, '1961', TRUE, 5, 6, 4, TRUE, FALSE),
    (1970, '1961', NULL, 0, NULL, FALSE, 6, 7, 5, '1961', TRUE, 6, 7, 5, TRUE, FALSE),
    (1971, '1961', NULL, 0, NULL, FALSE, 5, 6, 4, '1961', TRUE, 5, 6, 4, TRUE, FALSE),
    (1972, '1961', NULL, 0, NULL, FALSE, 5, 6, 5, '1961', TRUE, 5, 6, 5, TRUE, FALSE),
    (1973, '1961', NULL, 0, NULL, FALSE, 7, 8, 6, '1961', TRUE, 7, 8, 6, TRUE, FALSE),
    (1974, '1961', NULL, 0, NULL, FALSE, 7, 8, 6, '1961', TRUE, 7, 8, 6, TRUE, FALSE),
    (1975, '1961', NULL, 0, NULL, FALSE, 6, 7, 6, '1961', TRUE, 6, 7, 6, TRUE, FALSE),
    (1976, '1961', NULL, 0, NULL, FALSE, 7, 8, 7, '1961', TRUE, 7, 8, 7, TRUE, FALSE),
    (1977, '1961', NULL, 0, NULL, FALSE, 8, 9, 7, '1961', TRUE, 8, 9, 7, TRUE, FALSE),
    (1978, '1961', NULL, 0, NULL, FALSE, 7, 8, 7, '1961', TRUE, 7, 8, 7, TRUE, FALSE),
    (1979, '1961', NULL, 0, NULL, FALSE, 4, 7, 4, '1961', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (1980, '1961', NULL, 0, NULL, FALSE, 5, 7, 5, '1961', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (1981, '1961', NULL, 0, NULL, FALSE, 11, NULL, NULL, '1961', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (1982, '1961', NULL, 0, NULL, FALSE, 11, NULL, NULL, '1961', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (1983, '1961', NULL, 0, NULL, FALSE, 11, NULL, NULL, '1961', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (1984, '1961', NULL, 0, NULL, FALSE, 11, NULL, NULL, '1961', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (1985, '1961', NULL, 0, NULL, FALSE, 11, NULL, NULL, '1961', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (1986, '1961', NULL, 0, NULL, FALSE, 11, NULL, NULL, '1961', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (1987, '1961', NULL, 0, NULL, FALSE, 11, NULL, NULL, '1961', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (1988, '1961', NULL, 0, NULL, FALSE, 11, NULL, NULL, '1961', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (1989, '1961', NULL, 0, NULL, FALSE, 11, NULL, NULL, '1961', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (1990, '1961', NULL, 0, NULL, FALSE, 11, NULL, NULL, '1961', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (1991, '1991', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '1991', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (1992, '1991', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '1991', FALSE, NULL, NULL, NULL, FALSE, FALSE),
    (1993, '1991', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '1991', FALSE, NULL, NULL, NULL, FALSE, FALSE),
    (1994, '1991', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '1991', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (1995, '1991', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '1991', FALSE, NULL, NULL, NULL, FALSE, FALSE),
    (1996, '1991', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '1991', FALSE, NULL, NULL, NULL, FALSE, FALSE),
    (1997, '1991', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '1991', FALSE, NULL, NULL, NULL, FALSE, FALSE),
    (1998, '1991', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '1991', FALSE, NULL, NULL, NULL, FALSE, FALSE),
    (1999, '1991', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '1991', FALSE, NULL, NULL, NULL, FALSE, FALSE),
    (2000, '1991', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '1991', FALSE, NULL, NULL, NULL, FALSE, FALSE),
    (2001, '1991', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '1991', FALSE, NULL, NULL, NULL, FALSE, FALSE),
    (2002, '1991', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '1991', FALSE, NULL, NULL, NULL, FALSE, FALSE),
    (2003, '2003', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '2003', FALSE, NULL, NULL, NULL, FALSE, FALSE),
    (2004, '2003', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '2003', FALSE, NULL, NULL, NULL, FALSE, FALSE),
    (2005, '2003', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '2003', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2006, '2003', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '2003', FALSE, NULL, NULL, NULL, FALSE, FALSE),
    (2007, '2003', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '2003', FALSE, NULL, NULL, NULL, FALSE, FALSE),
    (2008, '2003', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '2003', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2009, '2003', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '2003', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2010, '2010', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2011, '2010', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2012, '2010', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2013, '2010', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2014, '2010', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2015, '2010', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2016, '2010', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2017, '2010', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2018, '2010', NULL, 0, NULL, FALSE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2019, '2010', NULL, 1, 10, TRUE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2020, '2010', NULL, 1, 10, TRUE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2021, '2010', 'sprint2021', 1, 10, TRUE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2022, '2010', 'sprint2022', 1, 10, TRUE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2023, '2010', 'sprint2022', 1, 10, TRUE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2024, '2010', 'sprint2022', 1, 10, TRUE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2025, '2010', 'sprint2022', 0, NULL, FALSE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE),
    (2026, '2010', 'sprint2022', 0, NULL, FALSE, NULL, NULL, NULL, '2010', FALSE, NULL, NULL, NULL, TRUE, FALSE);

-- Rounds scored differently from their season: half points (a race stopped before the distance
-- for full points), double points, the Indianapolis 500 (a drivers' round only) and German GPs
-- run with a Formula 2 class (other_class_cars: a car the results give no points scores nothing,
-- and the cars behind it move up the constructors' scale).
CREATE OR REPLACE TABLE scoring.rounds (
    season                  INTEGER       NOT NULL,
    round                   INTEGER       NOT NULL,
    points_multiplier       DECIMAL(4,2)  NOT NULL,
    fastest_lap             BOOLEAN       NOT NULL,
    counts_for_constructors BOOLEAN       NOT NULL,
    other_class_cars        BOOLEAN       NOT NULL,
    reason                  VARCHAR       NOT NULL,
    PRIMARY KEY (season, round)
);

INSERT INTO scoring.rounds VALUES
    (1950, 3, 1, TRUE, FALSE, FALSE, 'Indianapolis 500'),
    (1951, 2, 1, TRUE, FALSE, FALSE, 'Indianapolis 500'),
    (1952, 2, 1, TRUE, FALSE, FALSE, 'Indianapolis 500'),
    (1953, 2, 1, TRUE, FALSE, FALSE, 'Indianapolis 500'),
    (1954, 2, 1, TRUE, FALSE, FALSE, 'Indianapolis 500'),
    (1955, 3, 1, TRUE, FALSE, FALSE, 'Indianapolis 500'),
    (1956, 3, 1, TRUE, FALSE, FALSE, 'Indianapolis 500'),
    (1957, 3, 1, TRUE, FALSE, FALSE, 'Indianapolis 500'),
    (1958, 4, 1, TRUE, FALSE, FALSE, 'Indianapolis 500'),
    (1958, 8, 1, TRUE, TRUE, TRUE, 'German GP run with a Formula 2 class'),
    (1959, 2, 1, TRUE, FALSE, FALSE, 'Indianapolis 500'),
    (1960, 3, 1, TRUE, FALSE, FALSE, 'Indianapolis 500'),
    (1966, 6, 1, TRUE, TRUE, TRUE, 'German GP run with a Formula 2 class'),
    (1967, 7, 1, TRUE, TRUE, TRUE, 'German GP run with a Formula 2 class'),
    (1969, 7, 1, TRUE, TRUE, TRUE, 'German GP run with a Formula 2 class'),
    (1975, 4, 0.5, TRUE, TRUE, FALSE, 'Spanish GP stopped after 29 of 75 laps: half points'),
    (1975, 12, 0.5, TRUE, TRUE, FALSE, 'Austrian GP stopped after 29 of 54 laps: half points'),
    (1984, 6, 0.5, TRUE, TRUE, FALSE, 'Monaco GP stopped after 31 of 77 laps: half points'),
    (1991, 16, 0.5, TRUE, TRUE, FALSE, 'Australian GP stopped after 14 of 81 laps: half points'),
    (2009, 2, 0.5, TRUE, TRUE, FALSE, 'Malaysian GP stopped after 31 of 56 laps: half points'),
    (2014, 19, 2, TRUE, TRUE, FALSE, 'Abu Dhabi GP: double points in the final round'),
    (2021, 12, 0.5, FALSE, TRUE, FALSE, 'Belgian GP: one lap behind the safety car, half points and no fastest-lap point');

-- Where history is irregular. 'excluded': the entrant keeps its results and points but is
-- classified after everyone else with the given position text. 'unlisted': the official table
-- leaves the entrant out although the season's rule would list it. 'deduction': points taken
-- off the total in the standings after the round and later. 'no_points': the entrant's result of
-- the round scored nothing (a car not entered for the championship, a penalty) and the cars
-- behind kept their places' points.
CREATE OR REPLACE TABLE scoring.exceptions (
    season         INTEGER       NOT NULL,
    championship   VARCHAR       NOT NULL,
    entrant_id     VARCHAR       NOT NULL,
    kind           VARCHAR       NOT NULL,
    round          INTEGER,
    points         DECIMAL(6,2),
    position_text  VARCHAR,
    reason         VARCHAR       NOT NULL,
    PRIMARY KEY (season, championship, entrant_id, kind)
);

INSERT INTO scoring.exceptions VALUES
    (1961, 'constructors', 'ferguson', 'unlisted', NULL, NULL, NULL,
     'Only result a disqualification (British GP, push start): not in the final table'),
    (1963, 'drivers', 'hill', 'no_points', 4, NULL, NULL,
     'French GP: third after a penalty for a push start, no points'),
    (1967, 'drivers', 'wietzes', 'unlisted', NULL, NULL, NULL,
     'Only result a disqualification (Canadian GP): not in the final table'),
    (1969, 'drivers', 'pease', 'unlisted', NULL, NULL, NULL,
     'Only result a disqualification (Canadian GP): not in the final table'),
    (1969, 'constructors', 'eagle-climax', 'unlisted', NULL, NULL, NULL,
     'Only result a disqualification (Canadian GP): not in the final table'),
    (1973, 'drivers', 'redman', 'unlisted', NULL, NULL, NULL,
     'Only result a disqualification (United States GP): not in the final table'),
    (1984, 'drivers', 'gartner', 'no_points', 14, NULL, NULL,
     'Italian GP: fifth in a second Osella not entered for the championship'),
    (1984, 'drivers', 'berger', 'no_points', 14, NULL, NULL,
     'Italian GP: sixth in a second ATS not entered for the championship'),
    (1987, 'drivers', 'dalmas', 'no_points', 16, NULL, NULL,
     'Australian GP: fifth in a second Larrousse not entered for the championship'),
    (1992, 'constructors', 'moda', 'unlisted', NULL, NULL, NULL,
     'No points and no classified finish (one retirement, the rest failed to qualify): not in the final table'),
    (1997, 'drivers', 'michael_schumacher', 'excluded', NULL, NULL, 'D',
     'Disqualified from the 1997 drivers'' championship for causing the collision with Villeneuve at Jerez; results stand'),
    (2007, 'constructors', 'mclaren', 'excluded', NULL, NULL, 'E',
     'Excluded from the 2007 constructors'' championship over Ferrari technical information; drivers keep their points'),
    (2018, 'constructors', 'force_india', 'deduction', 13, 59, NULL,
     'Entry taken over after administration before the Belgian GP: the 59 points of rounds 1-12 stay with the old entry'),
    (2020, 'constructors', 'racing_point', 'deduction', 5, 15, NULL,
     'Brake-duct protest (Styrian GP): 15 points deducted before the 70th Anniversary GP');

-- The computed views change shape; the views over them go first.
DROP VIEW IF EXISTS analytics.standings_check;
DROP VIEW IF EXISTS analytics.driver_standings;
DROP VIEW IF EXISTS analytics.constructor_standings;

-- Drivers' championship after each round, computed: each round's race and sprint points as the
-- results carry them, of which only the season's best N count (scoring.seasons), ties broken by
-- count-back over the race classification (most wins, then most second places, ...; finishes
-- outside the points and retirements count too, in classified order), then by first appearance.
-- A driver excluded (scoring.exceptions) keeps the points and ranks after everyone.
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
           COALESCE(SUM(IFF(best_n IS NULL OR best <= best_n, points, 0)), 0) AS points
    FROM ranked
    GROUP BY season, round, driver_id
),
finishes AS (
    SELECT e.season, e.round, e.driver_id,
           COUNT_IF(c.position = 1) AS wins,
           count(c.position) AS classified,
           COALESCE(LISTAGG(IFF(c.position IS NOT NULL, LPAD(CAST(c.position AS VARCHAR), 3, '0'), NULL), '')
                    WITHIN GROUP (ORDER BY c.position), '') || '999' AS finishes,
           COALESCE(LISTAGG(IFF(c.position IS NULL, LPAD(CAST(c.classified_order AS VARCHAR), 3, '0'), NULL), '')
                    WITHIN GROUP (ORDER BY c.classified_order), '') || '999' AS retirements
    FROM entrants e
    JOIN analytics.race_classification c
      ON c.season = e.season AND c.driver_id = e.driver_id AND c.round <= e.round
    GROUP BY e.season, e.round, e.driver_id
),
listed AS (
    SELECT t.season, t.round, t.driver_id, t.points, coalesce(f.wins, 0) AS wins,
           coalesce(f.finishes, '999') AS finishes, coalesce(f.retirements, '999') AS retirements,
           e.first_round, x.position_text AS excluded_text
    FROM totals t
    JOIN entrants e ON e.season = t.season AND e.round = t.round AND e.driver_id = t.driver_id
    LEFT JOIN finishes f ON f.season = t.season AND f.round = t.round AND f.driver_id = t.driver_id
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
                                     ORDER BY IFF(excluded_text IS NOT NULL, 1, 0), points DESC, finishes, retirements, first_round, driver_id) AS position
      FROM listed l) ranked_drivers;

-- Constructors' championship after each round, computed from 1958: each car scores its
-- position on the season's scale (sprints on the sprint scale) times the round's multiplier, plus
-- the fastest-lap point where the season gives it to constructors; before 1979 only the
-- best-placed car of a constructor scores in a race; then the season's best N count. Ties are
-- broken by count-back over the constructor's classified finishes.
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
           CASE WHEN BOOLOR_AGG(best_car_only) THEN MAX(points) ELSE SUM(points) END AS points
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
           COALESCE(SUM(IFF(r.best_n IS NULL OR r.best <= r.best_n, r.points, 0)), 0)
             - coalesce(max(d.points), 0) AS points
    FROM ranked r
    LEFT JOIN scoring.exceptions d
           ON d.season = r.season AND d.championship = 'constructors' AND d.entrant_id = r.constructor_id
          AND d.kind = 'deduction' AND d.round <= r.round
    GROUP BY r.season, r.round, r.constructor_id
),
finishes AS (
    SELECT e.season, e.round, e.constructor_id,
           COUNT(DISTINCT IFF(c.position = 1, c.round, NULL)) AS wins,
           COALESCE(LISTAGG(IFF(c.position IS NOT NULL, LPAD(CAST(c.position AS VARCHAR), 3, '0'), NULL), '')
                    WITHIN GROUP (ORDER BY c.position), '') || '999' AS finishes,
           COALESCE(LISTAGG(IFF(c.position IS NULL, LPAD(CAST(c.classified_order AS VARCHAR), 3, '0'), NULL), '')
                    WITHIN GROUP (ORDER BY c.classified_order), '') || '999' AS retirements
    FROM entrants e
    JOIN analytics.race_classification c
      ON c.season = e.season AND c.constructor_id = e.constructor_id AND c.round <= e.round
    GROUP BY e.season, e.round, e.constructor_id
)
SELECT season, round, constructor_id, CAST(points AS DECIMAL(8,2)) AS points, wins, position,
       coalesce(excluded_text, CAST(position AS VARCHAR)) AS position_text
FROM (SELECT t.season, t.round, t.constructor_id, t.points, coalesce(f.wins, 0) AS wins, x.position_text AS excluded_text,
             row_number() OVER (PARTITION BY t.season, t.round
                                ORDER BY IFF(x.position_text IS NOT NULL, 1, 0), t.points DESC, coalesce(f.finishes, '999'), coalesce(f.retirements, '999'),
                                         e.first_round, t.constructor_id) AS position
      FROM totals t
      JOIN entrants e ON e.season = t.season AND e.round = t.round AND e.constructor_id = t.constructor_id
      LEFT JOIN finishes f ON f.season = t.season AND f.round = t.round AND f.constructor_id = t.constructor_id
      LEFT JOIN scoring.exceptions x
             ON x.season = t.season AND x.championship = 'constructors' AND x.entrant_id = t.constructor_id
            AND x.kind = 'excluded'
      WHERE NOT EXISTS (SELECT 1 FROM scoring.exceptions u
                        WHERE u.season = t.season AND u.championship = 'constructors'
                          AND u.entrant_id = t.constructor_id AND u.kind = 'unlisted')) ranked_constructors;

-- Each race and sprint result's points as the season's rules give them next to the points the
-- results carry: the scale by position times the round's multiplier, split between the drivers
-- of a shared car (1950-1957; from 1958 a shared car scores nothing), plus the fastest-lap point
-- where the season gives one and the record names the fastest lap (fastest_lap_rank; the records
-- before 2004 do not, so there rule_points leaves that point out).
CREATE OR REPLACE VIEW analytics.result_points AS
WITH cars AS (
    SELECT r.season, r.round, r.session, r.driver_id, r.driver_number, r.constructor_id, r.position,
           r.position_text, r.fastest_lap_rank, r.points, coalesce(x.other_class_cars, FALSE) AS other_class_cars,
           count(*) OVER (PARTITION BY r.season, r.round, r.session, r.constructor_id, r.driver_number, r.position) AS drivers
    FROM analytics.results r
    LEFT JOIN scoring.rounds x ON x.season = r.season AND x.round = r.round
    WHERE r.session IN ('R', 'S')
),
eligible AS (
    SELECT c.*,
           c.position - coalesce(sum(CASE WHEN c.other_class_cars AND c.points = 0 AND c.position IS NOT NULL THEN 1 ELSE 0 END)
                                   OVER (PARTITION BY c.season, c.round, c.session ORDER BY c.position
                                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS scoring_position
    FROM cars c
)
SELECT c.season, c.round, c.session, c.driver_id, c.driver_number, c.constructor_id, c.position, c.position_text,
       c.points,
       CAST(CASE WHEN (c.drivers > 1 AND NOT s.shared_drives_score) OR (c.other_class_cars AND c.points = 0) OR n.kind IS NOT NULL THEN 0
            ELSE coalesce(p.points, 0) * coalesce(x.points_multiplier, 1) / c.drivers
                 + CASE WHEN c.session = 'R' AND c.fastest_lap_rank = 1 AND coalesce(x.fastest_lap, TRUE)
                             AND c.position <= coalesce(s.fastest_lap_max_position, c.position)
                        THEN s.fastest_lap_points ELSE 0 END END AS DECIMAL(6,2)) AS rule_points
FROM eligible c
JOIN scoring.seasons s ON s.season = c.season
LEFT JOIN scoring.rounds x ON x.season = c.season AND x.round = c.round
LEFT JOIN scoring.exceptions n
       ON n.season = c.season AND n.championship = 'drivers' AND n.entrant_id = c.driver_id
      AND n.kind = 'no_points' AND n.round = c.round
LEFT JOIN scoring.scales p
       ON p.scale = CASE WHEN c.session = 'S' THEN s.sprint_scale ELSE s.race_scale END
      AND p.position = c.scoring_position;

-- The constructors' championship as published after each round (until this script it was
-- analytics.constructor_standings, now the computed one).
CREATE OR REPLACE VIEW analytics.published_constructor_standings AS
SELECT season, round, constructor_id, position, position_text, points, wins,
       source, revision, ingested_at, _file, _row
FROM staging.constructor_standings
QUALIFY row_number() OVER (
    PARTITION BY season, round, session, constructor_id
    ORDER BY revision DESC, ingested_at DESC, _file DESC, _row DESC) = 1;

-- Computed next to published, driver by driver after each round. A published position NULL (Jolpica
-- leaves a driver with no points and no classified finish unranked, '-') agrees with any computed
-- one: the computed table ranks such drivers by count-back, as the published tables before 2025 do.
CREATE OR REPLACE VIEW analytics.standings_check AS
SELECT coalesce(c.season, p.season) AS season,
       coalesce(c.round, p.round) AS round,
       coalesce(c.driver_id, p.driver_id) AS driver_id,
       c.points AS computed_points,
       p.points AS published_points,
       c.position AS computed_position,
       p.position AS published_position,
       coalesce(c.points = p.points AND c.wins = p.wins
                AND (p.position IS NULL OR c.position = p.position)
                AND coalesce(c.position_text = 'D', false) = coalesce(p.position_text = 'D', false), false) AS agrees,
       c.wins AS computed_wins,
       p.wins AS published_wins
FROM analytics.driver_standings c
FULL OUTER JOIN analytics.published_driver_standings p
       ON p.season = c.season AND p.round = c.round AND p.driver_id = c.driver_id;

-- The same for constructors.
CREATE OR REPLACE VIEW analytics.constructor_standings_check AS
SELECT coalesce(c.season, p.season) AS season,
       coalesce(c.round, p.round) AS round,
       coalesce(c.constructor_id, p.constructor_id) AS constructor_id,
       c.points AS computed_points,
       p.points AS published_points,
       c.position AS computed_position,
       p.position AS published_position,
       c.wins AS computed_wins,
       p.wins AS published_wins,
       coalesce(c.points = p.points AND c.wins = p.wins
                AND (p.position IS NULL OR c.position = p.position), false) AS agrees
FROM analytics.constructor_standings c
FULL OUTER JOIN analytics.published_constructor_standings p
       ON p.season = c.season AND p.round = c.round AND p.constructor_id = c.constructor_id;

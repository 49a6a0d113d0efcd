package dev.pitwall.producer.replay;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a replay committed to the raw topics: rounds, sessions and records per table. The four-number
 * constructor (rounds, sessions, results, laps) stays for callers that only know those tables.
 */
public record ReplayResult(int rounds, int sessions, long results, long laps,
                           long qualifying, long pitStops, long driverStandings, long constructorStandings) {

    public ReplayResult(int rounds, int sessions, long results, long laps) {
        this(rounds, sessions, results, laps, 0, 0, 0, 0);
    }

    /** Records of every table together. */
    public long records() {
        return results + laps + qualifying + pitStops + driverStandings + constructorStandings;
    }

    /** Records per table, named as in a FINISHED event's {@code expected} map, every table listed. */
    public Map<String, Long> perTable() {
        Map<String, Long> tables = new LinkedHashMap<>();
        tables.put("results", results);
        tables.put("laps", laps);
        tables.put("qualifying", qualifying);
        tables.put("pitstops", pitStops);
        tables.put("driver_standings", driverStandings);
        tables.put("constructor_standings", constructorStandings);
        return tables;
    }

    /** The sum of two replays (e.g. the seasons of one command). */
    public ReplayResult plus(ReplayResult other) {
        return new ReplayResult(rounds + other.rounds, sessions + other.sessions, results + other.results, laps + other.laps,
                qualifying + other.qualifying, pitStops + other.pitStops, driverStandings + other.driverStandings,
                constructorStandings + other.constructorStandings);
    }
}

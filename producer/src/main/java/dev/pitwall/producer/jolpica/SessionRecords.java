package dev.pitwall.producer.jolpica;

import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawPitStop;
import dev.pitwall.schemas.avro.RawQualifying;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.RawStanding;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one session contributes to the raw topics. Session codes as in DESIGN §5 ({@code R},
 * {@code S}, {@code Q}). A race carries its results, laps, pit stops and the championship standings
 * after the round (they are counted with the race); a sprint its results; qualifying its rows.
 */
public record SessionRecords(int season, int round, String session, List<RawResult> results, List<RawLap> laps,
                             List<RawQualifying> qualifying, List<RawPitStop> pitStops,
                             List<RawStanding> driverStandings, List<RawStanding> constructorStandings) {
    public static final String RACE = "R";
    public static final String SPRINT = "S";
    public static final String QUALIFYING = "Q";

    /** Table names of the FINISHED event's {@code expected} map (and of Streams' batches). */
    public static final String RESULTS_TABLE = "results";
    public static final String LAPS_TABLE = "laps";
    public static final String QUALIFYING_TABLE = "qualifying";
    public static final String PITSTOPS_TABLE = "pitstops";
    public static final String DRIVER_STANDINGS_TABLE = "driver_standings";
    public static final String CONSTRUCTOR_STANDINGS_TABLE = "constructor_standings";

    public SessionRecords {
        results = List.copyOf(results);
        laps = List.copyOf(laps);
        qualifying = List.copyOf(qualifying);
        pitStops = List.copyOf(pitStops);
        driverStandings = List.copyOf(driverStandings);
        constructorStandings = List.copyOf(constructorStandings);
    }

    /** A session with results and laps only (a sprint, or a race whose source has nothing else). */
    public SessionRecords(int season, int round, String session, List<RawResult> results, List<RawLap> laps) {
        this(season, round, session, results, laps, List.of(), List.of(), List.of(), List.of());
    }

    /**
     * Records per table for the FINISHED event: only the tables this kind of session has, zero
     * counts included. {@code Q}: qualifying; {@code S}: results, laps; {@code R}: results, laps,
     * pitstops, driver_standings, constructor_standings.
     */
    public Map<String, Long> expected() {
        Map<String, Long> expected = new LinkedHashMap<>();
        if (QUALIFYING.equals(session)) {
            expected.put(QUALIFYING_TABLE, (long) qualifying.size());
            return Collections.unmodifiableMap(expected);
        }
        expected.put(RESULTS_TABLE, (long) results.size());
        expected.put(LAPS_TABLE, (long) laps.size());
        if (RACE.equals(session)) {
            expected.put(PITSTOPS_TABLE, (long) pitStops.size());
            expected.put(DRIVER_STANDINGS_TABLE, (long) driverStandings.size());
            expected.put(CONSTRUCTOR_STANDINGS_TABLE, (long) constructorStandings.size());
        }
        return Collections.unmodifiableMap(expected);
    }

    /** Every raw record of the session, all tables. */
    public long records() {
        return (long) results.size() + laps.size() + qualifying.size() + pitStops.size()
                + driverStandings.size() + constructorStandings.size();
    }
}

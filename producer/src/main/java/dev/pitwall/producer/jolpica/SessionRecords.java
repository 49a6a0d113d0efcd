package dev.pitwall.producer.jolpica;

import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawResult;
import java.util.List;

/** Everything one session contributes to the raw topics. Session codes as in DESIGN §5 ({@code R}, {@code S}). */
public record SessionRecords(int season, int round, String session, List<RawResult> results, List<RawLap> laps) {
    public static final String RACE = "R";
    public static final String SPRINT = "S";

    public SessionRecords {
        results = List.copyOf(results);
        laps = List.copyOf(laps);
    }
}

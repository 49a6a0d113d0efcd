package dev.pitwall.streams.livetiming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Live, a lap is emitted at its line crossing and again when its late-value window has passed: on the
 * recorded 2018 Baku race the last emission of every lap equals what a replay derives, and the first
 * comes at most {@link TimingLapDeriver#LAP_TIME_WAIT_MS} (plus the wait for the session's next
 * TimingData/TimingAppData message) of feed time after the line.
 */
class EarlyLapEmissionTest {
    private static final String RACE = "2018/2018-04-29_Azerbaijan_Grand_Prix/2018-04-29_Race";

    @Test
    void lastEmissionOfEveryLapIsTheReplaysAndTheFirstComesAtTheLine() {
        Path session = RecordedLiveTiming.root().resolve(RACE);
        List<TimingLap> replayed = RecordedLiveTiming.derive(session, true);

        TimingLapDeriver live = new TimingLapDeriver(true);
        Map<String, TimingLap> latest = new LinkedHashMap<>();
        Map<String, Long> firstDelay = new LinkedHashMap<>();
        int emissions = 0;
        for (RecordedLiveTiming.Message m : RecordedLiveTiming.read(session, "TimingAppData", "TimingData")) {
            for (TimingLap l : live.accept(m.topic(), m.json(), m.offsetMs(), true)) {
                String key = l.driverNumber() + "/" + l.lap();
                latest.put(key, l);
                firstDelay.putIfAbsent(key, m.offsetMs() - l.completedAtMs());
                emissions++;
            }
        }
        for (TimingLap l : live.finish()) {
            latest.put(l.driverNumber() + "/" + l.lap(), l);
            emissions++;
        }

        Map<String, TimingLap> expected = new LinkedHashMap<>();
        replayed.forEach(l -> expected.put(l.driverNumber() + "/" + l.lap(), l));
        assertThat(latest).hasSize(841).isEqualTo(expected);
        List<Long> delays = new ArrayList<>(firstDelay.values());
        delays.sort(Long::compare);
        long revised = latest.keySet().stream().filter(k -> !expected.get(k).equals(firstOf(k, session))).count();
        System.out.printf("early laps: %d laps, %d emissions, %d changed after the first; feed ms from line to first emission"
                + " p50 %d, p99 %d, max %d%n", latest.size(), emissions, revised, delays.get(delays.size() / 2),
                delays.get((int) Math.ceil(delays.size() * 0.99) - 1), delays.get(delays.size() - 1));
        assertThat(delays.get(delays.size() - 1)).as("feed ms from a line crossing to its lap's first emission")
                .isLessThanOrEqualTo(TimingLapDeriver.LAP_TIME_WAIT_MS + 1_000);
        assertThat(firstDelay).as("every lap emitted before its window passed").hasSize(841);
    }

    private static final Map<String, TimingLap> FIRST = new LinkedHashMap<>();

    private static TimingLap firstOf(String key, Path session) {
        if (FIRST.isEmpty()) {
            TimingLapDeriver live = new TimingLapDeriver(true);
            for (RecordedLiveTiming.Message m : RecordedLiveTiming.read(session, "TimingAppData", "TimingData")) {
                live.accept(m.topic(), m.json(), m.offsetMs(), true).forEach(l -> FIRST.putIfAbsent(l.driverNumber() + "/" + l.lap(), l));
            }
        }
        return FIRST.get(key);
    }
}

package dev.pitwall.producer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.jolpica.SessionRecords;
import dev.pitwall.producer.jolpica.WeekendReader;
import dev.pitwall.producer.testing.Fixtures;
import dev.pitwall.schemas.avro.RawLap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LapTimelineTest {

    @Test
    void lapTimesAreReadInEveryFormJolpicaUses() {
        assertThat(LapTimeline.millis("1:32.456")).isEqualTo(92_456);
        assertThat(LapTimeline.millis("59.1")).isEqualTo(59_100);
        assertThat(LapTimeline.millis("1:02:03.456")).isEqualTo(3_723_456);
        assertThat(LapTimeline.millis(null)).isZero();
        assertThat(LapTimeline.millis("DNF")).isZero();
    }

    @Test
    void aRaceComesOutInTheOrderItsLapsWereCompleted() {
        List<RawLap> laps = race(2024, 6).laps();
        List<LapTimeline.LapGroup> groups = LapTimeline.groups(laps);
        List<RawLap> sent = groups.stream().flatMap(g -> g.laps().stream()).toList();

        assertThat(sent).containsExactlyInAnyOrderElementsOf(laps);
        assertThat(sent).isEqualTo(LapTimeline.ordered(laps));
        // each driver's laps stay in lap order, and completion times (summed here) never go backwards
        Map<String, Long> elapsed = new HashMap<>();
        Map<String, Integer> lastLap = new HashMap<>();
        long previous = 0;
        List<Long> completions = new ArrayList<>();
        for (RawLap lap : sent) {
            int number = Integer.parseInt(lap.getLap());
            assertThat(number).isGreaterThan(lastLap.getOrDefault(lap.getDriverId(), 0));
            lastLap.put(lap.getDriverId(), number);
            long at = elapsed.merge(lap.getDriverId(), LapTimeline.millis(lap.getTime()), Long::sum);
            assertThat(at).isGreaterThanOrEqualTo(previous);
            previous = at;
            completions.add(at);
        }
        // one group per lap the leader completed, plus one for lapped cars still finishing
        int raceLaps = laps.stream().mapToInt(l -> Integer.parseInt(l.getLap())).max().orElseThrow();
        assertThat(groups.size()).isBetween(raceLaps, raceLaps + 1);
        assertThat(groups).extracting(LapTimeline.LapGroup::atMs).isSorted();
        int index = 0;
        for (LapTimeline.LapGroup group : groups) {
            for (int i = 0; i < group.laps().size(); i++, index++) {
                assertThat(completions.get(index)).isLessThanOrEqualTo(group.atMs());
            }
        }
        assertThat(groups.get(groups.size() - 1).atMs()).isEqualTo(previous);
    }

    static SessionRecords race(int season, int round) {
        try (RawArchiveSource archive = new RawArchiveSource(Fixtures.archive())) {
            return new WeekendReader(archive).weekend(season, round, true).stream()
                    .filter(s -> s.session().equals(SessionRecords.RACE)).findFirst().orElseThrow();
        }
    }
}

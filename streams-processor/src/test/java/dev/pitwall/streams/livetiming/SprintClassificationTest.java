package dev.pitwall.streams.livetiming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The acceptance check on a second recorded session the derivation was not tuned on: the 2023
 * Azerbaijan sprint against Jolpica's sprint classification ({@code jolpica/2023/4/sprint.json}):
 * laps completed, position (laps, then the order of completing the last one, as
 * {@code analytics.timing_classification} ranks) and fastest lap, driver by driver.
 */
class SprintClassificationTest {
    @Test
    void theSprintsClassificationMatchesJolpica() throws Exception {
        Path root = RecordedLiveTiming.root();
        List<TimingLap> live = RecordedLiveTiming.derive(root.resolve("2023/2023-04-30_Azerbaijan_Grand_Prix/2023-04-29_Sprint"), true);
        JsonNode results = RecordedLiveTiming.JSON.readTree(root.resolveSibling("jolpica/2023/4/sprint.json").toFile())
                .path("MRData").path("RaceTable").path("Races").get(0).path("SprintResults");

        record Row(int number, int laps, Integer lastPosition, Long fastest) {}
        Map<Integer, List<TimingLap>> byCar = new TreeMap<>();
        live.forEach(l -> byCar.computeIfAbsent(l.driverNumber(), n -> new ArrayList<>()).add(l));
        List<Row> rows = new ArrayList<>();
        byCar.forEach((n, laps) -> {
            TimingLap last = laps.stream().max(Comparator.comparingInt(TimingLap::lap)).orElseThrow();
            rows.add(new Row(n, last.lap(), last.position(),
                    laps.stream().map(TimingLap::lapTimeMs).filter(Objects::nonNull).min(Long::compare).orElse(null)));
        });
        rows.sort(Comparator.comparingInt(Row::laps).reversed()
                .thenComparing(Row::lastPosition, Comparator.nullsLast(Comparator.naturalOrder())).thenComparingInt(Row::number));

        for (JsonNode r : results) {
            int number = r.path("number").asInt();
            Row mine = rows.stream().filter(x -> x.number() == number).findFirst().orElse(null);
            if (r.path("laps").asInt() == 0) {
                assertThat(mine).as("car %d completed no lap", number).isNull();
                continue;
            }
            assertThat(mine).as("car %d", number).isNotNull();
            assertThat(mine.laps()).as("laps of car %d", number).isEqualTo(r.path("laps").asInt());
            assertThat(rows.indexOf(mine) + 1).as("position of car %d", number).isEqualTo(r.path("position").asInt());
            String fastest = r.path("FastestLap").path("Time").path("time").asText(null);
            if (fastest == null) {
                // Jolpica ranks no fastest lap for Tsunoda (2 laps, collision damage); the feed still
                // timed his second lap (5:40.973, back to the pits with damage): only lap 1 has no time
                assertThat(mine.laps()).as("car %d without a fastest lap at Jolpica", number).isLessThanOrEqualTo(2);
                continue;
            }
            assertThat(mine.fastest()).as("fastest lap of car %d", number).isEqualTo(FeedValues.timeMs(fastest));
        }
    }
}

package dev.pitwall.streams;

import static dev.pitwall.streams.TopologyHarness.laps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.CloseReason;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.streams.fixture.JolpicaRace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live mode: a batch no row reaches for the idle timeout closes on wall-clock time, however the session goes on. */
class IdleTimeoutTest {
    @TempDir
    Path stateDir;

    private final JolpicaRace race = JolpicaRace.load(2024, 1);

    @Test
    void anIdleBatchClosesAndTheSessionStillEndsWithEveryRow() {
        List<RawLap> laps = race.rawLaps();
        TopologyConfig config = TopologyConfig.defaults().withIdleTimeout(Duration.ofSeconds(1));
        try (TopologyHarness topology = new TopologyHarness(config, stateDir)) {
            topology.pipeLaps(laps.subList(0, 300));
            topology.driver.advanceWallClockTime(Duration.ofMillis(500));
            assertThat(topology.batches()).isEmpty();
            topology.driver.advanceWallClockTime(Duration.ofMillis(600));
            List<Batch> idle = topology.batches();
            assertThat(idle).singleElement().satisfies(b -> {
                assertThat(b.getCloseReason()).isEqualTo(CloseReason.IDLE_TIMEOUT);
                assertThat(b.getBatchId()).isEqualTo("laps-2024-1-R-000000");
                assertThat(b.getRows()).hasSize(300);
            });
            topology.driver.advanceWallClockTime(Duration.ofSeconds(5));
            assertThat(topology.batches()).as("nothing open, nothing to close").isEmpty();

            topology.pipeLaps(laps.subList(300, laps.size()));
            topology.pipeEvent(race.finished("R", 0, laps.size()));
            List<Batch> all = new ArrayList<>(idle);
            all.addAll(topology.batches());
            assertThat(all).extracting(Batch::getCloseReason).containsExactly(CloseReason.IDLE_TIMEOUT, CloseReason.SESSION_FINISHED);
            assertThat(all.stream().mapToInt(b -> laps(b).size()).sum()).isEqualTo(laps.size());
        }
    }

    @Test
    void aSteadyStreamStillClosesBatchesByAgeSoRowsAreNeverHeldLong() {
        List<RawLap> laps = race.rawLaps();
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.live(), stateDir)) {
            List<Batch> closed = new ArrayList<>();
            int sent = 0;
            // 50 laps every half idle timeout: never idle, so only the age closes batches
            Duration tick = TopologyConfig.LIVE_IDLE_TIMEOUT.dividedBy(2);
            int ticksPerAge = (int) TopologyConfig.LIVE_MAX_BATCH_AGE.dividedBy(tick);
            for (int i = 0; i < ticksPerAge + 2; i++) {
                topology.pipeLaps(laps.subList(sent, sent + 50));
                sent += 50;
                topology.driver.advanceWallClockTime(tick);
                closed.addAll(topology.batches());
            }
            assertThat(closed).as("a batch older than %s closes although rows keep arriving", TopologyConfig.LIVE_MAX_BATCH_AGE)
                    .isNotEmpty().allSatisfy(b -> assertThat(b.getCloseReason()).isEqualTo(CloseReason.MAX_AGE));
            assertThat(closed.get(0).getRows().size()).isBetween(50 * (ticksPerAge - 1), 50 * (ticksPerAge + 1));

            topology.pipeLaps(laps.subList(sent, laps.size()));
            topology.pipeEvent(race.finished("R", 0, laps.size()));
            closed.addAll(topology.batches());
            assertThat(closed.get(closed.size() - 1).getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED);
            assertThat(closed.stream().mapToInt(b -> laps(b).size()).sum()).isEqualTo(laps.size());
        }
    }

    @Test
    void withoutAnIdleTimeoutNothingClosesOnWallClockTime() {
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            assertThat(TopologyConfig.defaults().idleTimeout()).isNull();
            topology.pipeLaps(race.rawLaps().subList(0, 50));
            topology.driver.advanceWallClockTime(Duration.ofMinutes(10));
            assertThat(topology.batches()).isEmpty();
        }
    }
}

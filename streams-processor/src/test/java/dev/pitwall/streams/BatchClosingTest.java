package dev.pitwall.streams;

import static dev.pitwall.streams.TopologyHarness.laps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CloseReason;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.serde.RecordCodec;
import dev.pitwall.schemas.serde.SingleObjectCodec;
import dev.pitwall.streams.fixture.JolpicaRace;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Size limits, order independence and replays, on the 2024 Bahrain race's recorded laps. */
class BatchClosingTest {
    @TempDir
    Path stateDir;

    private final JolpicaRace race = JolpicaRace.load(2024, 1);

    @Test
    void maxRecordsSplitsTheSessionIntoConsecutiveBatches() {
        int max = 100;
        int laps = race.timings.size();
        try (TopologyHarness topology = new TopologyHarness(new TopologyConfig(max, TopologyConfig.DEFAULT_MAX_BATCH_BYTES), stateDir)) {
            topology.pipeLaps(race.rawLaps());
            List<Batch> beforeFinish = topology.batches();
            assertThat(beforeFinish).hasSize(laps / max)
                    .allSatisfy(b -> {
                        assertThat(b.getCloseReason()).isEqualTo(CloseReason.MAX_RECORDS);
                        assertThat(b.getRows()).hasSize(max);
                    });

            topology.pipeEvent(race.finished("R", 0, laps));
            List<Batch> all = new java.util.ArrayList<>(beforeFinish);
            all.addAll(topology.batches());

            int expectedBatches = (laps + max - 1) / max;
            assertThat(all).hasSize(expectedBatches);
            assertThat(all).extracting(Batch::getSequence)
                    .containsExactlyElementsOf(LongStream.range(0, expectedBatches).boxed().toList());
            assertThat(all).extracting(Batch::getBatchId)
                    .containsExactlyElementsOf(LongStream.range(0, expectedBatches)
                            .mapToObj(seq -> String.format("laps-2024-1-R-%06d", seq)).toList());
            Batch last = all.get(all.size() - 1);
            assertThat(last.getCloseReason()).isEqualTo(laps % max == 0 ? CloseReason.MAX_RECORDS : CloseReason.SESSION_FINISHED);
            assertThat(last.getRows()).hasSize(laps % max == 0 ? max : laps % max);
            assertRowsConserved(all, laps);
        }
    }

    @Test
    void maxBytesKeepsEveryBatchUnderTheLimit() {
        long maxBytes = 8 * 1024;
        RecordCodec<BatchRow> rowCodec = new SingleObjectCodec<>(BatchRow.class, BatchRow.getClassSchema(), List.of());
        try (TopologyHarness topology = new TopologyHarness(new TopologyConfig(5000, maxBytes), stateDir)) {
            topology.pipeLaps(race.rawLaps());
            topology.pipeEvent(race.finished("R", 0, race.timings.size()));
            List<Batch> all = topology.batches();

            assertThat(all.size()).isGreaterThan(1);
            assertThat(all.subList(0, all.size() - 1)).allSatisfy(b -> {
                assertThat(b.getCloseReason()).isEqualTo(CloseReason.MAX_BYTES);
                long bytes = b.getRows().stream().mapToLong(r -> rowCodec.encode(r).length).sum();
                assertThat(bytes).isLessThanOrEqualTo(maxBytes);
            });
            assertThat(all.get(all.size() - 1).getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED);
            assertThat(all).extracting(Batch::getSequence)
                    .containsExactlyElementsOf(LongStream.range(0, all.size()).boxed().toList());
            assertRowsConserved(all, race.timings.size());
        }
    }

    @Test
    void finishedBeforeTheRecordsClosesOnTheLastRecord() {
        List<RawLap> laps = race.rawLaps();
        try (TopologyHarness finishedLast = new TopologyHarness(TopologyConfig.defaults(), stateDir.resolve("a"));
             TopologyHarness finishedFirst = new TopologyHarness(TopologyConfig.defaults(), stateDir.resolve("b"))) {
            finishedLast.pipeResults(race.rawResults("R"));
            finishedLast.pipeLaps(laps);
            finishedLast.pipeEvent(race.finished("R", race.raceResults.size(), laps.size()));

            finishedFirst.pipeEvent(race.finished("R", race.raceResults.size(), laps.size()));
            finishedFirst.pipeLaps(laps.subList(0, laps.size() - 1));
            finishedFirst.pipeResults(race.rawResults("R"));
            List<Batch> early = finishedFirst.batches();
            assertThat(early).extracting(Batch::getTable).containsExactly("results");
            finishedFirst.pipeLaps(laps.subList(laps.size() - 1, laps.size()));
            List<Batch> late = finishedFirst.batches();
            assertThat(late).extracting(Batch::getTable).containsExactly("laps");

            List<Batch> reference = finishedLast.batches();
            assertThat(reference).hasSize(2);
            Batch referenceLaps = reference.stream().filter(b -> b.getTable().equals("laps")).findFirst().orElseThrow();
            Batch referenceResults = reference.stream().filter(b -> b.getTable().equals("results")).findFirst().orElseThrow();
            assertThat(late.get(0)).isEqualTo(referenceLaps);
            assertThat(early.get(0)).isEqualTo(referenceResults);
            assertThat(late.get(0).getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED);
        }
    }

    @Test
    void replayingAFinishedSessionStartsFreshCountsAndContinuesTheSequence() {
        List<RawLap> laps = race.rawLaps();
        List<RawLap> corrected = new java.util.ArrayList<>(laps);
        RawLap fixedLap = laps.get(7);
        long fixedMs = JolpicaRace.fixtureMillis(fixedLap.getTime()) + 1;
        corrected.set(7, RawLap.newBuilder(fixedLap).setTime(String.format("%d:%02d.%03d",
                fixedMs / 60_000, fixedMs / 1000 % 60, fixedMs % 1000)).build());
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            for (List<RawLap> run : List.of(laps, laps, corrected)) {
                topology.pipeLaps(run);
                topology.pipeEvent(race.finished("R", 0, run.size()));
            }
            List<Batch> batches = topology.batches();
            // the identical replay adds nothing; the corrected one adds one batch holding just the correction
            assertThat(batches).extracting(Batch::getBatchId).containsExactly("laps-2024-1-R-000000", "laps-2024-1-R-000001");
            assertThat(batches).allSatisfy(b -> assertThat(b.getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED));
            assertThat(laps(batches.get(0))).hasSize(laps.size()).allSatisfy(l -> assertThat(l.getRevision()).isEqualTo(1));
            assertThat(laps(batches.get(1))).singleElement().satisfies(l -> {
                assertThat(l.getDriverId()).isEqualTo(fixedLap.getDriverId());
                assertThat(l.getLap()).isEqualTo(Integer.parseInt(fixedLap.getLap()));
                assertThat(l.getLapTimeMs()).isEqualTo(fixedMs);
                assertThat(l.getRevision()).isEqualTo(2);
            });
            assertThat(batches.get(1).getRows().get(0).getOffset()).isEqualTo(2L * laps.size() + 7);
        }
    }

    @Test
    void finishedWithMoreRecordsAnnouncedWaitsForThem() {
        List<RawLap> laps = race.rawLaps();
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            topology.pipeLaps(laps.subList(0, 500));
            topology.pipeEvent(race.finished("R", 0, laps.size()));
            assertThat(topology.batches()).isEmpty();
            topology.pipeLaps(laps.subList(500, laps.size()));
            assertThat(topology.batches()).singleElement()
                    .satisfies(b -> assertThat(b.getRows()).hasSize(laps.size()));
        }
    }

    /** Every raw lap is in exactly one batch, in offset order. */
    private static void assertRowsConserved(List<Batch> batches, int laps) {
        List<Long> offsets = batches.stream().flatMap(b -> b.getRows().stream()).map(BatchRow::getOffset).toList();
        assertThat(offsets).containsExactlyElementsOf(LongStream.range(0, laps).boxed().toList());
        long lapMs = batches.stream().flatMap(b -> laps(b).stream()).mapToLong(CleanLap::getLapTimeMs).sum();
        assertThat(lapMs).isEqualTo(JolpicaRace.load(2024, 1).timings.stream()
                .mapToLong(t -> JolpicaRace.fixtureMillis(t.time())).sum());
    }
}

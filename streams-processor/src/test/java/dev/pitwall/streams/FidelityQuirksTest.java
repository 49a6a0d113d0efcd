package dev.pitwall.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.RejectedRecord;
import dev.pitwall.streams.fixture.JolpicaRace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorded rows that used to be dead-lettered or hidden (issue #10), through the whole topology:
 * each lands with what the source has, a field the source cannot give is null with a warning row, and
 * nothing goes to f1.dlq.
 */
class FidelityQuirksTest {
    @TempDir
    Path stateDir;

    /** 2011 Canada: the race was red-flagged for two hours; Button's lap 25 ran through it. */
    @Test
    void aRedFlagLapOfOverAnHourLandsInMilliseconds() {
        assertLapTime(2011, 7, "2:04:54.505", 2 * 3_600_000L + 4 * 60_000L + 54_505L);
    }

    /** 2014 Britain: the red flag after Raikkonen's lap-one crash. */
    @Test
    void anHourLongLapOfBritain2014Lands() {
        assertLapTime(2014, 9, "1:01:21.464", 3_600_000L + 60_000L + 21_464L);
    }

    /** 2014 Australia: Jolpica writes "None" for a running position it lost. */
    @Test
    void aLapWithPositionNoneLandsWithoutAPositionAndAWarning() {
        JolpicaRace race = JolpicaRace.load(2014, 1);
        List<RawLap> laps = race.rawLaps();
        List<RawLap> none = laps.stream().filter(l -> "None".equals(l.getPosition())).toList();
        assertThat(none).as("the recorded oddity is still in the fixture").isNotEmpty();
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            topology.pipeLaps(laps);
            topology.pipeResults(race.rawResults("R"));
            topology.pipeEvent(race.finished("R", race.raceResults.size(), laps.size()));
            assertThat(topology.deadLetters()).isEmpty();
            List<CleanLap> clean = topology.cleanLaps();
            assertThat(clean).hasSize(laps.size());
            for (RawLap raw : none) {
                assertThat(clean).filteredOn(l -> l.getDriverId().equals(raw.getDriverId())
                        && l.getLap() == Integer.parseInt(raw.getLap())).singleElement()
                        .satisfies(l -> assertThat(l.getPosition()).isNull());
            }
            List<RejectedRecord> warnings = warnings(topology);
            assertThat(warnings).hasSize(none.size()).allSatisfy(w -> {
                assertThat(w.getSourceTable()).isEqualTo("laps");
                assertThat(w.getErrorCode()).isEqualTo("PW-2003");
                assertThat(w.getMessage()).contains("position 'None'").contains("nulled");
            });
        }
    }

    /** 1962 Netherlands: four entrants withdrew before a car number was given (marsh, davis, abate, burgess). */
    @Test
    void aResultWithCarNumberNoneLandsWithoutANumberAndAWarning() {
        JolpicaRace race = JolpicaRace.load(1962, 4);
        List<RawResult> results = race.rawResults("R");
        List<String> unnumbered = race.raceResults.stream().filter(r -> "None".equals(r.path("number").asText()))
                .map(r -> r.path("Driver").path("driverId").asText()).toList();
        assertThat(unnumbered).contains("marsh", "davis", "abate", "burgess");
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            // FINISHED first, as Streams may see it: the last result, a warned one, then completes the session
            topology.pipeEvent(race.finished("R", results.size(), 0));
            topology.pipeResults(results);
            assertThat(topology.deadLetters()).isEmpty();
            List<CleanResult> clean = topology.cleanResults();
            assertThat(clean).hasSize(results.size());
            assertThat(clean).filteredOn(r -> unnumbered.contains(r.getDriverId()))
                    .hasSize(unnumbered.size()).allSatisfy(r -> {
                        assertThat(r.getDriverNumber()).isNull();
                        assertThat(r.getPositionText()).isEqualTo("W");
                    });
            assertThat(warnings(topology)).extracting(RejectedRecord::getMessage)
                    .hasSize(unnumbered.size()).allSatisfy(m -> assertThat(m).startsWith("number 'None' of "));
        }
    }

    /**
     * 1950 Belgium: Rosier finished sixth in car 26 and retired car 20. Both are his results; neither is a
     * revision of the other. Restating the same car's points is still a revision.
     */
    @Test
    void aSharedDriveKeepsBothCarsAndARestatementOfOneCarIsARevision() {
        JolpicaRace race = JolpicaRace.load(1950, 6);
        List<RawResult> results = race.rawResults("R");
        long rosier = results.stream().filter(r -> r.getDriverId().equals("rosier")).count();
        assertThat(rosier).isEqualTo(2);
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            topology.pipeResults(results);
            List<CleanResult> rosiers = topology.cleanResults().stream().filter(r -> r.getDriverId().equals("rosier")).toList();
            assertThat(rosiers).extracting(CleanResult::getDriverNumber).containsExactlyInAnyOrder(26, 20);
            assertThat(rosiers).extracting(CleanResult::getRevision).containsOnly(1);
            // sixth in car 26; car 20 retired and the source orders it twelfth
            assertThat(rosiers).extracting(CleanResult::getDriverNumber, CleanResult::getPositionText, CleanResult::getPositionOrder)
                    .containsExactlyInAnyOrder(tuple(26, "6", 6), tuple(20, "R", 12));
            assertThat(rosiers).extracting(CleanResult::getDriverGivenName, CleanResult::getDriverFamilyName)
                    .containsOnly(tuple("Louis", "Rosier"));

            RawResult car26 = results.stream().filter(r -> r.getDriverId().equals("rosier") && r.getPayload().contains("\"number\":\"26\""))
                    .findFirst().orElseThrow();
            topology.pipeResults(List.of(RawResult.newBuilder(car26).setPayload(car26.getPayload().replace("\"points\":\"0\"", "\"points\":\"1\""))
                    .build()));
            // the output topic is read incrementally: only what the restatement produced
            List<CleanResult> after = topology.cleanResults().stream().filter(r -> r.getDriverId().equals("rosier")).toList();
            assertThat(after).extracting(CleanResult::getDriverNumber, CleanResult::getRevision).contains(org.assertj.core.groups.Tuple.tuple(26, 2));
            assertThat(after).extracting(CleanResult::getDriverNumber).doesNotContain(20);
        }
    }

    private void assertLapTime(int season, int round, String recorded, long expectedMs) {
        JolpicaRace race = JolpicaRace.load(season, round);
        List<RawLap> laps = race.rawLaps();
        RawLap longLap = laps.stream().filter(l -> recorded.equals(l.getTime())).findFirst().orElseThrow();
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            topology.pipeLaps(laps);
            assertThat(topology.deadLetters()).isEmpty();
            List<CleanLap> clean = topology.cleanLaps();
            assertThat(clean).hasSize(laps.size());
            assertThat(clean).filteredOn(l -> l.getDriverId().equals(longLap.getDriverId()) && l.getLap() == Integer.parseInt(longLap.getLap()))
                    .singleElement().satisfies(l -> assertThat(l.getLapTimeMs()).isEqualTo(expectedMs));
        }
    }

    private static List<RejectedRecord> warnings(TopologyHarness topology) {
        List<RejectedRecord> out = new ArrayList<>();
        for (Batch b : topology.batches().stream().filter(b -> b.getTable().equals("rejected")).collect(Collectors.toList())) {
            out.addAll(TopologyHarness.rejected(b));
        }
        assertThat(out).allSatisfy(r -> assertThat(r.getSeverity()).isEqualTo("warning"));
        return out;
    }
}

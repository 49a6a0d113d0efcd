package dev.pitwall.streams;

import static dev.pitwall.streams.TopologyHarness.laps;
import static dev.pitwall.streams.TopologyHarness.rejected;
import static dev.pitwall.streams.TopologyHarness.results;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.schemas.avro.CloseReason;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.RejectedRecord;
import dev.pitwall.streams.deadletter.DeadLetter;
import dev.pitwall.streams.fixture.JolpicaRace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The acceptance run on recorded races: 5 % of lap times corrupted, the same replay again, the clean
 * source, then one result restated. Every run conserves records (in = clean + dropped duplicates +
 * rejected), and what lands in batches is exactly the new facts.
 */
class ConservationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every 20th lap, from the 8th: 5 % of the laps, spread over drivers and the race. */
    private static final int CORRUPT_EVERY = 20;
    private static final String[] CORRUPTIONS = {"1:3x.456", "0:00.000", "1:61.000", "", "-1:32.100", "1:32"};

    @TempDir
    Path stateDir;

    @ParameterizedTest(name = "{0} round {1}")
    @CsvSource({"2024, 1", "2023, 3", "2021, 12"})
    void replaysConserveRecordsAndOnlyChangesLand(int season, int round) {
        JolpicaRace race = JolpicaRace.load(season, round);
        List<RawResult> results = race.rawResults("R");
        List<RawLap> laps = race.rawLaps();
        List<RawLap> corrupted = new ArrayList<>(laps);
        List<Integer> corruptedAt = new ArrayList<>();
        for (int i = 7; i < laps.size(); i += CORRUPT_EVERY) {
            corrupted.set(i, RawLap.newBuilder(laps.get(i)).setTime(CORRUPTIONS[corruptedAt.size() % CORRUPTIONS.length]).build());
            corruptedAt.add(i);
        }
        List<RawResult> restated = new ArrayList<>(results);
        int restatedAt = results.size() / 2;
        restated.set(restatedAt, withPoints(results.get(restatedAt), 0.5));

        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), stateDir)) {
            // 1: corrupted laps are rejected, the others land
            Run first = run(topology, race, results, corrupted);
            first.assertConserved(results.size() + corrupted.size());
            assertThat(first.dropped).isZero();
            assertThat(first.rejected).hasSize(corruptedAt.size());
            assertThat(first.landedLaps).hasSize(laps.size() - corruptedAt.size());
            assertThat(first.landedLaps.size() + first.rejected.size()).isEqualTo(laps.size());
            assertThat(first.landedResults).hasSize(results.size());
            assertThat(first.rejected).allSatisfy(r -> {
                assertThat(r.getErrorCode()).isEqualTo("PW-2002");
                assertThat(r.getErrorName()).isEqualTo("BAD_LAP_TIME");
                assertThat(r.getSourceTable()).isEqualTo("laps");
                assertThat(r.getPayloadEncoding()).isEqualTo("json");
                assertThat(r.getSeason()).isEqualTo(season);
                assertThat(r.getSession()).isEqualTo("R");
            });
            assertThat(first.rejected.stream().map(r -> lapOf(r.getPayload())).collect(Collectors.toSet()))
                    .isEqualTo(corruptedAt.stream().map(i -> laps.get(i).getDriverId() + "/" + laps.get(i).getLap())
                            .collect(Collectors.toSet()));
            assertThat(first.rejectedRowOffsets).isEqualTo(corruptedAt.stream().map(Integer::longValue).collect(Collectors.toSet()));

            // 2: the same input again: valid records are duplicates, corrupted ones are rejected again
            Run second = run(topology, race, results, corrupted);
            second.assertConserved(results.size() + corrupted.size());
            assertThat(second.landedLaps).isEmpty();
            assertThat(second.landedResults).isEmpty();
            assertThat(second.dropped).isEqualTo(results.size() + laps.size() - corruptedAt.size());
            assertThat(second.rejected).hasSize(corruptedAt.size());

            // 3: the clean source: only the formerly corrupted laps land, as their first revision
            Run third = run(topology, race, results, laps);
            third.assertConserved(results.size() + laps.size());
            assertThat(third.rejected).isEmpty();
            assertThat(third.landedLaps).hasSize(corruptedAt.size())
                    .allSatisfy(l -> assertThat(l.getRevision()).isEqualTo(1));
            assertThat(third.landedLaps.stream().mapToLong(CleanLap::getLapTimeMs).sum()).isEqualTo(corruptedAt.stream()
                    .mapToLong(i -> JolpicaRace.fixtureMillis(laps.get(i).getTime())).sum());

            // 4: one result restated: exactly one new revision
            Run fourth = run(topology, race, restated, laps);
            fourth.assertConserved(results.size() + laps.size());
            assertThat(fourth.landedLaps).isEmpty();
            assertThat(fourth.landedResults).singleElement().satisfies(r -> {
                assertThat(r.getDriverId()).isEqualTo(results.get(restatedAt).getDriverId());
                assertThat(r.getRevision()).isEqualTo(2);
                assertThat(r.getPoints()).isEqualTo(pointsOf(results.get(restatedAt)) + 0.5);
            });
            assertThat(fourth.dropped).isEqualTo(results.size() - 1 + laps.size());
        }
    }

    private static RawResult withPoints(RawResult raw, double extra) {
        try {
            ObjectNode payload = (ObjectNode) JSON.readTree(raw.getPayload());
            payload.put("points", Double.toString(Double.parseDouble(payload.path("points").asText()) + extra));
            return RawResult.newBuilder(raw).setPayload(payload.toString()).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double pointsOf(RawResult raw) {
        try {
            return Double.parseDouble(JSON.readTree(raw.getPayload()).path("points").asText());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** driverId/lap of a rejected lap's JSON payload. */
    private static String lapOf(String payload) {
        try {
            JsonNode lap = JSON.readTree(payload);
            return lap.path("driverId").asText() + "/" + lap.path("lap").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Run run(TopologyHarness topology, JolpicaRace race, List<RawResult> results, List<RawLap> laps) {
        long droppedBefore = topology.duplicatesDropped();
        topology.pipeResults(results);
        topology.pipeLaps(laps);
        topology.pipeEvent(race.finished("R", results.size(), laps.size()));
        List<Batch> batches = topology.batches();
        assertThat(batches).allSatisfy(b -> assertThat(b.getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED));
        Map<String, List<Batch>> byTable = batches.stream().collect(Collectors.groupingBy(Batch::getTable));
        assertThat(byTable.values()).allSatisfy(list -> assertThat(list).hasSize(1));
        List<TestRecord<String, byte[]>> dead = topology.deadLetters();
        List<CleanResult> cleanResults = topology.cleanResults();
        List<CleanLap> cleanLaps = topology.cleanLaps();
        List<CleanLap> landedLaps = byTable.getOrDefault("laps", List.of()).stream().flatMap(b -> laps(b).stream()).toList();
        List<CleanResult> landedResults = byTable.getOrDefault("results", List.of()).stream().flatMap(b -> results(b).stream()).toList();
        List<Batch> rejectedBatches = byTable.getOrDefault("rejected", List.of());
        List<RejectedRecord> rejected = rejectedBatches.stream().flatMap(b -> rejected(b).stream()).toList();
        // what the clean topics carry is what the batches carry
        assertThat(cleanLaps).isEqualTo(landedLaps);
        assertThat(cleanResults).isEqualTo(landedResults);
        // each dead letter is one staging.rejected row, with the same code and source offset
        assertThat(rejected.stream().map(RejectedRecord::getErrorCode).toList()).isEqualTo(dead.stream()
                .map(r -> new String(r.headers().lastHeader(DeadLetter.ERROR_CODE).value(), StandardCharsets.UTF_8).split(" ")[0])
                .toList());
        Set<Long> rejectedRowOffsets = rejectedBatches.stream().flatMap(b -> b.getRows().stream())
                .filter(r -> r.getTopic().equals(Topics.RAW_LAPS)).map(BatchRow::getOffset)
                .map(offset -> offset % laps.size()).collect(Collectors.toSet());
        return new Run(landedResults, landedLaps, rejected, dead.size(), topology.duplicatesDropped() - droppedBefore,
                rejectedRowOffsets);
    }

    private record Run(List<CleanResult> landedResults, List<CleanLap> landedLaps, List<RejectedRecord> rejected,
                       int deadLetters, long dropped, Set<Long> rejectedRowOffsets) {
        void assertConserved(int in) {
            assertThat(deadLetters).isEqualTo(rejected.size());
            assertThat(landedResults.size() + landedLaps.size() + dropped + rejected.size()).isEqualTo(in);
        }
    }
}

package dev.pitwall.producer.jolpica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.source.SourceDocument;
import dev.pitwall.producer.source.SourceException;
import dev.pitwall.producer.testing.Fixtures;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WeekendReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private RawArchiveSource archive;
    private WeekendReader reader;

    @BeforeEach
    void openArchive() {
        archive = new RawArchiveSource(Fixtures.archive());
        reader = new WeekendReader(archive);
    }

    @AfterEach
    void closeArchive() {
        if (archive != null) { // null when the fixtures are absent and the test was skipped
            archive.close();
        }
    }

    @Test
    void aNormalRaceBuildsOneResultPerClassifiedDriverAndOneLapPerTiming() throws IOException {
        Path round = Fixtures.jolpica().resolve("2024/1");
        JsonNode recordedRace = JSON.readTree(round.resolve("results.json").toFile()).path("MRData").path("RaceTable").path("Races").get(0);

        List<SessionRecords> sessions = reader.weekend(2024, 1, true);

        assertThat(sessions).extracting(SessionRecords::session).containsExactly("R");
        SessionRecords race = sessions.get(0);
        assertResultsMatch(race.results(), recordedRace, "Results", "R", Files.readString(round.resolve("results.json"), StandardCharsets.UTF_8));
        List<SourceDocument> pages = archive.lapPages(2024, 1);
        assertThat(race.laps()).hasSize(LapPagesTest.distinctPairs(pages));
        assertLapsMatch(race.laps(), pages, "R");
    }

    @Test
    void aSprintWeekendBuildsTheSprintWithoutLapsBeforeTheRace() throws IOException {
        Path round = Fixtures.jolpica().resolve("2024/6");
        JsonNode recordedSprint = JSON.readTree(round.resolve("sprint.json").toFile()).path("MRData").path("RaceTable").path("Races").get(0);
        JsonNode recordedRace = JSON.readTree(round.resolve("results.json").toFile()).path("MRData").path("RaceTable").path("Races").get(0);

        List<SessionRecords> sessions = reader.weekend(2024, 6, true);

        assertThat(sessions).extracting(SessionRecords::session).containsExactly("S", "R");
        assertResultsMatch(sessions.get(0).results(), recordedSprint, "SprintResults", "S",
                Files.readString(round.resolve("sprint.json"), StandardCharsets.UTF_8));
        assertThat(sessions.get(0).laps()).isEmpty();
        assertResultsMatch(sessions.get(1).results(), recordedRace, "Results", "R",
                Files.readString(round.resolve("results.json"), StandardCharsets.UTF_8));
        assertThat(sessions.get(1).laps()).hasSize(LapPagesTest.distinctPairs(archive.lapPages(2024, 6)));
    }

    @Test
    void aRecordedEmptySprintAnswerAddsNoSprintSession() throws IOException {
        // 2021 round 11 holds a recorded sprint.json answer with no races (Hungary had no sprint)
        JsonNode sprint = JSON.readTree(Fixtures.jolpica().resolve("2021/11/sprint.json").toFile());
        assertThat(sprint.path("MRData").path("RaceTable").path("Races").isEmpty()).isTrue();

        assertThat(reader.weekend(2021, 11, true)).extracting(SessionRecords::session).containsExactly("R");
    }

    @Test
    void theScheduleListsRoundsInOrder() throws IOException {
        JsonNode races = JSON.readTree(Fixtures.jolpica().resolve("2024/races.json").toFile()).path("MRData").path("RaceTable").path("Races");
        List<Integer> expected = new ArrayList<>();
        races.forEach(r -> expected.add(r.path("round").asInt()));
        expected.sort(Integer::compare);

        assertThat(reader.rounds(2024)).isEqualTo(expected);
    }

    @Test
    void anUnknownSeasonIsNotFound() {
        assertThatThrownBy(() -> reader.rounds(2099))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_FOUND))
                .hasMessageContaining("season 2099 not found at");
        assertThatThrownBy(() -> reader.weekend(2099, 1, true))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_FOUND))
                .hasMessageContaining("season 2099 not found at");
    }

    @Test
    void aRoundOutsideTheScheduleIsNotFound() {
        assertThatThrownBy(() -> reader.weekend(2024, 99, true))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_FOUND))
                .hasMessageContaining("season 2024 round 99 not found");
    }

    @Test
    void aScheduledRoundWithoutResultsIsSkippedInASeasonAndNotFoundOnItsOwn() {
        int unrun = reader.rounds(2026).stream()
                .filter(r -> !Files.exists(Fixtures.jolpica().resolve("2026/" + r + "/results.json")))
                .findFirst().orElseThrow();

        assertThat(reader.weekend(2026, unrun, false)).isEmpty();
        assertThatThrownBy(() -> reader.weekend(2026, unrun, true))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_FOUND))
                .hasMessageContaining("season 2026 round " + unrun);
    }

    @Test
    void aFileThatIsNotJsonIsABadResponse(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path schedule = dir.resolve("jolpica/2024/races.json");
        Files.createDirectories(schedule.getParent());
        Files.writeString(schedule, "<html>Service Unavailable</html>");

        try (RawArchiveSource broken = new RawArchiveSource(dir)) {
            assertThatThrownBy(() -> new WeekendReader(broken).rounds(2024))
                    .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.BAD_RESPONSE))
                    .hasMessageContaining(schedule.toString());
        }
    }

    private static void assertResultsMatch(List<RawResult> results, JsonNode recordedRace, String rowsField, String session, String fileText)
            throws IOException {
        JsonNode rows = recordedRace.path(rowsField);
        assertThat(results).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            RawResult result = results.get(i);
            assertThat(result.getSource()).isEqualTo("archive");
            assertThat(result.getSeason()).isEqualTo(recordedRace.path("season").asInt());
            assertThat(result.getRound()).isEqualTo(recordedRace.path("round").asInt());
            assertThat(result.getSession()).isEqualTo(session);
            assertThat(result.getDriverId()).isEqualTo(rows.get(i).path("Driver").path("driverId").asText());
            assertThat(result.getRaceName()).isEqualTo(recordedRace.path("raceName").asText());
            assertThat(result.getCircuitId()).isEqualTo(recordedRace.path("Circuit").path("circuitId").asText());
            assertThat(result.getRaceDate()).isEqualTo(recordedRace.path("date").asText());
            assertThat(JSON.readTree(result.getPayload())).isEqualTo(rows.get(i));
            // the recording is compact Jolpica wire JSON, so the payload must appear in it verbatim
            assertThat(fileText).contains(result.getPayload());
        }
    }

    private static void assertLapsMatch(List<RawLap> laps, List<SourceDocument> pages, String session) {
        List<String> expected = new ArrayList<>();
        for (SourceDocument page : pages) {
            for (JsonNode lap : LapPagesTest.lapsOf(page)) {
                for (JsonNode timing : lap.path("Timings")) {
                    String row = lap.path("number").asText() + "|" + timing.path("driverId").asText() + "|"
                            + timing.path("position").asText() + "|" + timing.path("time").asText();
                    if (!expected.contains(row)) {
                        expected.add(row);
                    }
                }
            }
        }
        assertThat(laps).allSatisfy(lap -> {
            assertThat(lap.getSession()).isEqualTo(session);
            assertThat(lap.getSource()).isEqualTo("archive");
        });
        assertThat(laps).extracting(l -> l.getLap() + "|" + l.getDriverId() + "|" + l.getPosition() + "|" + l.getTime())
                .containsExactlyElementsOf(expected);
    }
}

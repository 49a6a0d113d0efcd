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
import dev.pitwall.schemas.avro.RawStanding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

        assertThat(sessions).extracting(SessionRecords::session).containsExactly("Q", "R");
        SessionRecords race = sessions.get(1);
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

        // Miami 2024: the sprint ran on Saturday afternoon, qualifying after it
        assertThat(sessions).extracting(SessionRecords::session).containsExactly("S", "Q", "R");
        assertResultsMatch(sessions.get(0).results(), recordedSprint, "SprintResults", "S",
                Files.readString(round.resolve("sprint.json"), StandardCharsets.UTF_8));
        assertThat(sessions.get(0).laps()).isEmpty();
        assertThat(sessions.get(0).expected()).isEqualTo(Map.of("results", (long) recordedSprint.path("SprintResults").size(), "laps", 0L));
        assertResultsMatch(sessions.get(2).results(), recordedRace, "Results", "R",
                Files.readString(round.resolve("results.json"), StandardCharsets.UTF_8));
        assertThat(sessions.get(2).laps()).hasSize(LapPagesTest.distinctPairs(archive.lapPages(2024, 6)));
    }

    @Test
    void aRecordedEmptySprintAnswerAddsNoSprintSession() throws IOException {
        // 2021 round 11 holds a recorded sprint.json answer with no races (Hungary had no sprint)
        JsonNode sprint = JSON.readTree(Fixtures.jolpica().resolve("2021/11/sprint.json").toFile());
        assertThat(sprint.path("MRData").path("RaceTable").path("Races").isEmpty()).isTrue();

        assertThat(reader.weekend(2021, 11, true)).extracting(SessionRecords::session).containsExactly("R");
    }

    @Test
    void qualifyingPitStopsAndStandingsAreTheRecordedRowsVerbatim() throws IOException {
        for (int roundNumber : List.of(1, 6)) {
            Path round = Fixtures.jolpica().resolve("2024/" + roundNumber);
            List<SessionRecords> sessions = reader.weekend(2024, roundNumber, true);
            SessionRecords qualifying = sessions.stream().filter(s -> s.session().equals("Q")).findFirst().orElseThrow();
            SessionRecords race = sessions.get(sessions.size() - 1);
            assertThat(race.session()).isEqualTo("R");

            // qualifying: its own session, nothing else in it
            JsonNode qualifyingRace = races(round.resolve("qualifying.json")).get(0);
            JsonNode qualifyingRows = qualifyingRace.path("QualifyingResults");
            assertThat(qualifying.results()).isEmpty();
            assertThat(qualifying.laps()).isEmpty();
            assertThat(qualifying.pitStops()).isEmpty();
            assertThat(qualifying.expected()).isEqualTo(Map.of("qualifying", (long) qualifyingRows.size()));
            String qualifyingText = Files.readString(round.resolve("qualifying.json"), StandardCharsets.UTF_8);
            assertThat(qualifying.qualifying()).hasSize(qualifyingRows.size()).isNotEmpty();
            for (int i = 0; i < qualifyingRows.size(); i++) {
                var row = qualifying.qualifying().get(i);
                assertThat(row.getSource()).isEqualTo("archive");
                assertThat(row.getSeason()).isEqualTo(2024);
                assertThat(row.getRound()).isEqualTo(roundNumber);
                assertThat(row.getSession()).isEqualTo("Q");
                assertThat(row.getDriverId()).isEqualTo(qualifyingRows.get(i).path("Driver").path("driverId").asText());
                assertThat(row.getRaceName()).isEqualTo(qualifyingRace.path("raceName").asText());
                assertThat(row.getCircuitId()).isEqualTo(qualifyingRace.path("Circuit").path("circuitId").asText());
                assertThat(row.getRaceDate()).isEqualTo(qualifyingRace.path("date").asText());
                assertThat(JSON.readTree(row.getPayload())).isEqualTo(qualifyingRows.get(i));
                assertThat(qualifyingText).contains(row.getPayload());
                assertThat(RawRecordKeys.of(row)).isEqualTo("2024/" + roundNumber + "/Q/" + row.getDriverId());
            }

            // pit stops: with the race
            JsonNode stopsRace = races(round.resolve("pitstops.json")).get(0);
            JsonNode stops = stopsRace.path("PitStops");
            String stopsText = Files.readString(round.resolve("pitstops.json"), StandardCharsets.UTF_8);
            assertThat(race.pitStops()).hasSize(stops.size()).isNotEmpty();
            for (int i = 0; i < stops.size(); i++) {
                var stop = race.pitStops().get(i);
                assertThat(stop.getSession()).isEqualTo("R");
                assertThat(stop.getDriverId()).isEqualTo(stops.get(i).path("driverId").asText());
                assertThat(stop.getRaceDate()).isEqualTo(stopsRace.path("date").asText());
                assertThat(stop.getRaceTime()).isEqualTo(stopsRace.path("time").asText());
                assertThat(JSON.readTree(stop.getPayload())).isEqualTo(stops.get(i));
                assertThat(stopsText).contains(stop.getPayload());
                assertThat(RawRecordKeys.of(stop)).isEqualTo("2024/" + roundNumber + "/R/" + stop.getDriverId() + "/" + stops.get(i).path("stop").asText());
            }

            // standings after the round: with the race
            assertStandings(race.driverStandings(), round.resolve("driverStandings.json"), "DriverStandings", "driver", roundNumber);
            assertStandings(race.constructorStandings(), round.resolve("constructorStandings.json"), "ConstructorStandings", "constructor", roundNumber);
            assertThat(race.expected()).containsExactly(
                    Map.entry("results", (long) race.results().size()), Map.entry("laps", (long) race.laps().size()),
                    Map.entry("pitstops", (long) stops.size()), Map.entry("driver_standings", (long) race.driverStandings().size()),
                    Map.entry("constructor_standings", (long) race.constructorStandings().size()));
        }
    }

    @Test
    void anArchiveWithOnlyResultsGivesTheRaceAndNoOtherRecords(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path round = dir.resolve("jolpica/2024/1");
        Files.createDirectories(round);
        Files.copy(Fixtures.jolpica().resolve("2024/1/results.json"), round.resolve("results.json"));

        List<SessionRecords> sessions;
        try (RawArchiveSource onlyResults = new RawArchiveSource(dir)) {
            sessions = new WeekendReader(onlyResults).weekend(2024, 1, true);
        }

        assertThat(sessions).extracting(SessionRecords::session).containsExactly("R");
        SessionRecords race = sessions.get(0);
        assertThat(race.results()).isNotEmpty();
        assertThat(race.laps()).isEmpty();
        assertThat(race.pitStops()).isEmpty();
        assertThat(race.driverStandings()).isEmpty();
        assertThat(race.constructorStandings()).isEmpty();
        assertThat(race.expected()).isEqualTo(Map.of("results", (long) race.results().size(), "laps", 0L,
                "pitstops", 0L, "driver_standings", 0L, "constructor_standings", 0L));
    }

    @Test
    void anOldSeasonWithoutTheNewerEndpointsReadsAsBefore() {
        // 2010 was recorded with results and laps only
        List<SessionRecords> sessions = reader.weekend(2010, 1, true);

        assertThat(sessions).extracting(SessionRecords::session).containsExactly("R");
        assertThat(sessions.get(0).laps()).isNotEmpty();
        assertThat(sessions.get(0).pitStops()).isEmpty();
        assertThat(sessions.get(0).driverStandings()).isEmpty();
    }

    @Test
    void aTotalThatDisagreesWithTheRowsIsABadResponseNamingTheFile(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        for (String file : List.of("qualifying.json", "pitstops.json", "driverStandings.json", "constructorStandings.json")) {
            Path round = dir.resolve(file.replace(".json", "")).resolve("jolpica/2024/1");
            Files.createDirectories(round);
            Files.copy(Fixtures.jolpica().resolve("2024/1/results.json"), round.resolve("results.json"));
            String recorded = Files.readString(Fixtures.jolpica().resolve("2024/1/" + file), StandardCharsets.UTF_8);
            String total = JSON.readTree(recorded).path("MRData").path("total").asText();
            String wrong = recorded.replace("\"total\":\"" + total + "\"", "\"total\":\"" + (Integer.parseInt(total) + 1) + "\"");
            assertThat(wrong).isNotEqualTo(recorded);
            Files.writeString(round.resolve(file), wrong, StandardCharsets.UTF_8);

            try (RawArchiveSource broken = new RawArchiveSource(round.getParent().getParent().getParent())) {
                assertThatThrownBy(() -> new WeekendReader(broken).weekend(2024, 1, true))
                        .as(file)
                        .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.BAD_RESPONSE))
                        .hasMessageContaining(round.resolve(file).toString());
            }
        }
    }

    @Test
    void pitStopsKeptInOneFileAreMergedAndCheckedAgainstTheTotal() throws IOException {
        // 2023/13 (Zandvoort): 101 stops recorded in one file whose envelope is the second page's
        JsonNode recorded = races(Fixtures.jolpica().resolve("2023/13/pitstops.json")).get(0).path("PitStops");

        SessionRecords race = reader.weekend(2023, 13, true).stream().filter(s -> s.session().equals("R")).findFirst().orElseThrow();

        assertThat(race.pitStops()).hasSize(101).hasSize(recorded.size());
        assertThat(race.pitStops()).extracting(p -> RawRecordKeys.of(p)).doesNotHaveDuplicates();
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

    private static JsonNode races(Path file) throws IOException {
        return JSON.readTree(file.toFile()).path("MRData").path("RaceTable").path("Races");
    }

    private static void assertStandings(List<RawStanding> standings, Path file, String rowsField, String kind, int round) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        JsonNode rows = JSON.readTree(text).path("MRData").path("StandingsTable").path("StandingsLists").get(0).path(rowsField);
        assertThat(standings).hasSize(rows.size()).isNotEmpty();
        for (int i = 0; i < rows.size(); i++) {
            RawStanding row = standings.get(i);
            String id = kind.equals("driver") ? rows.get(i).path("Driver").path("driverId").asText()
                    : rows.get(i).path("Constructor").path("constructorId").asText();
            assertThat(row.getSource()).isEqualTo("archive");
            assertThat(row.getSeason()).isEqualTo(2024);
            assertThat(row.getRound()).isEqualTo(round);
            assertThat(row.getSession()).isEqualTo("R");
            assertThat(row.getKind()).isEqualTo(kind);
            assertThat(row.getEntityId()).isEqualTo(id);
            assertThat(JSON.readTree(row.getPayload())).isEqualTo(rows.get(i));
            assertThat(text).contains(row.getPayload());
            assertThat(RawRecordKeys.of(row)).isEqualTo("2024/" + round + "/R/" + id);
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

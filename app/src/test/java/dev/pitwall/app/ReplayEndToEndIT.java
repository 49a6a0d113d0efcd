package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.producer.testing.FixtureJolpicaServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The walking skeleton end to end, through the real CLI in-process: a local Jolpica-compatible server
 * serving recorded responses -> producer -> embedded KRaft broker -> Streams -> s3proxy -> DuckDB.
 * Every expected value is computed from the fixture files.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayEndToEndIT {

    @TempDir
    static Path work;

    static FixtureJolpicaServer jolpica;
    static Path httpDataDir;

    record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void startServer() {
        jolpica = FixtureJolpicaServer.start(JolpicaFixtures.root().resolve("jolpica"));
        httpDataDir = work.resolve("http");
    }

    @AfterAll
    static void stopServer() {
        if (jolpica != null) {
            jolpica.close();
        }
    }

    static Run pitwall(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Pitwall.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static List<String[]> csv(Path dataDir, String sql) {
        Run run = pitwall("sql", "--data-dir", dataDir.toString(), "--format", "csv", sql);
        assertThat(run.exitCode()).as("sql failed: %s", run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
    }

    @Test
    @Order(1)
    void normalRaceLandsExactlyAsRecorded() {
        Run run = pitwall("replay", "--season", "2024", "--round", "1",
                "--jolpica-url", jolpica.baseUrl().toString(), "--data-dir", httpDataDir.toString());
        assertThat(run.exitCode()).as("replay failed: %s", run.err()).isZero();
        assertThat(run.out()).contains("replayed 2024 round 1").contains("rejects     0");
        // the moment the warehouse holds everything is said (bench e2e times it), before the summary
        assertThat(run.err()).containsPattern("(?m)^" + dev.pitwall.app.cli.ReplayCommand.QUERYABLE
                + " everything produced is in the warehouse after \\d+\\.\\d s$");

        assertSessionMatchesFixtures(httpDataDir, 2024, 1, "R");
        assertLapsMatchFixtures(httpDataDir, 2024, 1);
    }

    @Test
    @Order(2)
    void sprintWeekendLandsRaceAndSprint() {
        Run run = pitwall("replay", "--season", "2024", "--round", "6",
                "--jolpica-url", jolpica.baseUrl().toString(), "--data-dir", httpDataDir.toString());
        assertThat(run.exitCode()).as("replay failed: %s", run.err()).isZero();

        assertSessionMatchesFixtures(httpDataDir, 2024, 6, "R");
        assertSessionMatchesFixtures(httpDataDir, 2024, 6, "S");
        assertLapsMatchFixtures(httpDataDir, 2024, 6);
        // the earlier round is still there, untouched
        assertLapsMatchFixtures(httpDataDir, 2024, 1);
    }

    @Test
    @Order(3)
    void qualifyingPitStopsAndPublishedStandingsLandAsRecorded() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int round : new int[] {1, 6}) {
            Path dir = JolpicaFixtures.round(2024, round);
            var quali = json.readTree(dir.resolve("qualifying.json").toFile()).at("/MRData/RaceTable/Races/0/QualifyingResults");
            var stops = json.readTree(dir.resolve("pitstops.json").toFile()).at("/MRData/RaceTable/Races/0/PitStops");
            var drivers = json.readTree(dir.resolve("driverStandings.json").toFile())
                    .at("/MRData/StandingsTable/StandingsLists/0/DriverStandings");
            var teams = json.readTree(dir.resolve("constructorStandings.json").toFile())
                    .at("/MRData/StandingsTable/StandingsLists/0/ConstructorStandings");
            String where = " where season = 2024 and round = " + round;

            assertThat(csv(httpDataDir, "select count(*) from analytics.qualifying" + where).get(0)[0])
                    .isEqualTo(Integer.toString(quali.size()));
            String[] pole = csv(httpDataDir, "select driver_id, q3_ms from analytics.qualifying" + where + " and position = 1").get(0);
            assertThat(pole[0]).isEqualTo(quali.get(0).at("/Driver/driverId").asText());
            assertThat(Long.parseLong(pole[1])).isEqualTo(JolpicaFixtures.millis(quali.get(0).get("Q3").asText()));

            long fixtureStopMs = 0;
            for (var stop : stops) {
                fixtureStopMs += JolpicaFixtures.millis(stop.get("duration").asText());
            }
            String[] pit = csv(httpDataDir, "select count(*), sum(duration_ms) from analytics.pit_stops" + where).get(0);
            assertThat(pit[0]).isEqualTo(Integer.toString(stops.size()));
            assertThat(Long.parseLong(pit[1])).isEqualTo(fixtureStopMs);

            assertThat(csv(httpDataDir, "select count(*) from analytics.published_driver_standings" + where).get(0)[0])
                    .isEqualTo(Integer.toString(drivers.size()));
            assertThat(csv(httpDataDir, "select count(*) from analytics.published_constructor_standings" + where).get(0)[0])
                    .isEqualTo(Integer.toString(teams.size()));
            String[] leader = csv(httpDataDir, "select driver_id, points from analytics.published_driver_standings" + where
                    + " and position = 1").get(0);
            assertThat(leader[0]).isEqualTo(drivers.get(0).at("/Driver/driverId").asText());
            assertThat(Double.parseDouble(leader[1])).isEqualTo(drivers.get(0).get("points").asDouble());
        }
        // after round 1 the standings pitwall computes from results equal the published ones, driver by driver
        assertThat(csv(httpDataDir, "select count(*) from analytics.standings_check where season = 2024 and round = 1 and agrees")
                .get(0)[0]).isEqualTo("20");
    }

    @Test
    @Order(4)
    void theSameRaceFromTheArchiveGivesTheSameWarehouse() {
        Path archiveDataDir = work.resolve("archive");
        Run run = pitwall("replay", "--season", "2024", "--round", "6",
                "--archive", JolpicaFixtures.root().toString(), "--data-dir", archiveDataDir.toString());
        assertThat(run.exitCode()).as("replay failed: %s", run.err()).isZero();

        String results = "select season, round, session, driver_id, driver_code, constructor_id, grid, position, "
                + "position_text, points, laps, status, time_ms from analytics.results where season = 2024 and round = 6 "
                + "order by session, driver_id";
        String laps = "select season, round, session, driver_id, lap, position, lap_time_ms from analytics.laps "
                + "where season = 2024 and round = 6 order by session, driver_id, lap";
        assertThat(rows(csv(archiveDataDir, results))).isEqualTo(rows(csv(httpDataDir, results)));
        assertThat(rows(csv(archiveDataDir, laps))).isEqualTo(rows(csv(httpDataDir, laps)));
        assertThat(csv(archiveDataDir, laps)).hasSize(JolpicaFixtures.laps(2024, 6).size());
    }

    @Test
    @Order(5)
    void aRoundReplayedAgainIsServedFromTheKeptArchiveUnlessRefreshed() {
        int before = jolpica.requests();
        Run again = pitwall("replay", "--season", "2024", "--round", "1",
                "--jolpica-url", jolpica.baseUrl().toString(), "--data-dir", httpDataDir.toString());
        assertThat(again.exitCode()).as("replay failed: %s", again.err()).isZero();
        assertThat(jolpica.requests()).as("no request for what <data-dir>/archive keeps").isEqualTo(before);
        assertThat(again.out()).contains("files       0 loaded by this run");

        Run refreshed = pitwall("replay", "--season", "2024", "--round", "1", "--refresh",
                "--jolpica-url", jolpica.baseUrl().toString(), "--data-dir", httpDataDir.toString());
        assertThat(refreshed.exitCode()).as("replay failed: %s", refreshed.err()).isZero();
        assertThat(jolpica.requests()).isGreaterThan(before);
        assertLapsMatchFixtures(httpDataDir, 2024, 1);
    }

    @Test
    @Order(6)
    void badUsageIsOneLineAndExitCodeTwo() throws Exception {
        Run season = pitwall("replay", "--season", "1800", "--data-dir", work.resolve("bad").toString());
        assertThat(season.exitCode()).isEqualTo(2);
        assertThat(season.err()).contains("--season 1800");

        Run missing = pitwall("replay", "--data-dir", work.resolve("bad").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--season");

        Run backwards = pitwall("replay", "--seasons", "2024..2020", "--data-dir", work.resolve("bad").toString());
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.err()).contains("--seasons 2024..2020");

        Run both = pitwall("replay", "--season", "2024", "--seasons", "2020..2021", "--data-dir", work.resolve("bad").toString());
        assertThat(both.exitCode()).isEqualTo(2);

        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        // a fresh data dir: httpDataDir keeps round 1 in its archive and would answer without the network
        Run unreachable = pitwall("replay", "--season", "2024", "--round", "1",
                "--jolpica-url", "http://127.0.0.1:" + closedPort + "/ergast/f1", "--data-dir", work.resolve("unreachable").toString());
        assertThat(unreachable.exitCode()).isEqualTo(2);
        assertThat(unreachable.err()).contains("PW-0102").doesNotContain("\tat ");

        Run unknownRound = pitwall("replay", "--season", "2024", "--round", "39",
                "--jolpica-url", jolpica.baseUrl().toString(), "--data-dir", httpDataDir.toString());
        assertThat(unknownRound.exitCode()).isEqualTo(2);
        assertThat(unknownRound.err()).contains("PW-0101");

        Run badFormat = pitwall("sql", "--data-dir", httpDataDir.toString(), "--format", "xml", "select 1");
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.err()).contains("xml");
    }

    private static void assertSessionMatchesFixtures(Path dataDir, int season, int round, String session) {
        List<JolpicaFixtures.Result> expected = JolpicaFixtures.results(season, round, session);
        assertThat(expected).as("fixture results for %d/%d/%s", season, round, session).isNotEmpty();
        List<String[]> rows = csv(dataDir, "select driver_id, position, position_text from analytics.results where season = "
                + season + " and round = " + round + " and session = '" + session + "' order by position nulls last, driver_id");
        assertThat(rows).hasSize(expected.size());
        JolpicaFixtures.Result winner = expected.stream().filter(r -> Integer.valueOf(1).equals(r.position())).findFirst().orElseThrow();
        assertThat(rows.get(0)[0]).isEqualTo(winner.driverId());
        Map<String, String> positionText = expected.stream()
                .collect(Collectors.toMap(JolpicaFixtures.Result::driverId, JolpicaFixtures.Result::positionText));
        Map<String, String> landed = rows.stream().collect(Collectors.toMap(r -> r[0], r -> r[2]));
        assertThat(landed).isEqualTo(positionText);
    }

    private static void assertLapsMatchFixtures(Path dataDir, int season, int round) {
        List<JolpicaFixtures.Lap> expected = JolpicaFixtures.laps(season, round);
        List<String[]> counts = csv(dataDir, "select count(*) from analytics.laps where season = " + season
                + " and round = " + round + " and session = 'R'");
        assertThat(Long.parseLong(counts.get(0)[0])).isEqualTo(expected.size());
        List<String[]> sums = csv(dataDir, "select driver_id, sum(lap_time_ms) from analytics.laps where season = "
                + season + " and round = " + round + " and session = 'R' group by driver_id order by driver_id");
        Map<String, Long> landed = new TreeMap<>();
        sums.forEach(r -> landed.put(r[0], Long.parseLong(r[1])));
        assertThat(landed).isEqualTo(JolpicaFixtures.lapMillisPerDriver(expected));
    }

    private static List<String> rows(List<String[]> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(Arrays.toString(r)));
        return out;
    }
}

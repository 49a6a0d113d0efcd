package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.producer.testing.FixtureJolpicaServer;
import dev.pitwall.producer.testing.FixtureLiveTimingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `pitwall replay --livetiming` of the 2018 Azerbaijan Grand Prix from a local server serving the
 * recorded static archive: every lap lands in analytics.timing_laps with Jolpica's driver id, the
 * fetched files are kept in the static layout, and a second run replays nothing again.
 */
class LiveTimingReplayEndToEndIT {
    @TempDir
    Path dataDir;

    @Test
    void aRecordedRaceLandsInAnalyticsTimingLaps() {
        Path fixtures = JolpicaFixtures.root();
        try (FixtureJolpicaServer jolpica = FixtureJolpicaServer.start(fixtures.resolve("jolpica"));
             FixtureLiveTimingServer liveTiming = FixtureLiveTimingServer.start(fixtures.resolve("livetiming"))) {
            String[] args = {"replay", "--season", "2018", "--round", "4", "--jolpica-url", jolpica.baseUrl().toString(),
                    "--livetiming", "--livetiming-url", liveTiming.baseUrl().toString(), "--livetiming-rate-limit", "unlimited",
                    "--data-dir", dataDir.toString()};
            ReplayEndToEndIT.Run run = ReplayEndToEndIT.pitwall(args);
            assertThat(run.exitCode()).as("replay failed: %s", run.err()).isZero();
            assertThat(run.err()).contains("livetiming 2018/4/R (2018/2018-04-29_Azerbaijan_Grand_Prix/2018-04-29_Race/)");
            assertThat(run.out()).contains("analytics.timing_laps 841 rows");

            String where = " where season = 2018 and round = 4 and session = 'R'";
            assertThat(count("select count(*) from analytics.timing_laps" + where)).isEqualTo(841);
            assertThat(count("select count(*) from analytics.timing_laps" + where + " and driver_id is null"))
                    .as("every car has a Jolpica result to take its driver id from").isZero();
            assertThat(ReplayEndToEndIT.csv(dataDir, "select lap_time_ms, sector1_ms, sector2_ms, sector3_ms, compound, position"
                    + " from analytics.timing_laps" + where + " and driver_id = 'hamilton' and lap = 35").get(0))
                    .containsExactly("105412", "37186", "42663", "25563", "SOFT", "3");
            assertThat(count("select count(*) from analytics.timing_laps l join analytics.laps j using (season, round, session, driver_id, lap)"
                    + " where l.season = 2018 and l.round = 4 and l.lap > 1 and l.lap_time_ms <> j.lap_time_ms"))
                    .as("live timing and Jolpica agree on every lap time but lap 1's").isZero();
            assertThat(count("select count(*) from analytics.track_status" + where)).isEqualTo(22);
            assertThat(count("select count(*) from analytics.timing_race_control" + where)).isEqualTo(109);
            assertThat(count("select count(*) from analytics.timing_stints" + where)).as("20 starts + 36 tyre changes").isEqualTo(56);
            assertThat(ReplayEndToEndIT.csv(dataDir, "select string_agg(compound, '-' order by stint) from analytics.timing_stints"
                    + where + " and driver_id = 'hamilton'").get(0)[0]).isEqualTo("SUPERSOFT-SOFT-ULTRASOFT");
            // the acceptance check: laps completed, final position and fastest lap of every classified driver
            assertThat(count("select count(*) from analytics.timing_classification c join analytics.results r"
                    + " using (season, round, session, driver_id) where season = 2018 and round = 4 and session = 'R'"
                    + " and (c.laps <> r.laps or c.position <> r.position or c.fastest_lap_ms is distinct from r.fastest_lap_ms)"))
                    .as("live timing's classification differs from Jolpica's").isZero();
            assertThat(count("select count(*) from analytics.timing_classification" + where))
                    .as("every car that completed a lap (Ocon and Sirotkin were out on lap 1)")
                    .isEqualTo(count("select count(*) from analytics.results" + where + " and laps > 0")).isEqualTo(18);
            assertThat(dataDir.resolve("archive/livetiming/2018/2018-04-29_Azerbaijan_Grand_Prix/2018-04-29_Race/TimingData.jsonStream"))
                    .satisfies(p -> assertThat(Files.size(p)).isPositive());

            ReplayEndToEndIT.Run again = ReplayEndToEndIT.pitwall(args);
            assertThat(again.exitCode()).as("second replay failed: %s", again.err()).isZero();
            assertThat(again.err()).contains("already replayed");
            assertThat(count("select count(*) from analytics.timing_laps" + where)).isEqualTo(841);
        }
    }

    private long count(String sql) {
        return Long.parseLong(ReplayEndToEndIT.csv(dataDir, sql).get(0)[0]);
    }
}

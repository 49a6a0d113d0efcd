package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.producer.testing.FixtureJolpicaServer;
import dev.pitwall.producer.testing.FixtureOpenF1Server;
import dev.pitwall.producer.testing.OpenF1Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `pitwall replay --openf1` adds OpenF1's sessions of the replayed round (2024 Spain, session 9539) next to
 * Jolpica's: laps with sectors and speed traps, stints and weather land exactly as recorded, OpenF1 laps
 * get the Jolpica driver id through the car number, and a second run sends nothing new.
 */
class OpenF1ReplayEndToEndIT {
    @TempDir
    Path dataDir;

    @Test
    void openF1SessionsOfTheRoundLandBesideJolpicas() {
        Path fixtures = JolpicaFixtures.root();
        try (FixtureJolpicaServer jolpica = FixtureJolpicaServer.start(fixtures.resolve("jolpica"));
             FixtureOpenF1Server openF1 = FixtureOpenF1Server.start(OpenF1Fixtures.openF1(), List.of(9539), null)) {
            String[] args = {"replay", "--season", "2024", "--round", "10", "--jolpica-url", jolpica.baseUrl().toString(),
                    "--openf1", "--openf1-url", openF1.baseUrl().toString(), "--openf1-rate-limit", "unlimited",
                    "--data-dir", dataDir.toString()};
            ReplayEndToEndIT.Run run = ReplayEndToEndIT.pitwall(args);
            assertThat(run.exitCode()).as("replay failed: %s", run.err()).isZero();
            assertThat(run.err()).contains("openf1 session 9539 (2024/10/R)");

            String where = " where season = 2024 and round = 10 and session = 'R'";
            int laps = openF1.recorded(9539, "laps").size();
            assertThat(run.out()).contains("openf1      " + (laps + openF1.recorded(9539, "stints").size()
                    + openF1.recorded(9539, "weather").size()) + " records");
            assertThat(count("select count(*) from analytics.openf1_laps" + where)).isEqualTo(laps);
            assertThat(count("select count(*) from analytics.stints" + where)).isEqualTo(openF1.recorded(9539, "stints").size());
            assertThat(count("select count(*) from analytics.weather" + where)).isEqualTo(openF1.recorded(9539, "weather").size());
            assertThat(ReplayEndToEndIT.csv(dataDir, "select distinct driver_id from analytics.openf1_laps" + where
                    + " and driver_number = 1").get(0)[0]).isEqualTo("max_verstappen");
            assertThat(count("select count(*) from analytics.openf1_laps" + where + " and driver_id is null"))
                    .as("every car of the race has a Jolpica result").isZero();
            assertThat(ReplayEndToEndIT.csv(dataDir, "select compounds, stops from analytics.tyre_strategy" + where
                    + " and driver_id = 'max_verstappen'").get(0)).containsExactly("SOFT-MEDIUM-SOFT", "2");

            int requests = openF1.requests();
            ReplayEndToEndIT.Run again = ReplayEndToEndIT.pitwall(args);
            assertThat(again.exitCode()).as("second replay failed: %s", again.err()).isZero();
            assertThat(again.err()).contains("already replayed");
            assertThat(count("select count(*) from analytics.openf1_laps" + where)).isEqualTo(laps);
            assertThat(openF1.requests() - requests).as("only the sessions listing is asked again").isLessThanOrEqualTo(1);
        }
    }

    private long count(String sql) {
        return Long.parseLong(ReplayEndToEndIT.csv(dataDir, sql).get(0)[0]);
    }
}

package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.app.cli.LiveCommand;
import dev.pitwall.app.runtime.InProcessPipeline;
import dev.pitwall.app.runtime.PipelineSettings;
import dev.pitwall.producer.openf1.OpenF1Dates;
import dev.pitwall.producer.testing.FixtureOpenF1Server;
import dev.pitwall.producer.testing.OpenF1Fixtures;
import dev.pitwall.producer.testing.VirtualClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `pitwall live` follows a recorded OpenF1 race (2024 Spain, session 9539) that a local server reveals
 * by a virtual clock 200 times faster than the day, attached to a running stack as on a race weekend:
 * laps become queryable while the race still runs, and once it is over the warehouse holds exactly the
 * recorded session.
 */
class LiveEndToEndIT {
    private static final int SESSION = 9539;
    private static final double SPEED = 200;

    @TempDir
    Path dataDir;

    @Test
    void lapsAreQueryableWhileTheRaceRunsAndTheWholeSessionLandsOnce() throws Exception {
        Path fixtures = JolpicaFixtures.root();
        Path openF1 = OpenF1Fixtures.openF1();
        try (InProcessPipeline running = InProcessPipeline.start(PipelineSettings.embedded(dataDir).withLive(true))) {
            Instant sessionStart;
            try (FixtureOpenF1Server probe = FixtureOpenF1Server.start(openF1, List.of(SESSION), null)) {
                sessionStart = OpenF1Dates.parse(probe.sessionObject(SESSION).path("date_start").asText());
            }
            VirtualClock clock = new VirtualClock(sessionStart, System.currentTimeMillis() + 1_000, SPEED);
            try (FixtureOpenF1Server server = FixtureOpenF1Server.start(openF1, List.of(SESSION), clock)) {
                Instant sessionEnd = OpenF1Dates.parse(server.sessionObject(SESSION).path("date_end").asText());
                int recordedLaps = server.recorded(SESSION, "laps").size();
                int recordedStints = server.recorded(SESSION, "stints").size();
                int recordedWeather = server.recorded(SESSION, "weather").size();

                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                CommandLine cl = Pitwall.commandLine(new CommandLine.IFactory() {
                    @Override
                    public <K> K create(Class<K> type) throws Exception {
                        return type == LiveCommand.class ? type.cast(new LiveCommand(clock, Map.of()))
                                : CommandLine.defaultFactory().create(type);
                    }
                });
                cl.setOut(new PrintWriter(out, true));
                cl.setErr(new PrintWriter(err, true));
                CompletableFuture<Integer> live = CompletableFuture.supplyAsync(() -> cl.execute("live",
                        "--session", Integer.toString(SESSION), "--openf1-url", server.baseUrl().toString(),
                        "--openf1-rate-limit", "unlimited", "--archive", fixtures.toString(),
                        "--poll-interval", "0.1", "--finish-grace", "0", "--data-dir", dataDir.toString()));

                // while the virtual race runs, laps reach the warehouse
                long seen = 0;
                Instant seenAt = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (seen == 0 && System.nanoTime() < deadline && !live.isDone()) {
                    Thread.sleep(200);
                    seen = Long.parseLong(ReplayEndToEndIT.csv(dataDir,
                            "select count(*) from analytics.openf1_laps where season = 2024 and round = 10 and session = 'R'").get(0)[0]);
                    seenAt = clock.instant();
                }
                assertThat(seen).as("laps queryable before the race ended; live output: %s", err).isPositive();
                assertThat(seenAt).as("first laps were queryable at virtual %s, race ends %s", seenAt, sessionEnd).isBefore(sessionEnd);
                System.out.printf("live: first %d laps queryable at virtual %s, %.0f virtual minutes before the end%n",
                        seen, seenAt, Duration.between(seenAt, sessionEnd).toSeconds() / 60.0);

                int code = live.get(180, TimeUnit.SECONDS);
                assertThat(code).as("live failed: %s", err).isZero();
                assertThat(out.toString()).contains("followed OpenF1 session " + SESSION + " (2024/10/R)").contains("finished");

                String where = " where season = 2024 and round = 10 and session = 'R'";
                assertThat(count("select count(*) from analytics.openf1_laps" + where)).isEqualTo(recordedLaps);
                assertThat(count("select count(*) from analytics.openf1_laps" + where + " and lap_duration_ms is null"))
                        .as("every lap's duration was filled in by a later revision")
                        .isEqualTo(server.recorded(SESSION, "laps").stream().filter(l -> l.path("lap_duration").isNull()).count());
                assertThat(count("select count(*) from analytics.stints" + where)).isEqualTo(recordedStints);
                assertThat(count("select count(*) from analytics.weather" + where)).isEqualTo(recordedWeather);
                List<String[]> ver = ReplayEndToEndIT.csv(dataDir, "select compounds from analytics.tyre_strategy" + where
                        + " and driver_number = 1");
                assertThat(ver.get(0)[0]).isEqualTo("SOFT-MEDIUM-SOFT");

                // a second run of the same command finds the session finished and sends nothing
                int again = Pitwall.commandLine(new CommandLine.IFactory() {
                    @Override
                    public <K> K create(Class<K> type) throws Exception {
                        return type == LiveCommand.class ? type.cast(new LiveCommand(clock, Map.of()))
                                : CommandLine.defaultFactory().create(type);
                    }
                }).execute("live", "--session", Integer.toString(SESSION), "--openf1-url", server.baseUrl().toString(),
                        "--openf1-rate-limit", "unlimited", "--archive", fixtures.toString(), "--data-dir", dataDir.toString());
                assertThat(again).isZero();
                assertThat(count("select count(*) from analytics.openf1_laps" + where)).isEqualTo(recordedLaps);
            }
        }
    }

    private long count(String sql) {
        return Long.parseLong(ReplayEndToEndIT.csv(dataDir, sql).get(0)[0]);
    }
}

package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pitwall.app.runtime.InProcessPipeline;
import dev.pitwall.app.runtime.PipelineSettings;
import dev.pitwall.producer.testing.FixtureJolpicaServer;
import dev.pitwall.producer.testing.FixtureLiveTimingServer;
import dev.pitwall.producer.testing.FixtureSignalRServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `pitwall follow` through a race weekend on a clock whose waits pass 5,000 times faster: it waits for the
 * 2018 Azerbaijan Grand Prix, follows it live on a local SignalR Core hub playing the recorded race, fetches
 * Jolpica's results from a local server an hour after the race, and again a day later, when the stewards
 * have disqualified the tenth-placed driver (the test edits the served results.json between the fetches):
 * the restatement is revision 2. Started again, it finds everything done in its Kafka checkpoint.
 */
class FollowIT {
    private static final String BAKU = "2018/2018-04-29_Azerbaijan_Grand_Prix/2018-04-29_Race/";
    private static final String WHERE = " where season = 2018 and round = 4 and session = 'R'";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void aRaceWeekendUnattendedWithALateStewardsDecision() throws Exception {
        Path fixtures = JolpicaFixtures.root();
        // the served copy of 2018 (schedule and round 4), so that the stewards can change it during the test
        Path jolpica = servedCopyOf2018Round4(fixtures);
        Path dataDir = work.resolve("data");
        try (InProcessPipeline running = InProcessPipeline.start(PipelineSettings.embedded(dataDir).withLive(true));
             FixtureJolpicaServer api = FixtureJolpicaServer.start(jolpica);
             FixtureLiveTimingServer archive = FixtureLiveTimingServer.start(fixtures.resolve("livetiming"));
             FixtureSignalRServer hub = FixtureSignalRServer.start(fixtures.resolve("livetiming"), BAKU, 200)) {
            String[] follow = {"follow", "--season", "2018", "--round", "4", "--sessions", "R", "--lead-time", "10m",
                    "--results-after", "1h,1d", "--virtual-clock", "2018-04-29T11:50:00Z*5000",
                    "--jolpica-url", api.baseUrl().toString(), "--jolpica-rate-limit", "unlimited",
                    "--livetiming-url", archive.baseUrl().toString(), "--livetiming-rate-limit", "unlimited",
                    "--signalr-url", hub.url().toString(), "--data-dir", dataDir.toString()};
            CompletableFuture<ReplayEndToEndIT.Run> run = CompletableFuture.supplyAsync(() -> ReplayEndToEndIT.pitwall(follow));

            // once the first fetch has read the classification, the stewards disqualify Hartley (P10, 1 point); the
            // second fetch is a (virtual) day later
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (api.requestLog().stream().noneMatch(r -> r.contains("/2018/4/results.json")) && System.nanoTime() < deadline && !run.isDone()) {
                Thread.sleep(20);
            }
            assertThat(run.isDone()).as("follow ended before the first results fetch: %s", run.isDone() ? run.get().err() : "").isFalse();
            assertThat(hub.finished()).as("the race was followed live before the results were fetched").isTrue();
            disqualify(jolpica.resolve("2018/4/results.json"), "brendon_hartley");
            long requested = System.nanoTime();
            long results = 0;
            while (results == 0 && System.nanoTime() < deadline && !run.isDone()) {
                Thread.sleep(200);
                results = count(dataDir, "select count(*) from analytics.results" + WHERE);
            }
            System.out.printf("[follow] the first fetch's results queryable %.1f s after they were requested%n", (System.nanoTime() - requested) / 1e9);

            ReplayEndToEndIT.Run done = run.get(240, TimeUnit.SECONDS);
            assertThat(done.exitCode()).as("follow failed: %s", done.err()).isZero();
            System.out.println("[follow] " + done.err() + done.out());
            assertThat(done.out()).contains("followed 2018 round 4: nothing left to do (3 done by this run)");
            assertThat(done.err()).contains("waiting to follow 2018 round 4 Azerbaijan Grand Prix R live at Sun 2018-04-29 12:00 UTC")
                    .contains("fetch 2018 round 4 Azerbaijan Grand Prix results from Jolpica (fetch 1): fetched")
                    .contains("(fetch 2): fetched");

            // live timing's laps, and Jolpica's classification with the stewards' decision as revision 2
            assertThat(count(dataDir, "select count(*) from analytics.timing_laps" + WHERE)).isEqualTo(841);
            assertThat(count(dataDir, "select count(*) from analytics.results" + WHERE)).isEqualTo(20);
            assertThat(ReplayEndToEndIT.csv(dataDir, "select status, points, revision from analytics.results" + WHERE
                    + " and driver_id = 'brendon_hartley'")).singleElement().satisfies(r -> assertThat(r).containsExactly("Disqualified", "0.00", "2"));
            assertThat(count(dataDir, "select count(*) from staging.results" + WHERE + " and driver_id = 'brendon_hartley'")).isEqualTo(2);
            assertThat(count(dataDir, "select count(*) from staging.results" + WHERE)).as("nobody else was restated").isEqualTo(21);

            // started again: the checkpoint has all three, nothing is fetched or followed again
            int connections = hub.connected();
            ReplayEndToEndIT.Run again = ReplayEndToEndIT.pitwall(follow);
            assertThat(again.exitCode()).as("second follow: %s", again.err()).isZero();
            assertThat(again.out()).contains("nothing left to do (0 done by this run)");
            assertThat(again.err()).contains("already done: 3 (checkpoint follow/2018)");
            assertThat(hub.connected()).isEqualTo(connections);

            // --once with a limit on the wait, for cron: round 5's race is days away, so it says when and exits 0
            ReplayEndToEndIT.Run cron = ReplayEndToEndIT.pitwall("follow", "--season", "2018", "--round", "5", "--once", "--max-wait", "1h",
                    "--virtual-clock", "2018-05-01T00:00:00Z*1", "--jolpica-url", api.baseUrl().toString(), "--jolpica-rate-limit", "unlimited",
                    "--livetiming-url", archive.baseUrl().toString(), "--livetiming-rate-limit", "unlimited",
                    "--signalr-url", hub.url().toString(), "--data-dir", dataDir.toString());
            assertThat(cron.exitCode()).as("follow --once: %s", cron.err()).isZero();
            assertThat(cron.out()).contains("nothing due: next follow 2018 round 5 Spanish Grand Prix R live at Sun 2018-05-13 13:00 UTC");
        }
    }

    @Test
    void killedBetweenTheFetchesTheSameCommandDoesOnlyTheSecond() throws Exception {
        Path fixtures = JolpicaFixtures.root();
        Path jolpica = servedCopyOf2018Round4(fixtures);
        Path dataDir = work.resolve("killed");
        try (InProcessPipeline running = InProcessPipeline.start(PipelineSettings.embedded(dataDir));
             FixtureJolpicaServer api = FixtureJolpicaServer.start(jolpica);
             FixtureLiveTimingServer archive = FixtureLiveTimingServer.start(fixtures.resolve("livetiming"))) {
            // qualifying only live, and 2018's has no time: results only, the first due 10 (virtual) minutes after the start
            List<String> args = List.of("follow", "--season", "2018", "--round", "4", "--sessions", "Q", "--results-after", "1h,1d",
                    "--virtual-clock", "2018-04-29T15:00:00Z*5000", "--jolpica-url", api.baseUrl().toString(), "--jolpica-rate-limit", "unlimited",
                    "--livetiming-url", archive.baseUrl().toString(), "--livetiming-rate-limit", "unlimited",
                    "--signalr-url", "http://127.0.0.1:9/signalrcore", "--data-dir", dataDir.toString());
            Path firstLog = work.resolve("follow-1.log");
            Process first = launch(args, firstLog);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!Files.readString(firstLog).contains("(fetch 1): fetched") && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(first.isAlive()).as("the first follower is waiting for the second fetch: %s", Files.readString(firstLog)).isTrue();
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
            long fetchesBefore = api.requestLog().stream().filter(r -> r.contains("/2018/4/results.json")).count();
            assertThat(fetchesBefore).isEqualTo(1);

            Path secondLog = work.resolve("follow-2.log");
            Process second = launch(args, secondLog);
            assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(secondLog);
            assertThat(second.exitValue()).as("restarted follow: %s", out).isZero();
            assertThat(out).contains("already done: 1 (checkpoint follow/2018)").contains("(fetch 2): fetched")
                    .doesNotContain("(fetch 1) ...").contains("nothing left to do (1 done by this run)");
            assertThat(api.requestLog().stream().filter(r -> r.contains("/2018/4/results.json")).count()).isEqualTo(2);
            assertThat(count(dataDir, "select count(*) from analytics.results" + WHERE)).isEqualTo(20);
            assertThat(count(dataDir, "select count(*) from staging.results" + WHERE)).as("the second fetch restated nothing").isEqualTo(20);
        }
    }

    private static Process launch(List<String> args, Path log) throws java.io.IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Daws.disableEc2Metadata=true", "-cp", System.getProperty("java.class.path"), Pitwall.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void badFlagsAreOneLineEach() {
        for (List<String> args : List.of(List.of("--sessions", "R,FP9"), List.of("--lead-time", "ten"), List.of("--max-wait", "1h"),
                List.of("--source", "tv"))) {
            String[] argv = Stream.concat(Stream.of("follow", "--season", "2018", "--data-dir", work.resolve("bad").toString()), args.stream())
                    .toArray(String[]::new);
            ReplayEndToEndIT.Run run = ReplayEndToEndIT.pitwall(argv);
            assertThat(run.exitCode()).as("%s", args).isEqualTo(2);
            // one line naming the flag (picocli adds its usual pointer to --help)
            assertThat(run.err().lines().filter(l -> !l.isBlank() && !l.startsWith("Try 'pitwall follow --help'")).toList()).as("%s", args).hasSize(1)
                    .first().asString().contains(args.get(0));
        }
    }

    private static void disqualify(Path resultsJson, String driverId) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(resultsJson.toFile());
        for (var r : root.path("MRData").path("RaceTable").path("Races").path(0).path("Results")) {
            if (r.path("Driver").path("driverId").asText().equals(driverId)) {
                ObjectNode result = (ObjectNode) r;
                result.put("status", "Disqualified");
                result.put("positionText", "D");
                result.put("points", "0");
            }
        }
        Path tmp = resultsJson.resolveSibling("results.json.tmp");
        JSON.writeValue(tmp.toFile(), root);
        Files.move(tmp, resultsJson, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** 2018's schedule and round 4 copied out of the fixtures (which stay as they are) for a local server to serve. */
    private Path servedCopyOf2018Round4(Path fixtures) throws Exception {
        Path jolpica = work.resolve("jolpica");
        copy(fixtures.resolve("jolpica/2018/races.json"), jolpica.resolve("2018/races.json"));
        try (Stream<Path> files = Files.list(fixtures.resolve("jolpica/2018/4"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                copy(f, jolpica.resolve("2018/4").resolve(f.getFileName().toString()));
            }
        }
        return jolpica;
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    private static long count(Path dataDir, String sql) {
        return Long.parseLong(ReplayEndToEndIT.csv(dataDir, sql).get(0)[0]);
    }
}

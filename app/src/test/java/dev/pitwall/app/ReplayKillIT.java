package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's acceptance as a test: `pitwall replay` (the whole process: producer, broker, Streams,
 * sink, loader) is killed with SIGKILL three times at random moments of a paced replay, then run to
 * the end. Every lap and result must be in the warehouse exactly once.
 */
class ReplayKillIT {
    private static final int SEASON = 2024;
    private static final int ROUND = 6;
    // a 90-minute race replayed 400 times faster: about 14 s of laps per run
    private static final String SPEED = "400";

    // a red run keeps its data dir (broker log, Streams state, pitwall.log) for whoever reads the failure
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void killedThreeTimesThenRunToTheEndLandsEverythingExactlyOnce() throws Exception {
        Path fixtures = JolpicaFixtures.root();
        Path dataDir = work.resolve("data");
        long seed = Long.getLong("pitwall.kill.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("ReplayKillIT seed " + seed + " (rerun with -Dpitwall.kill.seed=" + seed + ")");

        int killedWhileRunning = 0;
        for (int kill = 1; kill <= 3; kill++) {
            Path log = work.resolve("run-" + kill + ".log");
            Process child = launch(fixtures, dataDir, log);
            // wait until the pipeline is up and the replay producing, then kill at a random moment of the
            // next ~12 s of paced laps: a time-only schedule kills a slow machine's runs while they start
            boolean producing = awaitOutput(child, log, "pipeline up in", 180_000);
            long extraMs = random.nextInt(12_000);
            boolean exited = producing ? child.waitFor(extraMs, TimeUnit.MILLISECONDS) : !child.isAlive();
            if (!exited) {
                child.destroyForcibly().waitFor();
            }
            System.out.printf("run %d: %s (%s, +%d ms)%n", kill, exited ? "finished before the kill" : "killed",
                    producing ? "while producing" : "before producing", extraMs);
            if (exited) {
                // a run that ended on its own says why: keep that in the test output for whoever reads a red build
                System.out.printf("run %d exit code %d, last lines of its output:%n%s%n", kill, child.exitValue(), tail(log, 15));
            }
            if (!exited && producing) {
                killedWhileRunning++;
            }
        }
        assertThat(killedWhileRunning).as("kills that hit a running pipeline (else the test proves nothing)").isPositive();

        ReplayEndToEndIT.Run last = ReplayEndToEndIT.pitwall("replay", "--season", Integer.toString(SEASON),
                "--round", Integer.toString(ROUND), "--archive", fixtures.toString(), "--speed", SPEED,
                "--data-dir", dataDir.toString());
        assertThat(last.exitCode()).as("final replay failed: %s%nthe last lines of %s:%n%s", last.err(),
                dataDir.resolve("logs/pitwall.log"), tail(dataDir.resolve("logs/pitwall.log"), 60)).isZero();

        List<String[]> dupLaps = ReplayEndToEndIT.csv(dataDir, "select count(*), count(distinct (season, round, session, driver_id, lap))"
                + " from staging.laps where season = " + SEASON + " and round = " + ROUND);
        assertThat(dupLaps.get(0)[0]).as("staging.laps rows vs distinct laps").isEqualTo(dupLaps.get(0)[1]);
        List<JolpicaFixtures.Lap> laps = JolpicaFixtures.laps(SEASON, ROUND);
        assertThat(Long.parseLong(dupLaps.get(0)[0])).isEqualTo(laps.size());

        Map<String, Long> sums = new TreeMap<>();
        ReplayEndToEndIT.csv(dataDir, "select driver_id, sum(lap_time_ms) from analytics.laps where season = " + SEASON
                + " and round = " + ROUND + " group by driver_id").forEach(r -> sums.put(r[0], Long.parseLong(r[1])));
        assertThat(sums).isEqualTo(JolpicaFixtures.lapMillisPerDriver(laps));

        for (String session : List.of("R", "S")) {
            List<String[]> results = ReplayEndToEndIT.csv(dataDir, "select count(*), count(distinct driver_id) from staging.results"
                    + " where season = " + SEASON + " and round = " + ROUND + " and session = '" + session + "'");
            assertThat(results.get(0)[0]).as("staging.results %s rows vs distinct drivers", session).isEqualTo(results.get(0)[1]);
            assertThat(Long.parseLong(results.get(0)[0])).isEqualTo(JolpicaFixtures.results(SEASON, ROUND, session).size());
        }
    }

    private static String tail(Path log, int lines) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> all = Files.readAllLines(log).stream()
                .map(l -> l.length() > 400 ? l.substring(0, 400) + " ..." : l).toList();
        return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Polls the child's output for {@code text}; false when the child ends or the time runs out first. */
    private static boolean awaitOutput(Process child, Path log, String text, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return true;
            }
            if (!child.isAlive()) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static Process launch(Path fixtures, Path dataDir, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Daws.disableEc2Metadata=true",
                "-cp", System.getProperty("java.class.path"),
                Pitwall.class.getName(), "replay", "--season", Integer.toString(SEASON), "--round", Integer.toString(ROUND),
                "--archive", fixtures.toString(), "--speed", SPEED, "--data-dir", dataDir.toString(),
                // the INFO line awaited above goes to the console too, not only to the data dir's log
                "--verbose"));
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}

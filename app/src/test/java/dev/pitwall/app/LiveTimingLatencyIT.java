package dev.pitwall.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitwall.app.runtime.InProcessPipeline;
import dev.pitwall.app.runtime.PipelineSettings;
import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.livetiming.LiveTimingFollower;
import dev.pitwall.producer.livetiming.LiveTimingRequest;
import dev.pitwall.producer.signalr.SignalRClient;
import dev.pitwall.producer.testing.FixtureSignalRServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, run with {@code -Dpitwall.bench=true}: how long after a lap completes on the local feed
 * (the hub sends the TimingData line where the car's NumberOfLaps reaches it) the lap is queryable in
 * analytics.timing_laps, while the recorded 2018 Baku race plays at {@value #SPEED}x through the
 * embedded stack. Measures and prints p50/p99; asserts no time. The lap deriver waits 5 s of feed time
 * for late values before emitting a lap, 5 s / speed of wall time here, included in the numbers.
 */
class LiveTimingLatencyIT {
    private static final double SPEED = 10;
    private static final Duration MEASURE = Duration.ofSeconds(150);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void lapCompletedOnTheFeedToQueryable() throws Exception {
        assumeTrue(Boolean.getBoolean("pitwall.bench"), "benchmark: run with -Dpitwall.bench=true");
        Path fixtures = JolpicaFixtures.root();
        try (InProcessPipeline running = InProcessPipeline.start(PipelineSettings.embedded(dataDir).withLive(true));
             FixtureSignalRServer hub = FixtureSignalRServer.start(fixtures.resolve("livetiming"),
                     "2018/2018-04-29_Azerbaijan_Grand_Prix/2018-04-29_Race/", SPEED);
             RawArchiveSource schedule = new RawArchiveSource(fixtures)) {
            Map<String, Integer> completingLine = completingLines(hub.lines());
            LiveTimingFollower follower = new LiveTimingFollower(running.kafkaProps(), new LiveTimingRequest("latest",
                    SignalRClient.Settings.of(hub.url(), null), schedule, null, null, null, null, 10));
            CompletableFuture<LiveTimingFollower.Result> run = CompletableFuture.supplyAsync(follower::run);
            Map<String, Long> seenAt = new HashMap<>();
            long end = System.nanoTime() + MEASURE.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(100);
                long now = System.currentTimeMillis();
                for (List<Object> row : running.query("select driver_number, lap from analytics.timing_laps"
                        + " where season = 2018 and round = 4 and session = 'R'").rows()) {
                    seenAt.putIfAbsent(row.get(0) + "/" + row.get(1), now);
                }
            }
            follower.stop();
            run.join();
            List<Long> latencies = new ArrayList<>();
            seenAt.forEach((lap, at) -> {
                Integer line = completingLine.get(lap);
                if (line != null && hub.sentAtMillis(line) > 0) {
                    latencies.add(at - hub.sentAtMillis(line));
                }
            });
            latencies.sort(Long::compare);
            assertThat(latencies).as("laps measured").isNotEmpty();
            System.out.printf("live timing latency at %.0fx over %d laps:"
                            + " p50 %d ms, p99 %d ms, max %d ms (the deriver's 5 s late-value window is %d ms of it here; polled every 100 ms)%n",
                    SPEED, latencies.size(), latencies.get(latencies.size() / 2), latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1),
                    latencies.get(latencies.size() - 1), Math.round(5_000 / SPEED));
        }
    }

    /** Per driver/lap, the index of the hub line where the car's NumberOfLaps reached that lap. */
    private static Map<String, Integer> completingLines(List<FixtureSignalRServer.Line> lines) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        Map<String, Integer> laps = new HashMap<>();
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            FixtureSignalRServer.Line line = lines.get(i);
            if (!line.topic().equals("TimingData")) {
                continue;
            }
            JsonNode message = JSON.readTree(line.message());
            for (var it = message.path("Lines").fields(); it.hasNext(); ) {
                var car = it.next();
                JsonNode n = car.getValue().get("NumberOfLaps");
                if (n != null && n.canConvertToInt() && n.asInt() > laps.getOrDefault(car.getKey(), 0)) {
                    laps.put(car.getKey(), n.asInt());
                    if (!first) {
                        out.putIfAbsent(car.getKey() + "/" + n.asInt(), i);
                    }
                }
            }
            first = false;
        }
        return out;
    }
}

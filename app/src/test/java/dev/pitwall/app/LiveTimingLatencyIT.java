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
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import dev.pitwall.schemas.avro.CleanTimingLap;
import dev.pitwall.schemas.avro.FileWritten;
import dev.pitwall.schemas.avro.RawLiveTiming;
import dev.pitwall.schemas.serde.PitwallSerdes;
import dev.pitwall.schemas.serde.RecordCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, run with {@code -Dpitwall.bench=true}: how long after a lap completes on the local feed
 * (the hub sends the TimingData line where the car's NumberOfLaps reaches it) the lap is queryable in
 * analytics.timing_laps, while the recorded 2018 Baku race plays through the embedded stack at
 * {@code -Dpitwall.bench.speed} (default 10) times F1's pace, from stream offset
 * {@code -Dpitwall.bench.from} (ms, default 0; the first lap ends at 10:12) for
 * {@code -Dpitwall.bench.seconds} (default 150). Prints p50/p99 from the feed to each stage, as a
 * read_committed consumer first sees it (raw message, clean lap, batch holding it, file written) and
 * the warehouse query (polled every 100 ms) first returns it. Asserts no time.
 */
class LiveTimingLatencyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] STAGES = {"raw topic", "clean lap", "batch closed", "file written", "queryable"};

    @TempDir
    Path dataDir;

    @Test
    void lapCompletedOnTheFeedToQueryable() throws Exception {
        assumeTrue(Boolean.getBoolean("pitwall.bench"), "benchmark: run with -Dpitwall.bench=true");
        double speed = Double.parseDouble(System.getProperty("pitwall.bench.speed", "10"));
        long from = Long.getLong("pitwall.bench.from", 0L);
        Duration measure = Duration.ofSeconds(Long.getLong("pitwall.bench.seconds", 150L));
        Path fixtures = JolpicaFixtures.root();
        try (InProcessPipeline running = InProcessPipeline.start(PipelineSettings.embedded(dataDir).withLive(true));
             FixtureSignalRServer hub = FixtureSignalRServer.start(fixtures.resolve("livetiming"),
                     "2018/2018-04-29_Azerbaijan_Grand_Prix/2018-04-29_Race/", speed).from(from);
             RawArchiveSource schedule = new RawArchiveSource(fixtures);
             StageWatch watch = new StageWatch(running.kafkaProps())) {
            Map<String, Integer> completingLine = completingLines(hub.lines(), from);
            LiveTimingFollower follower = new LiveTimingFollower(running.kafkaProps(), new LiveTimingRequest("latest",
                    SignalRClient.Settings.of(hub.url(), null), schedule, null, null, null, null, 10));
            CompletableFuture<LiveTimingFollower.Result> run = CompletableFuture.supplyAsync(follower::run);
            Thread watcher = new Thread(watch, "stage-watch");
            watcher.setDaemon(true);
            watcher.start();
            Map<String, Long> seenAt = new HashMap<>();
            long end = System.nanoTime() + measure.toNanos();
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
            watch.stop();
            watcher.join(10_000);

            Map<String, List<Long>> byStage = new LinkedHashMap<>();
            for (String s : STAGES) {
                byStage.put(s, new ArrayList<>());
            }
            seenAt.forEach((lap, at) -> {
                Integer line = completingLine.get(lap);
                if (line == null || hub.sentAtMillis(line) <= 0) {
                    return;
                }
                long sent = hub.sentAtMillis(line);
                add(byStage.get("raw topic"), watch.raw.get(hub.lines().get(line).message()), sent);
                add(byStage.get("clean lap"), watch.clean.get(lap), sent);
                add(byStage.get("batch closed"), watch.batched.get(lap), sent);
                String batch = watch.batchOf.get(lap);
                add(byStage.get("file written"), batch == null ? null : watch.written.get(batch), sent);
                add(byStage.get("queryable"), at, sent);
            });
            List<Long> latencies = byStage.get("queryable");
            assertThat(latencies).as("laps measured").isNotEmpty();
            System.out.printf("live timing latency at %.0fx from offset %d ms over %d laps (ms from the hub sending the line):%n",
                    speed, from, latencies.size());
            byStage.forEach((stage, l) -> {
                l.sort(Long::compare);
                if (!l.isEmpty()) {
                    System.out.printf("  %-13s p50 %5d  p99 %5d  max %5d  (%d laps)%n", stage, l.get(l.size() / 2),
                            l.get((int) Math.ceil(l.size() * 0.99) - 1), l.get(l.size() - 1), l.size());
                }
            });
        }
    }

    private static void add(List<Long> to, Long at, long sent) {
        if (at != null) {
            to.add(at - sent);
        }
    }

    /** Per driver/lap, the index of the hub line where the car's NumberOfLaps reached that lap. */
    private static Map<String, Integer> completingLines(List<FixtureSignalRServer.Line> lines, long from) throws Exception {
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
                    if (!first && line.offsetMs() > from) {
                        out.putIfAbsent(car.getKey() + "/" + n.asInt(), i);
                    }
                }
            }
            first = false;
        }
        return out;
    }

    /** A read_committed consumer of the pipeline's topics noting the wall time it first sees each lap at each stage. */
    private static final class StageWatch implements Runnable, AutoCloseable {
        final Map<String, Long> raw = new ConcurrentHashMap<>();
        final Map<String, Long> clean = new ConcurrentHashMap<>();
        final Map<String, Long> batched = new ConcurrentHashMap<>();
        final Map<String, String> batchOf = new ConcurrentHashMap<>();
        final Map<String, Long> written = new ConcurrentHashMap<>();
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final RecordCodec<RawLiveTiming> raws = PitwallSerdes.codec(RawLiveTiming.class);
        private final RecordCodec<CleanTimingLap> laps = PitwallSerdes.codec(CleanTimingLap.class);
        private final RecordCodec<Batch> batches = PitwallSerdes.codec(Batch.class);
        private final RecordCodec<FileWritten> files = PitwallSerdes.codec(FileWritten.class);
        private volatile boolean running = true;

        StageWatch(Map<String, Object> kafka) {
            Map<String, Object> props = new HashMap<>(kafka);
            props.put("isolation.level", "read_committed");
            props.put("fetch.max.wait.ms", 20);
            props.put("enable.auto.commit", false);
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public void run() {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.RAW_LIVETIMING, Topics.CLEAN_TIMING_LAPS, Topics.BATCHES, Topics.FILES)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            try {
                poll();
            } catch (WakeupException stopped) {
                // stop() woke the poll
            }
        }

        private void poll() {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    switch (r.topic()) {
                        case Topics.RAW_LIVETIMING -> {
                            RawLiveTiming m = raws.decode(r.value());
                            if ("TimingData".equals(m.getTopic())) {
                                raw.putIfAbsent(m.getMessage(), now);
                            }
                        }
                        case Topics.CLEAN_TIMING_LAPS -> {
                            CleanTimingLap l = laps.decode(r.value());
                            clean.putIfAbsent(l.getDriverNumber() + "/" + l.getLap(), now);
                        }
                        case Topics.BATCHES -> {
                            Batch b = batches.decode(r.value());
                            for (BatchRow row : b.getRows()) {
                                if (row.getRecord() instanceof CleanTimingLap l) {
                                    String key = l.getDriverNumber() + "/" + l.getLap();
                                    batched.putIfAbsent(key, now);
                                    batchOf.putIfAbsent(key, b.getBatchId());
                                }
                            }
                        }
                        default -> written.putIfAbsent(files.decode(r.value()).getBatchId(), now);
                    }
                }
            }
        }

        void stop() {
            running = false;
            consumer.wakeup();
        }

        @Override
        public void close() {
            stop();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumer.close();
        }
    }
}

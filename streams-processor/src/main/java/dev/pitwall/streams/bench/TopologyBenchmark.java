package dev.pitwall.streams.bench;

import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.schemas.serde.PitwallSerdes;
import dev.pitwall.streams.PitwallTopology;
import dev.pitwall.streams.TopologyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Topology throughput without a broker: a recorded season's race results and laps, encoded up front,
 * through {@link PitwallTopology} in a {@link TopologyTestDriver} with persistent (RocksDB) stores.
 * Pass 1 is a first load (clean, revision 1, batched); pass 2 replays the same records (all duplicates).
 * Measures what the processor and its stores cost per record; Kafka I/O and commits are not included.
 */
public final class TopologyBenchmark {
    private TopologyBenchmark() {}

    /** Numbers of one run; {@link #toString()} is the human-readable report. */
    public record Result(int season, int races, long records, long firstLoadNanos, long replayNanos, long batches) {
        public double firstLoadRecordsPerSecond() {
            return records * 1e9 / firstLoadNanos;
        }

        public double replayRecordsPerSecond() {
            return records * 1e9 / replayNanos;
        }

        @Override
        public String toString() {
            return String.format("streams topology, season %d: %d races, %,d raw records (results + laps)%n"
                            + "  first load: %,.0f records/s (%.2f s, %d batches)%n"
                            + "  replay (all duplicates): %,.0f records/s (%.2f s)",
                    season, races, records, firstLoadRecordsPerSecond(), firstLoadNanos / 1e9, batches,
                    replayRecordsPerSecond(), replayNanos / 1e9);
        }
    }

    /**
     * @param archive a recorded archive root holding {@code jolpica/<season>/...}
     * @param season  the season to push through, e.g. 2024
     */
    public static Result run(Path archive, int season) {
        return run(archive, season, Integer.MAX_VALUE);
    }

    /** @param maxRaces only the first this many races of the season (a quick look) */
    public static Result run(Path archive, int season, int maxRaces) {
        RecordedSeason recorded = RecordedSeason.load(archive, season).first(maxRaces);
        List<Input> inputs = encode(recorded);
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("pitwall-topology-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "pitwall-topology-bench");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        try (TopologyTestDriver driver = new TopologyTestDriver(PitwallTopology.build(TopologyConfig.defaults()), p)) {
            Map<String, TestInputTopic<String, byte[]>> topics = Map.of(
                    Topics.RAW_RESULTS, driver.createInputTopic(Topics.RAW_RESULTS, new StringSerializer(), new ByteArraySerializer()),
                    Topics.RAW_LAPS, driver.createInputTopic(Topics.RAW_LAPS, new StringSerializer(), new ByteArraySerializer()),
                    Topics.CONTROL, driver.createInputTopic(Topics.CONTROL, new StringSerializer(), new ByteArraySerializer()));
            TestOutputTopic<byte[], byte[]> batches =
                    driver.createOutputTopic(Topics.BATCHES, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            long first = pipe(inputs, topics);
            long batchCount = batches.getQueueSize();
            long replay = pipe(inputs, topics);
            return new Result(season, recorded.races().size(), recorded.records(), first, replay, batchCount);
        } finally {
            delete(stateDir);
        }
    }

    public static void main(String[] args) {
        Path archive = Path.of(args.length > 0 ? args[0] : "../shared/fixtures");
        int season = args.length > 1 ? Integer.parseInt(args[1]) : 2024;
        int maxRaces = args.length > 2 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
        System.out.println(run(archive, season, maxRaces));
    }

    private record Input(String topic, TestRecord<String, byte[]> record) {}

    private static List<Input> encode(RecordedSeason recorded) {
        var results = PitwallSerdes.rawResultCodec();
        var laps = PitwallSerdes.rawLapCodec();
        var events = PitwallSerdes.sessionEventCodec();
        List<Input> out = new ArrayList<>();
        for (RecordedSeason.Race race : recorded.races()) {
            race.results().forEach(r -> out.add(new Input(Topics.RAW_RESULTS, new TestRecord<>(
                    RecordKeys.driver(r.getSeason(), r.getRound(), r.getSession(), r.getDriverId()), results.encode(r)))));
            race.laps().forEach(l -> out.add(new Input(Topics.RAW_LAPS, new TestRecord<>(
                    RecordKeys.driver(l.getSeason(), l.getRound(), l.getSession(), l.getDriverId()), laps.encode(l)))));
            SessionEvent finished = SessionEvent.newBuilder().setSeason(recorded.season()).setRound(race.round()).setSession("R")
                    .setType(SessionEventType.FINISHED).setSource("archive").setRunId("bench")
                    .setExpected(Map.of("results", (long) race.results().size(), "laps", (long) race.laps().size()))
                    .build();
            out.add(new Input(Topics.CONTROL, new TestRecord<>(
                    RecordKeys.session(recorded.season(), race.round(), "R"), events.encode(finished))));
        }
        return out;
    }

    private static long pipe(List<Input> inputs, Map<String, TestInputTopic<String, byte[]>> topics) {
        long start = System.nanoTime();
        for (Input input : inputs) {
            topics.get(input.topic()).pipeInput(input.record());
        }
        return System.nanoTime() - start;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

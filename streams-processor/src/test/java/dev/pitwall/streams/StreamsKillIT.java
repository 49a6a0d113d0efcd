package dev.pitwall.streams;

import dev.pitwall.embedded.SettledEnds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.SessionPartitioner;
import dev.pitwall.schemas.TopicCatalogue;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.serde.PitwallSerdes;

import dev.pitwall.streams.fixture.JolpicaRace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Streams JVM SIGKILLed in the middle of a session and restarted on the same state dir produces
 * exactly the committed batches of an uninterrupted run over the same input: same ids, same rows.
 */
class StreamsKillIT {
    private static final int MAX_BATCH_RECORDS = 100;
    private static final int CHUNK = 50;

    @TempDir
    Path dir;
    private Process child;

    @AfterEach
    void stopChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    @Timeout(180)
    void aKilledAndRestartedInstanceEmitsTheBatchesOfOneCleanRun() throws Exception {
        JolpicaRace race = JolpicaRace.load(2024, 1);
        List<RawResult> results = race.rawResults("R");
        List<RawLap> laps = race.rawLaps();
        int lapBatches = (laps.size() + MAX_BATCH_RECORDS - 1) / MAX_BATCH_RECORDS;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("broker"))) {
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                TopicCatalogue.ensure(admin, (short) 1);
            }
            try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                producer.initTransactions();
                child = launch(bootstrap, "pitwall-streams-killed");
                awaitRunning(1);
                send(producer, results, List.of(), null);
                int sent = 0;
                // laps arrive in small transactions, as live timing would; the kill lands between them
                while (sent < laps.size() && (sent < laps.size() / 2 || committedBatches(bootstrap).size() < 2)) {
                    assertThat(child.isAlive()).as("child streams alive, see %s", dir.resolve("child.log")).isTrue();
                    send(producer, List.of(), laps.subList(sent, Math.min(laps.size(), sent + CHUNK)), null);
                    sent = Math.min(laps.size(), sent + CHUNK);
                    Thread.sleep(50);
                }
                child.destroyForcibly().waitFor();
                int batchesAtKill = committedBatches(bootstrap).size();
                System.out.printf("killed streams after %d of %d laps with %d batches committed%n", sent, laps.size(), batchesAtKill);
                assertThat(sent).as("killed mid-session").isLessThan(laps.size());

                send(producer, List.of(), laps.subList(sent, laps.size()), race.finished("R", results.size(), laps.size()));
                child = launch(bootstrap, "pitwall-streams-killed");
                List<Batch> killedRun = awaitBatches(bootstrap, lapBatches + 1);
                child.destroyForcibly().waitFor();

                Map<String, Object> props = new HashMap<>();
                props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("clean-state").toString());
                props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pitwall-streams-clean");
                props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
                try (StreamsRunner clean = new StreamsRunner(props, new TopologyConfig(MAX_BATCH_RECORDS, TopologyConfig.DEFAULT_MAX_BATCH_BYTES))) {
                    clean.start();
                    List<Batch> both = awaitBatches(bootstrap, 2 * (lapBatches + 1));
                    Map<String, List<Batch>> byId = both.stream()
                            .collect(Collectors.groupingBy(Batch::getBatchId, TreeMap::new, Collectors.toList()));
                    assertThat(byId).hasSize(lapBatches + 1);
                    assertThat(byId.values()).allSatisfy(copies -> {
                        assertThat(copies).as("one batch of the killed run, one of the clean run").hasSize(2);
                        assertThat(copies.get(0)).isEqualTo(copies.get(1));
                    });
                    assertThat(killedRun).containsExactlyInAnyOrderElementsOf(
                            byId.values().stream().map(copies -> copies.get(0)).toList());
                }
                List<CleanLap> landed = killedRun.stream().filter(b -> b.getTable().equals("laps"))
                        .flatMap(b -> b.getRows().stream()).map(BatchRow::getRecord).map(CleanLap.class::cast).toList();
                Map<String, Long> expected = new TreeMap<>();
                race.timings.forEach(t -> expected.put(t.driverId() + "/" + t.lap(), JolpicaRace.fixtureMillis(t.time())));
                Map<String, Long> actual = new TreeMap<>();
                landed.forEach(l -> actual.merge(l.getDriverId() + "/" + l.getLap(), l.getLapTimeMs(), (a, b) -> -1L));
                assertThat(landed).hasSize(laps.size());
                assertThat(actual).isEqualTo(expected);
            }
        }
    }

    /** Waits until the child log says RUNNING for the {@code n}-th time (the log is appended to across launches). */
    private void awaitRunning(int n) throws Exception {
        Path log = dir.resolve("child.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(child.isAlive()).as("child streams alive, see %s", log).isTrue();
            if (java.nio.file.Files.exists(log)
                    && java.nio.file.Files.readString(log).split(StreamsProcess.RUNNING, -1).length > n) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("child streams not running within 60 s, see " + log);
    }

    private Process launch(String bootstrap, String applicationId) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.pitwall.schemas.avro",
                "-cp", System.getProperty("java.class.path"), StreamsProcess.class.getName(),
                bootstrap, dir.resolve("killed-state").toString(), applicationId, Integer.toString(MAX_BATCH_RECORDS))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log").toFile()))
                .start();
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "streams-kill-it-producer",
                ProducerConfig.PARTITIONER_CLASS_CONFIG, SessionPartitioner.class.getName());
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, List<RawResult> results, List<RawLap> laps, SessionEvent finished) {
        producer.beginTransaction();
        for (RawResult r : results) {
            producer.send(new ProducerRecord<>(Topics.RAW_RESULTS,
                    RecordKeys.driver(r.getSeason(), r.getRound(), r.getSession(), r.getDriverId()),
                    PitwallSerdes.rawResultCodec().encode(r)));
        }
        for (RawLap l : laps) {
            producer.send(new ProducerRecord<>(Topics.RAW_LAPS,
                    RecordKeys.driver(l.getSeason(), l.getRound(), l.getSession(), l.getDriverId()),
                    PitwallSerdes.rawLapCodec().encode(l)));
        }
        if (finished != null) {
            producer.send(new ProducerRecord<>(Topics.CONTROL,
                    RecordKeys.session(finished.getSeason(), finished.getRound(), finished.getSession()),
                    PitwallSerdes.sessionEventCodec().encode(finished)));
        }
        producer.commitTransaction();
    }

    private static List<Batch> awaitBatches(String bootstrap, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<Batch> batches = committedBatches(bootstrap);
        while (batches.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(250);
            batches = committedBatches(bootstrap);
        }
        assertThat(batches).hasSize(count);
        return batches;
    }

    /** Every committed batch so far, read group-less from the start up to the last stable offset. */
    private static List<Batch> committedBatches(String bootstrap) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_BATCH_MESSAGE_BYTES);
        var codec = PitwallSerdes.batchCodec();
        List<Batch> batches = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.BATCHES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = SettledEnds.of(consumer, bootstrap, partitions, true);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> batches.add(codec.decode(r.value())));
            }
        }
        return batches;
    }
}

package dev.pitwall.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.SessionPartitioner;
import dev.pitwall.schemas.TopicCatalogue;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.BatchRow;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.CleanResult;
import dev.pitwall.schemas.avro.CloseReason;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The topology under {@link StreamsRunner} on a real broker: one recorded race in, its batches out. */
class StreamsRunnerIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void batchesOfATransactionallyProducedRaceHoldEveryRecord() throws Exception {
        JolpicaRace race = JolpicaRace.load(2024, 1);
        List<RawResult> results = race.rawResults("R");
        List<RawLap> laps = race.rawLaps();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("broker"))) {
            createTopics(kafka);
            try (StreamsRunner runner = new StreamsRunner(props(kafka), TopologyConfig.defaults())) {
                runner.start();
                produce(kafka.bootstrapServers(), results, laps,
                        race.finished("R", results.size(), laps.size()));
                Map<String, Batch> batches = readBatches(kafka.bootstrapServers(), 2);

                Batch lapBatch = batches.get("laps");
                assertThat(lapBatch.getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED);
                assertThat(lapBatch.getBatchId()).isEqualTo("laps-2024-1-R-000000");
                Map<String, Long> expectedLaps = new TreeMap<>();
                race.timings.forEach(t -> expectedLaps.put(t.driverId() + "/" + t.lap(), JolpicaRace.fixtureMillis(t.time())));
                Map<String, Long> actualLaps = new TreeMap<>();
                lapBatch.getRows().stream().map(BatchRow::getRecord).map(CleanLap.class::cast)
                        .forEach(l -> actualLaps.merge(l.getDriverId() + "/" + l.getLap(), l.getLapTimeMs(), (a, b) -> -1L));
                assertThat(actualLaps).isEqualTo(expectedLaps);

                Batch resultBatch = batches.get("results");
                assertThat(resultBatch.getCloseReason()).isEqualTo(CloseReason.SESSION_FINISHED);
                assertThat(resultBatch.getRows().stream().map(BatchRow::getRecord).map(CleanResult.class::cast)
                        .map(CleanResult::getDriverId).collect(Collectors.toSet()))
                        .isEqualTo(results.stream().map(RawResult::getDriverId).collect(Collectors.toSet()));
                assertThat(resultBatch.getRows()).hasSize(results.size());

                int partition = SessionPartitioner.partitionFor(RecordKeys.session(2024, 1, "R"), Topics.SESSION_PARTITIONS);
                assertThat(lapBatch.getRows()).extracting(BatchRow::getPartition).containsOnly(partition);
            }
            assertChangelogsAreWhatPitwallCreatesAhead(kafka);
        }
    }

    /**
     * The changelogs Streams created itself here (nothing created them ahead) are the ones {@link
     * PitwallTopology#changelogTopics} names for the embedded stack to create with its other topics: same names,
     * partitions and cleanup policy.
     */
    private static void assertChangelogsAreWhatPitwallCreatesAhead(EmbeddedKafka kafka) throws Exception {
        Map<String, String> expected = new TreeMap<>();
        PitwallTopology.changelogTopics(StreamsRunner.DEFAULT_APPLICATION_ID, TopologyConfig.defaults(), (short) 1)
                .forEach(t -> expected.put(t.name(), t.numPartitions() + " partitions, " + new TreeMap<>(t.configs())));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Set<String> changelogs = admin.listTopics().names().get().stream().filter(n -> n.endsWith("-changelog"))
                    .collect(Collectors.toSet());
            Map<String, String> actual = new TreeMap<>();
            Map<String, org.apache.kafka.clients.admin.TopicDescription> described = admin.describeTopics(changelogs).allTopicNames().get();
            Map<org.apache.kafka.common.config.ConfigResource, org.apache.kafka.clients.admin.Config> configs = admin.describeConfigs(
                    changelogs.stream().map(n -> new org.apache.kafka.common.config.ConfigResource(
                            org.apache.kafka.common.config.ConfigResource.Type.TOPIC, n)).toList()).all().get();
            configs.forEach((resource, config) -> {
                Map<String, String> kept = new TreeMap<>();
                for (String key : List.of("cleanup.policy", "message.timestamp.type")) {
                    kept.put(key, config.get(key).value());
                }
                actual.put(resource.name(), described.get(resource.name()).partitions().size() + " partitions, " + kept);
            });
            assertThat(expected).isNotEmpty();
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    @Timeout(120)
    void aBackgroundStartProcessesWhatWasProducedBeforeItWasRunning() throws Exception {
        JolpicaRace race = JolpicaRace.load(2024, 1);
        List<RawResult> results = race.rawResults("R");
        List<RawLap> laps = race.rawLaps();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("broker"))) {
            createTopics(kafka);
            try (StreamsRunner runner = new StreamsRunner(props(kafka), TopologyConfig.defaults())) {
                runner.startInBackground();
                // produced while the instance still joins its group
                produce(kafka.bootstrapServers(), results, laps, race.finished("R", results.size(), laps.size()));
                Map<String, Batch> batches = readBatches(kafka.bootstrapServers(), 2);
                assertThat(batches.get("laps").getRows()).hasSize(laps.size());
                assertThat(batches.get("results").getRows()).hasSize(results.size());
                assertThat(runner.startFailure()).isEmpty();
                assertThat(runner.state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
            }
        }
    }

    @Test
    @Timeout(120)
    void aBackgroundStartThatFailsKeepsWhy() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("broker"))) {
            // no topics: the instance shuts itself down (MissingSourceTopicException)
            try (StreamsRunner runner = new StreamsRunner(props(kafka), TopologyConfig.defaults())) {
                runner.startInBackground();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (runner.startFailure().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(runner.startFailure()).hasValueSatisfying(e ->
                        assertThat(e).hasMessageContaining("stopped while starting"));
            }
        }
    }

    private static void createTopics(EmbeddedKafka kafka) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicCatalogue.ensure(admin, (short) 1);
        }
    }

    private Map<String, Object> props(EmbeddedKafka kafka) {
        Map<String, Object> props = new HashMap<>();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        return props;
    }

    private static void produce(String bootstrap, List<RawResult> results, List<RawLap> laps, SessionEvent finished) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "streams-it-producer",
                ProducerConfig.PARTITIONER_CLASS_CONFIG, SessionPartitioner.class.getName());
        var resultCodec = PitwallSerdes.rawResultCodec();
        var lapCodec = PitwallSerdes.rawLapCodec();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (RawResult r : results) {
                producer.send(new ProducerRecord<>(Topics.RAW_RESULTS,
                        RecordKeys.driver(r.getSeason(), r.getRound(), r.getSession(), r.getDriverId()), resultCodec.encode(r)));
            }
            for (RawLap l : laps) {
                producer.send(new ProducerRecord<>(Topics.RAW_LAPS,
                        RecordKeys.driver(l.getSeason(), l.getRound(), l.getSession(), l.getDriverId()), lapCodec.encode(l)));
            }
            producer.send(new ProducerRecord<>(Topics.CONTROL,
                    RecordKeys.session(finished.getSeason(), finished.getRound(), finished.getSession()),
                    PitwallSerdes.sessionEventCodec().encode(finished)));
            producer.commitTransaction();
        }
    }

    /** Reads committed batches until {@code count} arrived, keyed by table. */
    private static Map<String, Batch> readBatches(String bootstrap, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "streams-it-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_BATCH_MESSAGE_BYTES);
        var codec = PitwallSerdes.batchCodec();
        List<Batch> batches = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(Set.of(Topics.BATCHES));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (batches.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> batches.add(codec.decode(r.value())));
            }
        }
        assertThat(batches).hasSize(count);
        return batches.stream().collect(Collectors.toMap(Batch::getTable, b -> b));
    }
}

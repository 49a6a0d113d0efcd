package dev.pitwall.loader.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.loader.FileLoader;
import dev.pitwall.loader.LoaderConfig;
import dev.pitwall.loader.fixture.RecordedRace;
import dev.pitwall.loader.fixture.SinkObject;
import dev.pitwall.loader.warehouse.DuckDbWarehouse;
import dev.pitwall.loader.warehouse.Warehouse;
import dev.pitwall.schemas.TopicCatalogue;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.FileWritten;
import dev.pitwall.schemas.serde.PitwallSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader against a real KRaft broker, s3proxy and DuckDB (PostgreSQL in the subclass), with the 2024 Bahrain GP as data. */
class FileLoaderIT {
    private static final String BUCKET = "pitwall";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private EmbeddedKafka broker;
    private LocalS3 s3;
    private Warehouse warehouse;

    @BeforeEach
    void start() throws Exception {
        broker = EmbeddedKafka.start(dir.resolve("kafka"));
        try (Admin admin = Admin.create(broker.clientProps())) {
            TopicCatalogue.ensure(admin, (short) 1);
        }
        s3 = LocalS3.start(dir, BUCKET);
        warehouse = openWarehouse(dir);
        warehouse.migrate();
    }

    /** The warehouse under test; PostgresFileLoaderIT runs every case here against PostgreSQL. */
    Warehouse openWarehouse(Path dir) {
        return new DuckDbWarehouse(dir.resolve("pitwall.duckdb"));
    }

    @AfterEach
    void stop() throws Exception {
        warehouse.close();
        closeWarehouseServer();
        s3.close();
        broker.close();
    }

    @Test
    void loadsEveryCommittedFileExactlyOnceAcrossRestarts() {
        RecordedRace race = RecordedRace.load(2024, 1);
        List<CleanLap> laps = race.cleanLaps("R");
        int half = laps.size() / 2;
        SinkObject results = sinkObject("results", "results-2024-1-R-000000", race.cleanResults("R", 1), 0);
        SinkObject laps0 = sinkObject("laps", "laps-2024-1-R-000000", laps.subList(0, half), 0);
        SinkObject laps1 = sinkObject("laps", "laps-2024-1-R-000001", laps.subList(half, laps.size()), half);
        SinkObject aborted = sinkObject("laps", "laps-2024-1-R-000099", laps.subList(0, 10), 0);
        for (SinkObject o : List.of(results, laps0, laps1, aborted)) {
            s3.put(BUCKET, o.key(), o.bytes());
        }
        try (KafkaProducer<String, FileWritten> producer = producer("sink-1")) {
            send(producer, false, aborted);
            send(producer, true, results, laps0, laps1);
        }

        try (FileLoader loader = loader("it-loader")) {
            await(() -> loader.filesLoaded() == 3, "three files loaded", loader);
            assertThat(loader.rowsLoaded()).isEqualTo(results.rows() + laps0.rows() + laps1.rows());
        }
        assertThat(manifestKeys()).containsExactlyInAnyOrder(results.key(), laps0.key(), laps1.key());
        assertThat(count("staging.results")).isEqualTo(results.rows());
        assertThat(count("staging.laps")).isEqualTo(laps.size());
        assertThat(count("analytics.laps")).isEqualTo(laps.size());

        // The sink re-announces two files (as after a crash) and announces a restated results file.
        SinkObject restated = sinkObject("results", "results-2024-1-R-000001", race.cleanResults("R", 2).subList(0, 3), 20);
        s3.put(BUCKET, restated.key(), restated.bytes());
        try (KafkaProducer<String, FileWritten> producer = producer("sink-2")) {
            send(producer, true, laps0, results, restated);
        }
        try (FileLoader restarted = loader("it-loader")) {
            await(() -> restarted.filesLoaded() + restarted.filesSkipped() == 3, "the three new notifications handled", restarted);
            assertThat(restarted.filesLoaded()).isEqualTo(1);
            assertThat(restarted.filesSkipped()).isEqualTo(2);
        }
        // A group with no offsets replays every notification; the manifest alone keeps it exactly once.
        try (FileLoader fresh = loader("it-loader-fresh")) {
            await(() -> fresh.filesSkipped() == 6, "all six committed notifications skipped", fresh);
            assertThat(fresh.filesLoaded()).isZero();
        }

        assertThat(manifestKeys()).containsExactlyInAnyOrder(results.key(), laps0.key(), laps1.key(), restated.key());
        assertThat(count("staging.results")).isEqualTo(results.rows() + restated.rows());
        assertThat(count("staging.laps")).isEqualTo(laps.size());
        assertThat(count("analytics.results")).isEqualTo(results.rows());
        assertThat(warehouse.query("SELECT count(*) FROM analytics.results WHERE revision = 2").rows().get(0).get(0)).isEqualTo(3L);
        assertThat(warehouse.query("SELECT count(*) FROM (SELECT _file, _row FROM staging.laps GROUP BY _file, _row HAVING count(*) > 1) duplicates")
                .rows().get(0).get(0)).isEqualTo(0L);
    }

    @Test
    void retriesAMissingOrCorruptObjectUntilTheRealOneIsThere() {
        RecordedRace race = RecordedRace.load(2024, 1);
        SinkObject results = sinkObject("results", "results-2024-1-R-000000", race.cleanResults("R", 1), 0);
        try (KafkaProducer<String, FileWritten> producer = producer("sink-1")) {
            send(producer, true, results);
        }

        try (FileLoader loader = loader("it-retry")) {
            await(() -> loader.failedAttempts() >= 1, "a failed attempt on the missing object", loader);
            assertThat(warehouse.isLoaded(results.key())).isFalse();

            byte[] corrupt = results.bytes().clone();
            corrupt[corrupt.length / 2] ^= 0x5A;
            s3.put(BUCKET, results.key(), corrupt);
            long failedSoFar = loader.failedAttempts();
            await(() -> loader.failedAttempts() > failedSoFar, "a failed attempt on the corrupt object", loader);
            assertThat(warehouse.isLoaded(results.key())).isFalse();
            assertThat(loader.filesLoaded()).isZero();

            s3.put(BUCKET, results.key(), results.bytes());
            await(() -> loader.filesLoaded() == 1, "the file loaded once it is intact", loader);
        }
        assertThat(count("staging.results")).isEqualTo(results.rows());
        assertThat(manifestKeys()).containsExactly(results.key());
    }

    /**
     * A load fails while the broker is away. The loader's rewind to the committed offsets then fails too (Kafka's
     * committed() times out) and must be retried like the load; before, that second failure stopped the loader for
     * good, so a pipeline whose broker restarted could stop loading. Nothing is skipped: the file loads once the broker
     * is back.
     */
    @Test
    void aLoadThatFailsWhileTheBrokerIsAwayIsRetriedNotFatal() throws Exception {
        RecordedRace race = RecordedRace.load(2024, 1);
        SinkObject results = sinkObject("results", "results-2024-1-R-000000", race.cleanResults("R", 1), 0);
        s3.put(BUCKET, results.key(), results.bytes());
        try (KafkaProducer<String, FileWritten> producer = producer("sink-1")) {
            send(producer, true, results);
        }
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CountingWarehouse held = new CountingWarehouse(warehouse).holdNextLoadThenFail(release);
        Map<String, Object> props = Map.of("bootstrap.servers", broker.bootstrapServers(),
                "default.api.timeout.ms", 2_000, "request.timeout.ms", 1_000);
        try (FileLoader loader = new FileLoader(props, s3.client(), held, new LoaderConfig("it-outage"))) {
            loader.start();
            assertThat(held.awaitHeldLoad(WAIT)).as("a load in hand").isTrue();
            broker.close();
            release.countDown();
            await(() -> loader.failedAttempts() >= 3, "failed attempts while the broker is away", loader);
            assertThat(loader.failure()).as("the loader survives a broker outage").isEmpty();

            broker = broker.restart();
            await(() -> loader.filesLoaded() == 1, "the file loaded once the broker is back", loader);
            assertThat(loader.failure()).isEmpty();
        }
        assertThat(count("staging.results")).isEqualTo(results.rows());
        assertThat(manifestKeys()).containsExactly(results.key());
    }

    @Test
    void stopsWithAClearErrorOnAnUnknownTable() {
        SinkObject carData = SinkObject.of("car_data", 2024, 1, "R", "car_data-2024-1-R-000000", List.of("{\"season\":2024}"));
        s3.put(BUCKET, carData.key(), carData.bytes());
        try (KafkaProducer<String, FileWritten> producer = producer("sink-1")) {
            send(producer, true, carData);
        }

        try (FileLoader loader = loader("it-unknown")) {
            await(() -> !loader.isRunning(), "the loader to stop", loader);
            assertThat(loader.failure()).get().extracting(Throwable::getMessage).asString()
                    .contains("PW-0401").contains("'car_data'");
            assertThat(loader.failedAttempts()).isZero();
        }
        assertThat(manifestKeys()).isEmpty();
    }

    @Test
    void loadsManyNotificationsOfOnePollInOneWarehouseCallPerTable() {
        List<SinkObject> objects = manySmallFiles();
        CountingWarehouse counting = new CountingWarehouse(warehouse);

        try (FileLoader loader = loader("it-many", counting)) {
            await(() -> loader.filesLoaded() == objects.size(), objects.size() + " files loaded", loader);
            await(() -> committedOffsets("it-many").values().stream().mapToLong(OffsetAndMetadata::offset).sum() >= objects.size(),
                    "every offset committed", loader);
        }
        // 12 results and 12 laps files, announced in one transaction and consumed in one poll:
        // one manifest query and one load per table, not 24 transactions.
        assertThat(counting.groupSizes()).containsExactlyInAnyOrder(12, 12);
        assertThat(counting.manifestQueries()).containsExactly(24);
        assertThat(counting.singleCalls()).isEmpty();
        assertThat(manifestKeys()).containsExactlyInAnyOrderElementsOf(objects.stream().map(SinkObject::key).toList());
        assertThat(count("staging.results") + count("staging.laps")).isEqualTo(objects.stream().mapToLong(SinkObject::rows).sum());
        assertThat(committedOffsets("it-many").values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                .as("offsets after the transaction's 24 records (and its commit marker, per partition)")
                .isGreaterThanOrEqualTo(24);
    }

    @Test
    void aCrashBetweenTheWarehouseCommitAndTheOffsetCommitReplaysWhatTheManifestThenSkips() {
        List<SinkObject> objects = manySmallFiles();
        long rows = objects.stream().mapToLong(SinkObject::rows).sum();
        CountingWarehouse crashing = new CountingWarehouse(warehouse).crashAfterCommit();

        try (FileLoader loader = loader("it-crash", crashing)) {
            await(() -> !loader.isRunning(), "the loader to die after its first warehouse commit", loader);
            assertThat(loader.failure()).get().isInstanceOf(CountingWarehouse.Crash.class);
        }
        assertThat(crashing.groupSizes()).containsExactly(12);
        List<String> committedBeforeCrash = manifestKeys();
        assertThat(committedBeforeCrash).hasSize(12);
        assertThat(committedOffsets("it-crash")).as("no offset committed: the crash came first").isEmpty();

        CountingWarehouse counting = new CountingWarehouse(warehouse);
        try (FileLoader restarted = loader("it-crash", counting)) {
            await(() -> restarted.filesLoaded() + restarted.filesSkipped() == objects.size(), "every notification handled", restarted);
            assertThat(restarted.filesSkipped()).isEqualTo(12);
            assertThat(restarted.filesLoaded()).isEqualTo(12);
            await(() -> committedOffsets("it-crash").values().stream().mapToLong(OffsetAndMetadata::offset).sum() >= objects.size(),
                    "every offset committed", restarted);
        }
        // The replayed notifications of the committed group were dropped by one manifest query, never downloaded or loaded.
        assertThat(counting.manifestQueries()).containsExactly(24);
        assertThat(counting.groupSizes()).containsExactly(12);
        assertThat(manifestKeys()).containsExactlyInAnyOrderElementsOf(objects.stream().map(SinkObject::key).toList());
        assertThat(count("staging.results") + count("staging.laps")).isEqualTo(rows);
        assertThat(warehouse.query("SELECT count(*) FROM (SELECT _file, _row FROM staging.laps GROUP BY _file, _row HAVING count(*) > 1) duplicates")
                .rows().get(0).get(0)).isEqualTo(0L);
    }

    @Test
    void aFileThatDidNotLoadStopsTheLoaderWithItsFirstErrorAndIsLoadedOnRestartNotSkipped() {
        List<SinkObject> objects = manySmallFiles();
        SinkObject bad = objects.get(17);
        CountingWarehouse reporting = new CountingWarehouse(warehouse).reportIncomplete(bad.key());

        try (FileLoader loader = loader("it-incomplete", reporting)) {
            await(() -> !loader.isRunning(), "the loader to stop on the incomplete file", loader);
            assertThat(loader.failure()).get().extracting(Throwable::getMessage).asString()
                    .startsWith("PW-0407").contains(bad.key()).contains("Numeric value 'DNF' is not recognized");
            assertThat(loader.filesLoaded()).isEqualTo(objects.size() - 1);
            assertThat(loader.failedAttempts()).isZero();
        }
        assertThat(manifestKeys()).hasSize(objects.size() - 1).doesNotContain(bad.key());

        // Its offset was not committed: a restarted loader reads it again and loads it (the files after it
        // on its partition, already loaded, are skipped by the manifest).
        try (FileLoader restarted = loader("it-incomplete")) {
            await(() -> restarted.filesLoaded() == 1, "the file loaded on restart", restarted);
        }
        assertThat(manifestKeys()).containsExactlyInAnyOrderElementsOf(objects.stream().map(SinkObject::key).toList());
        assertThat(count("staging.results") + count("staging.laps")).isEqualTo(objects.stream().mapToLong(SinkObject::rows).sum());
    }

    /** 12 results and 12 laps files of the 2024 Bahrain GP, in S3 and announced in one sink transaction. */
    private List<SinkObject> manySmallFiles() {
        RecordedRace race = RecordedRace.load(2024, 1);
        List<CleanLap> laps = race.cleanLaps("R");
        var results = race.cleanResults("R", 1);
        List<SinkObject> objects = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int from = i * results.size() / 12;
            int to = (i + 1) * results.size() / 12;
            objects.add(sinkObject("results", String.format("results-2024-1-R-%06d", i), results.subList(from, to), from));
        }
        for (int i = 0; i < 12; i++) {
            int from = i * laps.size() / 12;
            int to = (i + 1) * laps.size() / 12;
            objects.add(sinkObject("laps", String.format("laps-2024-1-R-%06d", i), laps.subList(from, to), from));
        }
        objects.forEach(o -> s3.put(BUCKET, o.key(), o.bytes()));
        try (KafkaProducer<String, FileWritten> producer = producer("sink-many")) {
            send(producer, true, objects.toArray(SinkObject[]::new));
        }
        return objects;
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String groupId) {
        try (Admin admin = Admin.create(broker.clientProps())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>(
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get());
            offsets.values().removeIf(java.util.Objects::isNull);
            return offsets;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private FileLoader loader(String groupId) {
        return loader(groupId, warehouse);
    }

    private FileLoader loader(String groupId, Warehouse target) {
        FileLoader loader = new FileLoader(Map.of("bootstrap.servers", broker.bootstrapServers()), s3.client(), target,
                new LoaderConfig(groupId));
        loader.start();
        return loader;
    }

    private KafkaProducer<String, FileWritten> producer(String transactionalId) {
        KafkaProducer<String, FileWritten> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), PitwallSerdes.fileWritten().serializer());
        producer.initTransactions();
        return producer;
    }

    private static void send(KafkaProducer<String, FileWritten> producer, boolean commit, SinkObject... objects) {
        producer.beginTransaction();
        for (SinkObject o : objects) {
            producer.send(new ProducerRecord<>(Topics.FILES, o.key(), o.fileWritten(BUCKET)));
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();
            producer.abortTransaction();
        }
    }

    private static SinkObject sinkObject(String table, String batchId, List<? extends org.apache.avro.specific.SpecificRecord> records,
                                         long firstOffset) {
        return SinkObject.of(table, 2024, 1, "R", batchId,
                SinkObject.lines(records, batchId, "f1.clean." + table, firstOffset));
    }

    void closeWarehouseServer() {}

    private List<String> manifestKeys() {
        List<String> keys = new ArrayList<>();
        warehouse.query("SELECT object_key FROM staging.loaded_files").rows().forEach(r -> keys.add((String) r.get(0)));
        return keys;
    }

    private long count(String table) {
        return (Long) warehouse.query("SELECT count(*) FROM " + table).rows().get(0).get(0);
    }

    private static void await(BooleanSupplier condition, String what, FileLoader loader) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting for " + what + " (loaded=" + loader.filesLoaded() + ", skipped=" + loader.filesSkipped()
                        + ", failed attempts=" + loader.failedAttempts() + ", failure=" + loader.failure().orElse(null) + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}

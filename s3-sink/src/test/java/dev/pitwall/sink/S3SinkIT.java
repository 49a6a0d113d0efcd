package dev.pitwall.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.FileWritten;
import dev.pitwall.sink.object.BatchFile;
import dev.pitwall.sink.testing.Await;
import dev.pitwall.sink.testing.BatchObjects;
import dev.pitwall.sink.testing.FixtureBatches;
import dev.pitwall.sink.testing.PipelineTopics.Placed;
import dev.pitwall.sink.testing.PipelineTopics;
import dev.pitwall.sink.testing.RowExpectations;
import dev.pitwall.sink.testing.SampleBatches;
import dev.pitwall.sink.testing.TestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The sink against a real KRaft broker and a real S3 server, on recorded 2019 Chinese GP data. */
class S3SinkIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BUCKET = "pitwall-it";

    @TempDir
    Path dir;
    private TestStack stack;
    private S3Client client;
    private PipelineTopics topics;
    private EmbeddedKafka kafka;
    private final List<S3Sink> sinks = new ArrayList<>();

    @BeforeEach
    void start() {
        stack = TestStack.start(dir, BUCKET);
        client = stack.client;
        topics = stack.topics;
        kafka = stack.kafka;
    }

    @AfterEach
    void stop() {
        for (S3Sink sink : sinks) {
            try {
                sink.close();
            } catch (SinkException e) {
                // the test asserted on it already, or failed for a reason of its own
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void writesOneObjectPerBatchAnnouncesItOnceAndARestartAnnouncesNothingTwice() throws Exception {
        FixtureBatches fixtures = FixtureBatches.require();
        List<CleanLap> laps = fixtures.laps(2019, 3, 0);
        List<Placed> placed = topics.produceBatches(List.of(
                SampleBatches.batch("results", 0, fixtures.results(2019, 3), 0),
                SampleBatches.batch("laps", 0, laps.subList(0, laps.size() / 2), 0),
                SampleBatches.batch("laps", 1, laps.subList(laps.size() / 2, laps.size()), laps.size() / 2)));

        S3Sink sink = sink(SinkConfig.defaults(BUCKET));
        sink.start();
        Await.until("3 objects announced", WAIT, () -> sink.objectsWritten() == 3);
        sink.close();

        assertThat(sink.failure()).isNull();
        assertThat(sink.objectsAlreadyPresent()).isZero();
        List<S3Object> listed = client.listObjectsV2(b -> b.bucket(BUCKET)).contents();
        assertThat(listed).hasSize(3);
        Map<String, FileWritten> announced = byKey(topics.committedFiles());
        assertThat(announced).hasSize(3);
        long rows = 0;
        for (Placed p : placed) {
            Batch batch = p.batch();
            String key = String.format("pitwall/%s/season=%d/round=%02d/session=%s/%s.jsonl.gz", batch.getTable(),
                    batch.getSeason(), batch.getRound(), batch.getSession(), batch.getBatchId());
            ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
            byte[] bytes = object.asByteArray();
            String sha256 = BatchFile.sha256Hex(bytes);

            RowExpectations.assertLinesMatch(BatchObjects.lines(bytes), batch);
            assertThat(object.response().metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "rows", Integer.toString(batch.getRows().size()),
                    "sha256", sha256,
                    "first-offset", Long.toString(p.offset()),
                    "last-offset", Long.toString(p.offset()),
                    "close-reason", batch.getCloseReason().name(),
                    "batch-id", batch.getBatchId()));

            FileWritten notice = announced.get(key);
            assertThat(notice).as("FileWritten for %s", key).isNotNull();
            assertThat(notice.getBucket()).isEqualTo(BUCKET);
            assertThat(notice.getKey()).isEqualTo(key);
            assertThat(notice.getTable()).isEqualTo(batch.getTable());
            assertThat(notice.getSeason()).isEqualTo(batch.getSeason());
            assertThat(notice.getRound()).isEqualTo(batch.getRound());
            assertThat(notice.getSession()).isEqualTo(batch.getSession());
            assertThat(notice.getBatchId()).isEqualTo(batch.getBatchId());
            assertThat(notice.getRows()).isEqualTo(batch.getRows().size());
            assertThat(notice.getBytes()).isEqualTo(bytes.length);
            assertThat(notice.getSha256()).isEqualTo(sha256);
            assertThat(notice.getCloseReason()).isEqualTo(batch.getCloseReason().name());
            rows += batch.getRows().size();
        }
        assertThat(sink.rowsWritten()).isEqualTo(rows);

        // same group and transactional id: resumes after the committed batches; a new batch proves it has caught up
        S3Sink restarted = sink(SinkConfig.defaults(BUCKET));
        restarted.start();
        List<CleanLap> nextPage = fixtures.laps(2019, 3, 1);
        topics.produceBatches(List.of(SampleBatches.batch("laps", 2, nextPage, laps.size())));
        Await.until("the new batch announced", WAIT, () -> restarted.objectsWritten() == 1);
        restarted.close();

        List<ConsumerRecord<String, FileWritten>> all = topics.committedFiles();
        assertThat(all).hasSize(4);
        assertThat(byKey(all)).hasSize(4);
        assertThat(restarted.objectsWritten()).isEqualTo(1);
        assertThat(client.listObjectsV2(b -> b.bucket(BUCKET)).contents()).hasSize(4);
    }

    @Test
    void identicalObjectsAlreadyInTheBucketCountAsWrittenAndAreAnnounced() throws Exception {
        Batch results = SampleBatches.batch("results", 0, List.of(SampleBatches.finisher(), SampleBatches.sparseRetirement()), 0);
        Batch laps = SampleBatches.batch("laps", 0, List.of(SampleBatches.lap("hamilton", 1, 1, 101_000L)), 0);
        String resultsKey = "pitwall/results/season=2019/round=03/session=R/results-2019-3-R-000000.jsonl.gz";
        String lapsKey = "pitwall/laps/season=2019/round=03/session=R/laps-2019-3-R-000000.jsonl.gz";
        byte[] resultsBytes = BatchFile.of(results).gzip();
        byte[] lapsBytes = BatchFile.of(laps).gzip();
        // one as an earlier run of the sink left it (with metadata), one put there by hand (no metadata)
        client.putObject(b -> b.bucket(BUCKET).key(resultsKey).metadata(Map.of("sha256", BatchFile.sha256Hex(resultsBytes))),
                RequestBody.fromBytes(resultsBytes));
        client.putObject(b -> b.bucket(BUCKET).key(lapsKey),
                RequestBody.fromBytes(lapsBytes));
        topics.produceBatches(List.of(results, laps));

        S3Sink sink = sink(SinkConfig.defaults(BUCKET));
        sink.start();
        Await.until("2 objects announced", WAIT, () -> sink.objectsWritten() == 2);
        sink.close();

        assertThat(sink.objectsAlreadyPresent()).isEqualTo(2);
        Map<String, FileWritten> announced = byKey(topics.committedFiles());
        assertThat(announced.keySet()).containsExactlyInAnyOrder(resultsKey, lapsKey);
        assertThat(announced.get(resultsKey).getSha256()).isEqualTo(BatchFile.sha256Hex(resultsBytes));
        assertThat(announced.get(lapsKey).getRows()).isEqualTo(1);
        assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key(lapsKey)).asByteArray()).isEqualTo(lapsBytes);
        assertThat(client.headObject(b -> b.bucket(BUCKET).key(lapsKey)).metadata()).doesNotContainKey("sha256");
    }

    private S3Sink sink(SinkConfig config) {
        S3Sink sink = new S3Sink(kafka.clientProps(), client, config);
        sinks.add(sink);
        return sink;
    }

    private static Map<String, FileWritten> byKey(List<ConsumerRecord<String, FileWritten>> records) {
        records.forEach(r -> assertThat(r.key()).isEqualTo(r.value().getKey()));
        return records.stream().collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value,
                (a, b) -> { throw new AssertionError("announced twice: " + a.getKey()); }));
    }
}

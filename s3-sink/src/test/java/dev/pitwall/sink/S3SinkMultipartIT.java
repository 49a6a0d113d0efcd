package dev.pitwall.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.FileWritten;
import dev.pitwall.schemas.avro.RejectedRecord;
import dev.pitwall.sink.object.BatchFile;
import dev.pitwall.sink.object.ObjectKey;
import dev.pitwall.sink.s3.BatchObjectStore;
import dev.pitwall.sink.s3.PutOutcome;
import dev.pitwall.sink.s3.StoredObject;
import dev.pitwall.sink.testing.Await;
import dev.pitwall.sink.testing.BatchObjects;
import dev.pitwall.sink.testing.RowExpectations;
import dev.pitwall.sink.testing.SampleBatches;
import dev.pitwall.sink.testing.TestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Batches larger than the multipart threshold: streamed in parts, still never overwriting. */
class S3SinkMultipartIT {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String BUCKET = "pitwall-multipart";
    private static final int PART = SinkConfig.MIN_PART_SIZE;
    private static final long THRESHOLD = 1024 * 1024;

    @TempDir
    Path dir;
    private TestStack stack;

    @BeforeEach
    void start() {
        stack = TestStack.start(dir, BUCKET);
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRejectedBatchLargerThanOnePartGoesUpInPartsWithTheSameBytesAsInMemory() throws Exception {
        Batch big = bigRejectedBatch();
        BatchFile expected = BatchFile.of(big);
        assertThat(expected.bytes()).as("test batch spans two parts").isGreaterThan(PART);
        String key = "pitwall/rejected/season=2019/round=03/session=R/rejected-2019-3-R-000000.jsonl.gz";
        long offset = stack.topics.produceBatches(List.of(big)).get(0).offset();

        S3Sink sink = new S3Sink(stack.kafka.clientProps(), stack.client, SinkConfig.defaults(BUCKET).withMultipart(THRESHOLD, PART));
        try (sink) {
            sink.start();
            Await.until("the big batch announced", WAIT, () -> sink.objectsWritten() == 1 || sink.failure() != null);
            assertThat(sink.failure()).isNull();
        }

        byte[] stored = stack.client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
        assertThat(stored).isEqualTo(expected.gzip());
        RowExpectations.assertLinesMatch(BatchObjects.lines(stored), big);
        HeadObjectResponse head = stack.client.headObject(b -> b.bucket(BUCKET).key(key));
        assertThat(head.eTag()).endsWith("-2\"");
        assertThat(head.metadata()).containsEntry("sha256", BatchFile.sha256Hex(stored))
                .containsEntry("rows", Integer.toString(big.getRows().size()))
                .containsEntry("first-offset", Long.toString(offset))
                .containsEntry("close-reason", big.getCloseReason().name());
        List<ConsumerRecord<String, FileWritten>> files = stack.topics.committedFiles();
        assertThat(files).hasSize(1);
        assertThat(files.get(0).value().getBytes()).isEqualTo(stored.length);
        assertThat(files.get(0).value().getSha256()).isEqualTo(BatchFile.sha256Hex(stored));
        SinkMetrics metrics = sink.metrics();
        assertThat(metrics.multipart()).isEqualTo(1);
        assertThat(metrics.bytes()).isEqualTo(stored.length);
        assertThat(metrics.closeReasons()).isEqualTo(Map.of(big.getCloseReason().name(), 1L));
        assertThat(stack.client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    }

    @Test
    void multipartWritesFindIdenticalObjectsAndRefuseDifferentOnes() {
        Batch laps = lapBatch(0, 4000);
        BatchFile file = BatchFile.of(laps);
        assertThat(file.bytes()).isGreaterThan(THRESHOLD / 64);
        // a threshold below this object: the multipart path
        BatchObjectStore store = new BatchObjectStore(stack.client, BUCKET, file.bytes() / 2, PART);
        ObjectKey key = ObjectKey.of("pitwall", laps);

        StoredObject first = store.write(key, laps, 7, 7);
        StoredObject again = store.write(key, laps, 7, 7);

        assertThat(first.outcome()).isEqualTo(PutOutcome.WRITTEN);
        assertThat(first.parts()).isEqualTo(1);
        assertThat(first.sha256()).isEqualTo(file.sha256());
        assertThat(again.outcome()).isEqualTo(PutOutcome.ALREADY_PRESENT);
        Batch changed = lapBatch(0, 4001);
        assertThatThrownBy(() -> store.write(key, changed, 7, 7)).isInstanceOf(SinkException.class)
                .hasMessage("PW-3002 object " + key + " exists with different content; refusing to overwrite");
        assertThat(stack.client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key.value())).asByteArray()).isEqualTo(file.gzip());
    }

    /** What decides whether the HEAD-before-upload race matters: s3proxy's filesystem store enforces the condition. */
    @Test
    void s3proxyRefusesToCompleteAMultipartUploadOverAnObjectCreatedMeanwhile() {
        String key = "race/object.jsonl.gz";
        String uploadId = stack.client.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
        String eTag = stack.client.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes("from the upload".getBytes())).eTag();
        stack.client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes("written meanwhile".getBytes()));

        assertThatThrownBy(() -> stack.client.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(uploadId)
                .ifNoneMatch("*").multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(eTag).build()))))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(stack.client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String()).isEqualTo("written meanwhile");
    }

    /** Random base64 payloads barely compress, so 80 rows of 100 000 characters make a ~6 MB object. */
    private static Batch bigRejectedBatch() {
        Random random = new Random(2019);
        List<RejectedRecord> rows = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            byte[] raw = new byte[75_000];
            random.nextBytes(raw);
            rows.add(RejectedRecord.newBuilder(SampleBatches.rejectedLap("driver_" + i, Base64.getEncoder().encodeToString(raw)))
                    .setPayloadEncoding("base64").setErrorCode("PW-2001").setErrorName("UNDECODABLE").build());
        }
        return SampleBatches.batch("rejected", 0, rows, 0);
    }

    private static Batch lapBatch(long sequence, int rows) {
        List<Object> laps = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            laps.add(SampleBatches.lap("driver_" + i % 20, 1 + i / 20, 1 + i % 20, 92_000L + (i * 7919L) % 6000));
        }
        return SampleBatches.batch("laps", sequence, laps, 0);
    }
}

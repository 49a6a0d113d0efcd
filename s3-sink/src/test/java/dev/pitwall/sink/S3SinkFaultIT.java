package dev.pitwall.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.FileWritten;
import dev.pitwall.sink.object.BatchFile;
import dev.pitwall.sink.testing.Await;
import dev.pitwall.sink.testing.BatchObjects;
import dev.pitwall.sink.testing.RowExpectations;
import dev.pitwall.sink.testing.SampleBatches;
import dev.pitwall.sink.testing.TestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** The sink when S3 holds a conflicting object, lacks the bucket, or goes away for a while. */
class S3SinkFaultIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BUCKET = "pitwall-faults";

    @TempDir
    Path dir;
    private TestStack stack;
    private final List<S3Sink> sinks = new ArrayList<>();

    @BeforeEach
    void start() {
        stack = TestStack.start(dir, BUCKET);
    }

    @AfterEach
    void stop() {
        for (S3Sink sink : sinks) {
            try {
                sink.close();
            } catch (SinkException e) {
                // asserted by the test itself
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aDifferentObjectUnderABatchKeyStopsTheSinkWithoutOverwritingIt() throws Exception {
        Batch first = SampleBatches.batch("laps", 0, List.of(SampleBatches.lap("hamilton", 1, 1, 101_000L)), 0);
        Batch second = SampleBatches.batch("laps", 1, List.of(SampleBatches.lap("hamilton", 2, 1, 99_500L)), 1);
        String secondKey = "pitwall/laps/season=2019/round=03/session=R/laps-2019-3-R-000001.jsonl.gz";
        // what an older, different version of the pipeline might have left under the same key
        Batch stale = SampleBatches.batch("laps", 1, List.of(SampleBatches.lap("hamilton", 2, 1, 99_999L)), 1);
        byte[] staleBytes = BatchFile.of(stale).gzip();
        stack.client.putObject(b -> b.bucket(BUCKET).key(secondKey), RequestBody.fromBytes(staleBytes));
        stack.topics.produceBatches(List.of(first, second));

        S3Sink sink = sink();
        sink.start();
        Await.until("the sink to stop on the conflict", WAIT, () -> sink.failure() != null);

        assertThat(sink.failure().getMessage())
                .isEqualTo("PW-3002 object " + secondKey + " exists with different content; refusing to overwrite");
        assertThat(sink.failure().error()).isEqualTo(SinkError.OBJECT_CONFLICT);
        assertThat(sink.isRunning()).isFalse();
        assertThatThrownBy(sink::close).isInstanceOf(SinkException.class).hasMessageStartingWith("PW-3002 ");
        assertThat(stack.client.getObjectAsBytes(b -> b.bucket(BUCKET).key(secondKey)).asByteArray()).isEqualTo(staleBytes);
        assertThat(stack.topics.committedFiles()).extracting(ConsumerRecord::key).doesNotContain(secondKey);
        assertThat(sink.objectsWritten()).isZero();
    }

    @Test
    void aMissingBucketFailsTheStartWithTheRemedy() {
        S3Sink sink = new S3Sink(stack.kafka.clientProps(), stack.client, SinkConfig.defaults("no-such-bucket"));
        sinks.add(sink);

        assertThatThrownBy(sink::start).isInstanceOf(SinkException.class)
                .hasMessage("PW-3001 S3 bucket 'no-such-bucket' not found: create it or pass --s3-bucket");
        assertThat(sink.isRunning()).isFalse();
    }

    @Test
    void keepsRetryingWhileS3IsDownAndCatchesUpWhenItReturns() throws Exception {
        S3Sink sink = sink();
        sink.start();
        stack.s3.pause();
        Batch batch = SampleBatches.batch("results", 0, List.of(SampleBatches.finisher(), SampleBatches.sparseRetirement()), 40);
        stack.topics.produceBatches(List.of(batch));
        Await.until("failed attempts while S3 is down", WAIT, () -> sink.failedAttempts() >= 2);
        assertThat(sink.objectsWritten()).isZero();

        stack.s3.resume();
        Await.until("the batch announced", WAIT, () -> sink.objectsWritten() == 1);

        assertThat(sink.failure()).isNull();
        String key = "pitwall/results/season=2019/round=03/session=R/results-2019-3-R-000000.jsonl.gz";
        byte[] bytes = stack.client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
        RowExpectations.assertLinesMatch(BatchObjects.lines(bytes), batch);
        List<ConsumerRecord<String, FileWritten>> files = stack.topics.committedFiles();
        assertThat(files).hasSize(1);
        assertThat(files.get(0).value().getSha256()).isEqualTo(BatchFile.sha256Hex(bytes));
    }

    private S3Sink sink() {
        S3Sink sink = new S3Sink(stack.kafka.clientProps(), stack.client, SinkConfig.defaults(BUCKET));
        sinks.add(sink);
        return sink;
    }
}

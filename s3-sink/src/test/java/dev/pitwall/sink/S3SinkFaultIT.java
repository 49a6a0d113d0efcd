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
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The sink when S3 holds a conflicting object, lacks the bucket, or goes away for a while. */
class S3SinkFaultIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BUCKET = "pitwall-faults";
    private static final Duration OUTAGE = Duration.ofSeconds(20);

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

    /**
     * s3proxy stopped for ~20 s mid-run and started again on the same port, with max.poll.interval.ms
     * far shorter than the outage: the sink keeps its partitions (paused, still polling), and every
     * batch ends up written and announced exactly once.
     */
    @Test
    void anOutageLongerThanTheMaxPollIntervalLosesNothingDoublesNothingAndCostsNoRebalance() throws Exception {
        Map<String, Object> props = new HashMap<>(stack.kafka.clientProps());
        props.put("max.poll.interval.ms", 4_000);
        props.put("max.poll.records", 2);
        S3Sink sink = new S3Sink(props, stack.client, SinkConfig.defaults(BUCKET));
        sinks.add(sink);
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            batches.add(SampleBatches.batch("laps", i, List.of(SampleBatches.lap("driver_" + i, 1, 1 + i, 96_000L + i),
                    SampleBatches.lap("driver_" + i, 2, 1 + i, 95_500L + i)), 2L * i));
        }
        sink.start();
        stack.topics.produceBatches(batches.subList(0, 4));
        Await.until("the first batches announced", WAIT, () -> sink.objectsWritten() == 4);
        URI endpoint = stack.s3.endpoint();

        stack.s3.pause();
        long down = System.nanoTime();
        stack.topics.produceBatches(batches.subList(4, batches.size()));
        Await.until("failed attempts while S3 is down", WAIT, () -> sink.failedAttempts() >= 3);
        long left = OUTAGE.toNanos() - (System.nanoTime() - down);
        if (left > 0) {
            Thread.sleep(left / 1_000_000);
        }
        assertThat(sink.objectsWritten()).as("nothing announced while S3 is down").isEqualTo(4);
        assertThat(sink.isRunning()).isTrue();
        stack.s3.resume();
        assertThat(stack.s3.endpoint()).isEqualTo(endpoint);
        Await.until("every batch announced", WAIT, () -> sink.objectsWritten() == batches.size() || sink.failure() != null);

        assertThat(sink.failure()).isNull();
        assertThat(sink.metrics().rebalances()).as("partitions kept through the outage").isZero();
        assertThat(sink.metrics().retries()).isGreaterThanOrEqualTo(3);
        List<ConsumerRecord<String, FileWritten>> files = stack.topics.committedFiles();
        Set<String> expected = new HashSet<>();
        for (Batch b : batches) {
            String key = "pitwall/laps/season=2019/round=03/session=R/" + b.getBatchId() + ".jsonl.gz";
            expected.add(key);
            byte[] bytes = stack.client.getObjectAsBytes(g -> g.bucket(BUCKET).key(key)).asByteArray();
            RowExpectations.assertLinesMatch(BatchObjects.lines(bytes), b);
        }
        assertThat(files).hasSize(batches.size());
        assertThat(files.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).isEqualTo(expected);
        assertThat(stack.client.listObjectsV2(l -> l.bucket(BUCKET)).contents().stream().map(S3Object::key)
                .collect(Collectors.toSet())).isEqualTo(expected);
    }

    /**
     * A fencing from outside, as a broker fail-over can cause (the restarted coordinator does not recognise the retry
     * of a commit in flight, KAFKA-20357), costs the sink a new producer, not its life: it redoes the poll and every
     * batch is announced exactly once. Another sink fencing it again and again still stops it (FencingsTest).
     */
    @Test
    void aFencedProducerIsReplacedAndNothingIsLostOrDoubled() throws Exception {
        SinkConfig config = SinkConfig.defaults(BUCKET);
        S3Sink sink = new S3Sink(stack.kafka.clientProps(), stack.client, config);
        sinks.add(sink);
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            batches.add(SampleBatches.batch("laps", i, List.of(SampleBatches.lap("driver_" + i, 1, 1 + i, 96_000L + i)), i));
        }
        sink.start();
        stack.topics.produceBatches(batches.subList(0, 4));
        Await.until("the first batches announced", WAIT, () -> sink.objectsWritten() == 4);

        Map<String, Object> intruder = new HashMap<>(stack.kafka.clientProps());
        intruder.put("transactional.id", config.transactionalId());
        try (KafkaProducer<byte[], byte[]> fencer = new KafkaProducer<>(intruder, new ByteArraySerializer(), new ByteArraySerializer())) {
            fencer.initTransactions();
        }
        stack.topics.produceBatches(batches.subList(4, batches.size()));
        Await.until("every batch announced", WAIT, () -> sink.objectsWritten() == batches.size() || sink.failure() != null);

        assertThat(sink.failure()).isNull();
        assertThat(sink.isRunning()).isTrue();
        List<ConsumerRecord<String, FileWritten>> files = stack.topics.committedFiles();
        assertThat(files).hasSize(batches.size());
        assertThat(files.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).hasSize(batches.size());
        assertThat(sink.failedAttempts()).as("the fencing was met and survived").isPositive();
    }

    /**
     * Two sinks started on one transactional id fence each other in turn; the fourth fencing within five minutes stops
     * one with PW-3003, and the other, left alone, announces every batch once.
     */
    @Test
    void twoSinksOnOneTransactionalIdStopOneOfThemWithPw3003() throws Exception {
        S3Sink first = sink();
        S3Sink second = sink();
        first.start();
        second.start();
        List<Batch> batches = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (int wave = 0; first.failure() == null && second.failure() == null; wave++) {
            assertThat(System.nanoTime()).as("one of the sinks stopped within 90 s").isLessThan(deadline);
            List<Batch> sent = new ArrayList<>();
            // one batch per round: the rounds spread over the partitions, so both sinks have work and transactions
            for (int round = 1; round <= 6; round++) {
                Batch b = SampleBatches.batch("laps", wave, List.of(SampleBatches.lap("driver_" + round, 1 + wave, round, 90_000L + wave)), wave);
                sent.add(Batch.newBuilder(b).setRound(round).setBatchId(String.format("laps-2019-%d-R-%06d", round, wave)).build());
            }
            stack.topics.produceBatches(sent);
            batches.addAll(sent);
            Thread.sleep(300);
        }
        S3Sink stopped = first.failure() != null ? first : second;
        S3Sink survivor = stopped == first ? second : first;
        assertThat(stopped.failure().error()).isEqualTo(SinkError.PRODUCER_FENCED);
        assertThat(stopped.failure().getMessage()).startsWith("PW-3003 fenced 4 times in 5 min: another sink runs with the same transactional id");
        Await.until("every batch announced by the sink left", Duration.ofSeconds(60),
                () -> stack.topics.committedFiles().size() >= batches.size() || survivor.failure() != null);
        assertThat(survivor.failure()).isNull();
        List<ConsumerRecord<String, FileWritten>> files = stack.topics.committedFiles();
        assertThat(files).hasSize(batches.size());
        assertThat(files.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).hasSize(batches.size());
    }

    private S3Sink sink() {
        S3Sink sink = new S3Sink(stack.kafka.clientProps(), stack.client, SinkConfig.defaults(BUCKET));
        sinks.add(sink);
        return sink;
    }
}

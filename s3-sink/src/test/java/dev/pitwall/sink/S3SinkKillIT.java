package dev.pitwall.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.CleanLap;
import dev.pitwall.schemas.avro.FileWritten;
import dev.pitwall.sink.testing.Await;
import dev.pitwall.sink.testing.SampleBatches;
import dev.pitwall.sink.testing.SinkProcess;
import dev.pitwall.sink.testing.TestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Kills a sink process with SIGKILL mid-stream; a restarted sink must leave every batch announced exactly once. */
class S3SinkKillIT {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String BUCKET = "pitwall-kill";
    private static final int BATCHES = 40;

    @TempDir
    Path dir;
    private TestStack stack;
    private Process child;

    @BeforeEach
    void start() {
        stack = TestStack.start(dir, BUCKET);
    }

    @AfterEach
    void stop() {
        if (child != null) {
            child.destroyForcibly();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aKilledSinkRestartedOnTheSameGroupAnnouncesEveryBatchExactlyOnce() throws Exception {
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < BATCHES; i++) {
            List<CleanLap> laps = new ArrayList<>();
            for (int lap = 1; lap <= 20; lap++) {
                laps.add(SampleBatches.lap("driver_" + i, lap, 1 + i % 20, 95_000L + 37L * lap + i));
            }
            batches.add(SampleBatches.batch("laps", i, laps, 20L * i));
        }
        stack.topics.produceBatches(batches);

        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Daws.disableEc2Metadata=true",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.pitwall.schemas.avro",
                "-cp", System.getProperty("java.class.path"), SinkProcess.class.getName(),
                stack.kafka.bootstrapServers(), stack.s3.endpoint().toString(), BUCKET)
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        Await.until("the child sink to write some objects", WAIT, () -> objectKeys().size() >= 5 || !child.isAlive());
        assertThat(child.isAlive()).as("child sink alive, see %s", dir.resolve("child.log")).isTrue();
        child.destroyForcibly().waitFor();
        int objectsAtKill = objectKeys().size();
        int announcedAtKill = stack.topics.committedFiles().size();
        System.out.printf("killed the sink with %d objects in S3 and %d announced%n", objectsAtKill, announcedAtKill);

        try (S3Sink restarted = new S3Sink(stack.kafka.clientProps(), stack.client, SinkConfig.defaults(BUCKET))) {
            restarted.start();
            Await.until("every batch announced", WAIT,
                    () -> restarted.objectsWritten() + announcedAtKill >= BATCHES || restarted.failure() != null);
            assertThat(restarted.failure()).isNull();
        }

        List<ConsumerRecord<String, FileWritten>> files = stack.topics.committedFiles();
        Set<String> announcedKeys = files.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        Set<String> expectedKeys = batches.stream()
                .map(b -> "pitwall/laps/season=2019/round=03/session=R/" + b.getBatchId() + ".jsonl.gz")
                .collect(Collectors.toSet());
        assertThat(files).hasSize(BATCHES);
        assertThat(announcedKeys).isEqualTo(expectedKeys);
        assertThat(objectKeys()).isEqualTo(expectedKeys);
    }

    private Set<String> objectKeys() {
        return stack.client.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream()
                .map(S3Object::key).collect(Collectors.toSet());
    }
}

package dev.pitwall.app.runtime;

import dev.pitwall.app.cli.ErrorCode;
import dev.pitwall.app.cli.PitwallException;
import dev.pitwall.app.kafka.DrainProbe;
import java.time.Duration;
import java.util.List;

/**
 * Waits until every stage has consumed and committed all that is upstream of it, in pipeline order.
 * Each stage commits its input offsets only after its output is durable (Kafka transaction, or the
 * warehouse commit for the loader), so when the loader has caught up everything produced is queryable.
 */
public final class CatchUp {
    private record Stage(String name, String group, List<String> inputs) {}

    private static final List<Stage> ORDER = List.of(
            new Stage("streams", StageGroups.STREAMS, StageGroups.STREAMS_INPUTS),
            new Stage("s3 sink", StageGroups.SINK, StageGroups.SINK_INPUTS),
            new Stage("loader", StageGroups.LOADER, StageGroups.LOADER_INPUTS));

    private CatchUp() {}

    public static void await(Pipeline pipeline, Duration timeoutPerStage) {
        try (DrainProbe probe = new DrainProbe(pipeline.kafkaProps())) {
            for (Stage stage : ORDER) {
                long deadline = System.nanoTime() + timeoutPerStage.toNanos();
                while (!probe.isDrained(stage.group(), stage.inputs())) {
                    pipeline.checkHealthy();
                    if (System.nanoTime() > deadline) {
                        throw new PitwallException(ErrorCode.PIPELINE_TIMEOUT,
                                "the " + stage.name() + " stage did not catch up within " + timeoutPerStage.toSeconds() + " s");
                    }
                    sleep();
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PitwallException(ErrorCode.PIPELINE_TIMEOUT, "interrupted while waiting for the pipeline");
        }
    }
}

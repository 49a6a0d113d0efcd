package dev.pitwall.app.runtime;

import dev.pitwall.app.stack.StackFile;
import java.nio.file.Path;

/** Chooses how a command reaches the pipeline for a data dir. */
public final class Pipelines {
    private Pipelines() {}

    /** Attach to the process already running the stack for this data dir, or start one here. */
    public static Pipeline attachOrStart(PipelineSettings settings) {
        return attachOrStart(settings, null);
    }

    /** @param metricsPort where a pipeline started here also serves {@code /metrics} (an attached one serves its own) */
    public static Pipeline attachOrStart(PipelineSettings settings, InProcessPipeline.MetricsPort metricsPort) {
        return StackFile.read(settings.dataDir())
                .<Pipeline>map(AttachedPipeline::new)
                .orElseGet(() -> InProcessPipeline.start(settings, metricsPort));
    }
}

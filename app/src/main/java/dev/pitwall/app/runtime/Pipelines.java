package dev.pitwall.app.runtime;

import dev.pitwall.app.stack.StackFile;
import java.nio.file.Path;

/** Chooses how a command reaches the pipeline for a data dir. */
public final class Pipelines {
    private Pipelines() {}

    /** Attach to the process already running the stack for this data dir, or start one here. */
    public static Pipeline attachOrStart(PipelineSettings settings) {
        return StackFile.read(settings.dataDir())
                .<Pipeline>map(AttachedPipeline::new)
                .orElseGet(() -> InProcessPipeline.start(settings));
    }
}

package dev.pitwall.app.cli;

import dev.pitwall.app.runtime.EmbeddedPipeline;
import dev.pitwall.app.stack.StackFile;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run the embedded stack (Kafka, S3, DuckDB) and every stage until Ctrl-C.",
                "Other commands on the same --data-dir (replay, sql) use this process while it runs."})
public final class UpCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        StackFile.read(common.dataDir()).ifPresent(running -> {
            throw new PitwallException(ErrorCode.DATA_DIR_IN_USE,
                    "pitwall process " + running.pid() + " already runs the stack for " + common.dataDir());
        });
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedPipeline pipeline = EmbeddedPipeline.start(common.dataDir());
        Thread hook = new Thread(() -> {
            pipeline.close();
            stopped.countDown();
        }, "pitwall-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        out.println("pitwall is up (Ctrl-C to stop)");
        out.println(pipeline.describe());
        out.flush();
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            pipeline.checkHealthy();
        }
        return 0;
    }
}

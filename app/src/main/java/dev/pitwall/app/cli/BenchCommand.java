package dev.pitwall.app.cli;

import dev.pitwall.app.bench.EndToEndBenchmark;
import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.embedded.EmbeddedS3;
import dev.pitwall.loader.bench.DuckDbLoadBenchmark;
import dev.pitwall.producer.bench.ReplayBenchmark;
import dev.pitwall.schemas.TopicCatalogue;
import dev.pitwall.sink.bench.SinkBenchmark;
import dev.pitwall.sink.s3.S3Connection;
import dev.pitwall.streams.bench.TopologyBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.s3.S3Client;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the stages on this machine and print the numbers (nothing is asserted).",
                "Runs on throw-away embedded services under <data-dir>/bench, removed afterwards."})
public final class BenchCommand implements Callable<Integer> {
    enum Stage { producer, streams, sink, loader, all, e2e }

    @Mixin
    CommonOptions common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", defaultValue = "all", paramLabel = "STAGE",
            description = {"producer, streams, sink, loader, all (each stage alone; default: ${DEFAULT-VALUE})",
                    "or e2e: the whole pipeline as a user runs it, in processes of its own, against a bare broker and producer",
                    "measured in the same run (records/s and their ratio, a cold start against the broker's start-up, peak RSS)."})
    Stage stage;

    @Option(names = "--archive", paramLabel = "DIR", defaultValue = "${env:PITWALL_ARCHIVE:-../shared/fixtures}",
            description = "Raw archive the producer and streams benchmarks replay (default: ${DEFAULT-VALUE}).")
    Path archive;

    @Option(names = "--season", paramLabel = "YYYY", defaultValue = "2024", description = "Season replayed (default: ${DEFAULT-VALUE}).")
    int season;

    @Option(names = "--seasons", paramLabel = "FIRST..LAST", defaultValue = "1996..2022",
            description = "Seasons the e2e benchmark replays (default: ${DEFAULT-VALUE}).")
    String seasons;

    @Option(names = "--bare-records", paramLabel = "N", defaultValue = "1000000",
            description = "Records the e2e benchmark's bare producer sends (default: ${DEFAULT-VALUE}).")
    int bareRecords;

    @Override
    public Integer call() {
        boolean needsArchive = stage == Stage.producer || stage == Stage.streams || stage == Stage.all || stage == Stage.e2e;
        if (needsArchive && !Files.isDirectory(archive.resolve("jolpica").resolve(Integer.toString(season)))) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--archive " + archive + " has no jolpica/" + season + " to replay");
        }
        Path work = common.dataDir().resolve("bench");
        PrintWriter out = spec.commandLine().getOut();
        out.printf("pitwall bench on %d cores, load average %.2f%n", Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try {
            if (stage == Stage.e2e) {
                out.println("== e2e");
                EndToEndBenchmark.run(work, archive.toAbsolutePath().normalize(), seasons, bareRecords, out);
                return 0;
            }
            if (stage == Stage.producer || stage == Stage.all) {
                try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
                    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                        TopicCatalogue.ensure(admin, (short) 1);
                    }
                    report(out, "producer", ReplayBenchmark.run(kafka.bootstrapServers(), archive, season));
                }
            }
            if (stage == Stage.streams || stage == Stage.all) {
                report(out, "streams", TopologyBenchmark.run(archive, season));
            }
            if (stage == Stage.sink || stage == Stage.all) {
                try (EmbeddedS3 s3 = EmbeddedS3.start(work.resolve("s3"), "bench");
                     S3Client client = S3Connection.local(s3.endpoint(), s3.accessKey(), s3.secretKey()).open()) {
                    report(out, "sink", SinkBenchmark.run(client, "bench", 200, 1100));
                }
            }
            if (stage == Stage.loader || stage == Stage.all) {
                report(out, "loader", DuckDbLoadBenchmark.run(work.resolve("duckdb"), new int[] {1_000, 10_000, 100_000}, 3));
            }
        } finally {
            delete(work);
        }
        return 0;
    }

    private static void report(PrintWriter out, String name, Object result) {
        out.println("== " + name);
        out.println(result);
        out.flush();
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}

package dev.pitwall.app.bench;

import dev.pitwall.app.cli.ReplayCommand;
import dev.pitwall.embedded.EmbeddedKafka;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The whole pipeline against the broker's own limit, measured in one run on this machine, each as a
 * user would run it, in processes of their own:
 * <ul>
 *   <li>a bare broker JVM's start-up ({@link BrokerStartup}: JVM start to a broker answering);</li>
 *   <li>a bare producer on that broker, as Kafka's ProducerPerformance measures it (1M records of 250
 *       bytes, acks=all, idempotent, one partition);</li>
 *   <li>{@code pitwall replay --seasons ... --archive ...} into the same broker (fresh data dir): records
 *       from archive to queryable per second, and its ratio to the bare producer;</li>
 *   <li>a cold {@code pitwall replay --season 2024 --round 1} on its own embedded stack, until queryable,
 *       against the broker start-up; and the peak RSS of each replay process (VmHWM).</li>
 * </ul>
 * Nothing is asserted: the numbers are printed.
 */
public final class EndToEndBenchmark {
    private static final Pattern PER_TABLE = Pattern.compile("(\\d+) (results|laps|qualifying|pitstops|driver_standings|constructor_standings)");

    private EndToEndBenchmark() {}

    public static void run(Path work, Path archive, String seasons, int bareRecords, PrintWriter out) {
        List<String> classData = classDataSharing();
        out.printf("replays run in JVMs of their own, as ./pitwall starts them: %s%s%n", String.join(" ", javaOptions(true)),
                classData.isEmpty() ? " (no class-data archive: run ./pitwall replay once after a build for one)" : "");
        // the baseline as Kafka ships it: no class-data archive of pitwall's (the JDK's own is on by default)
        long startupMs = brokerStartupMillis(work.resolve("startup"), false);
        out.printf("bare broker JVM start-up (JVM start to broker answering): %,d ms%n", startupMs);
        long startupCdsMs = classData.isEmpty() ? -1 : brokerStartupMillis(work.resolve("startup-cds"), true);
        if (startupCdsMs > 0) {
            out.printf("  the same with pitwall's class-data archive: %,d ms%n", startupCdsMs);
        }
        out.flush();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            double bare = bareProducer(kafka.bootstrapServers(), bareRecords);
            out.printf("bare producer: %,d records of 250 B, acks=all, idempotent: %,.0f records/s%n", bareRecords, bare);
            out.flush();
            Replay history = replay(work.resolve("history"), List.of("replay", "--seasons", seasons, "--archive", archive.toString(),
                    "--bootstrap-servers", kafka.bootstrapServers()));
            double pipeline = history.records() / history.seconds();
            out.printf("pipeline: replay --seasons %s, %,d records archive -> queryable in %.1f s = %,.0f records/s (process exit"
                    + " at %.1f s); peak RSS %,d MiB%n", seasons, history.records(), history.seconds(), pipeline,
                    history.secondsToExit(), history.peakRssKib() / 1024);
            out.printf("  ratio pipeline / bare producer: %.3f%n", pipeline / bare);
            out.flush();
        }
        Replay cold = replay(work.resolve("cold"), List.of("replay", "--season", "2024", "--round", "1", "--archive", archive.toString()));
        out.printf("cold start: replay --season 2024 --round 1, fresh data dir, process start -> queryable: %.1f s = %.2f x the broker's start-up"
                + " (process exit at %.1f s = %.2f x); peak RSS %,d MiB%n", cold.seconds(), cold.seconds() * 1000 / startupMs,
                cold.secondsToExit(), cold.secondsToExit() * 1000 / startupMs, cold.peakRssKib() / 1024);
        if (startupCdsMs > 0) {
            out.printf("  %.2f x the broker's start-up with the same class-data archive%n", cold.seconds() * 1000 / startupCdsMs);
        }
        out.flush();
    }

    /**
     * @param seconds          process start to the replay saying everything is queryable ({@link ReplayCommand#QUERYABLE})
     * @param secondsToExit    process start to its exit (the summary's queries and the stack's stop come after queryable)
     */
    record Replay(long records, double seconds, double secondsToExit, long peakRssKib) {}

    /** Runs pitwall in a JVM of its own (this one's java and class path), timing it and sampling its peak RSS. */
    private static Replay replay(Path dataDir, List<String> args) {
        List<String> command = new ArrayList<>(javaCommand(true));
        command.add("dev.pitwall.app.Pitwall");
        command.addAll(args);
        command.addAll(List.of("--data-dir", dataDir.toString()));
        long t0 = System.nanoTime();
        Process p = start(command);
        AtomicReference<String> summary = new AtomicReference<>("");
        AtomicLong queryableAt = new AtomicLong();
        Thread reader = drain(p, summary, line -> {
            if (line.startsWith(ReplayCommand.QUERYABLE)) {
                queryableAt.compareAndSet(0, System.nanoTime());
            }
        });
        long peak = 0;
        while (p.isAlive()) {
            peak = Math.max(peak, peakRssKib(p.pid()));
            sleep(100);
        }
        double secondsToExit = (System.nanoTime() - t0) / 1e9;
        join(reader);
        if (p.exitValue() != 0 || queryableAt.get() == 0) {
            throw new IllegalStateException("pitwall " + String.join(" ", args) + " exited " + p.exitValue()
                    + (queryableAt.get() == 0 ? " without saying it was queryable" : "") + ":\n" + summary.get());
        }
        double seconds = (queryableAt.get() - t0) / 1e9;
        long records = 0;
        for (String line : summary.get().lines().toList()) {
            if (line.strip().startsWith("produced")) {
                Matcher m = PER_TABLE.matcher(line);
                while (m.find()) {
                    records += Long.parseLong(m.group(1));
                }
            }
        }
        return new Replay(records, seconds, secondsToExit, peak);
    }

    private static long brokerStartupMillis(Path dir, boolean withClassDataArchive) {
        List<String> command = new ArrayList<>(javaCommand(withClassDataArchive));
        command.add(BrokerStartup.class.getName());
        command.add(dir.toString());
        long t0 = System.nanoTime();
        Process p = start(command);
        CountDownLatch ready = new CountDownLatch(1);
        AtomicReference<String> output = new AtomicReference<>("");
        Thread reader = drain(p, output, line -> {
            if (line.startsWith(BrokerStartup.READY)) {
                ready.countDown();
            }
        });
        try {
            while (!ready.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (!p.isAlive()) {
                    join(reader);
                    throw new IllegalStateException("the broker start-up baseline exited " + p.exitValue() + " before it was ready:\n"
                            + output.get());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        join(reader);
        return ms;
    }

    /** Kafka's ProducerPerformance, in effect: fixed random 250-byte values, async sends, then flush. */
    static double bareProducer(String bootstrap, int records) {
        String topic = "bench.bare-producer";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic, e);
        }
        byte[] value = new byte[250];
        new Random(42).nextBytes(value);
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, value)).get();
            long t0 = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
            return records / ((System.nanoTime() - t0) / 1e9);
        } catch (Exception e) {
            throw new IllegalStateException("bare producer failed", e);
        }
    }

    /** The JVM options {@code ./pitwall} uses: PITWALL_JAVA_OPTS, else the launcher's defaults (jvm.options). */
    static List<String> launcherJavaOptions() {
        String set = System.getenv("PITWALL_JAVA_OPTS");
        if (set != null && !set.isBlank()) {
            return List.of(set.trim().split("\\s+"));
        }
        try (var in = EndToEndBenchmark.class.getResourceAsStream("/dev/pitwall/app/jvm.options")) {
            if (in == null) {
                throw new IllegalStateException("jvm.options is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The launcher's class-data archive (app/target/pitwall.jsa beside the jar), when one is there and newer than the
     * jar, as {@code ./pitwall} uses it; none under PITWALL_CDS=off or when pitwall does not run from its jar.
     */
    static List<String> classDataSharing() {
        if ("off".equals(System.getenv("PITWALL_CDS"))) {
            return List.of();
        }
        return classDataSharing(Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]).toAbsolutePath());
    }

    static List<String> classDataSharing(Path jar) {
        Path archive = jar.resolveSibling("pitwall.jsa");
        try {
            if (jar.toString().endsWith(".jar") && Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0) {
                return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off");
            }
        } catch (IOException e) {
            return List.of();
        }
        return List.of();
    }

    private static List<String> javaOptions(boolean withClassDataArchive) {
        List<String> options = new ArrayList<>(launcherJavaOptions());
        if (withClassDataArchive) {
            options.addAll(classDataSharing());
        }
        return options;
    }

    private static List<String> javaCommand(boolean withClassDataArchive) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(javaOptions(withClassDataArchive));
        command.addAll(List.of("-Daws.disableEc2Metadata=true", "-cp", System.getProperty("java.class.path")));
        return command;
    }

    private static Process start(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2"); // as ./pitwall sets it
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the process's output as it comes, line by line to {@code onLine}, all of it into {@code into} at its end. */
    private static Thread drain(Process p, AtomicReference<String> into, java.util.function.Consumer<String> onLine) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                StringBuilder all = new StringBuilder();
                String line;
                while ((line = r.readLine()) != null) {
                    onLine.accept(line);
                    all.append(line).append('\n');
                }
                into.set(all.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        t.start();
        return t;
    }

    /** VmHWM of /proc/PID/status: the process's peak resident set so far, KiB; 0 where /proc is absent. */
    static long peakRssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.pitwall.app.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pitwall.app.Pitwall;
import dev.pitwall.app.registry.ApicurioRegistry;
import dev.pitwall.embedded.EmbeddedS3;
import dev.pitwall.embedded.LocalPostgres;
import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.SessionPartitioner;
import dev.pitwall.schemas.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every stage scaled out, each instance a process of its own against one standalone broker (also a process):
 * three Streams instances, two sinks and two loaders into one PostgreSQL warehouse (a real server; DuckDB
 * has a single writer), with the producer a fourth kind of process ({@code replay --produce-only}). Mid-replay
 * one Streams instance (the one processing the race's partition), one sink and one loader are killed with
 * SIGKILL; the rest take over and the warehouse ends exact. Then the broker itself is killed and restarted
 * mid-replay: everything resumes, exact.
 */
class ScaleOutIT {
    private static final String SPEED = "300";

    /** Kept when red: every process's log is under logs/ and its data dir beside it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private int brokerPort;
    private int controllerPort;
    private String warehouse;

    @Test
    void killedInstancesAndARestartedBrokerLeaveTheWarehouseExact() throws Exception {
        scaleOut(List.of());
    }

    @Test
    void theSameInTheConfluentWireFormat() throws Exception {
        scaleOut(List.of("--schema-registry-url", ApicurioRegistry.get().confluentUrl().toString()));
    }

    /** @param format extra options every stage and producer process gets */
    private void scaleOut(List<String> format) throws Exception {
        Path fixtures = fixtures();
        brokerPort = freePort();
        controllerPort = freePort();
        String bootstrap = "127.0.0.1:" + brokerPort;
        try (EmbeddedS3 s3 = EmbeddedS3.start(work.resolve("s3"), "pitwall");
             LocalPostgres postgres = LocalPostgres.start(work.resolve("postgres"), Path.of("target", "embedded-pg").toAbsolutePath())) {
            warehouse = postgres.warehouseUrl();
            env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
            env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
            env.put("AWS_REGION", "us-east-1");
            List<String> services = new ArrayList<>(List.of("--bootstrap-servers", bootstrap, "--s3-endpoint", s3.endpoint().toString(),
                    "--s3-bucket", "pitwall"));
            services.addAll(format);
            startBroker();
            cli("topics", "create", "--bootstrap-servers", bootstrap, "--data-dir", work.resolve("admin").toString());

            for (int i = 1; i <= 3; i++) {
                stage("streams-" + i, "streams", services, Map.of());
            }
            for (int i = 1; i <= 2; i++) {
                stage("sink-" + i, "sink", services, Map.of("PITWALL_SINK_TRANSACTIONAL_ID", "pitwall-sink-" + i));
            }
            List<String> loaders = new ArrayList<>(services);
            loaders.addAll(List.of("--warehouse", warehouse));
            for (int i = 1; i <= 2; i++) {
                stage("loader-" + i, "load", loaders, Map.of());
            }
            for (String name : List.copyOf(processes.keySet())) {
                if (!name.equals("broker")) {
                    awaitLog(name, "is running", Duration.ofMinutes(4));
                }
            }

            // 1. one of each stage killed while a paced race streams in
            long before = lapsOnBroker(bootstrap);
            Process producer = producer("producer-6", services, fixtures, 2024, 6);
            awaitLapsOnBroker(bootstrap, before + 150, producer);
            String busyStreams = streamsInstanceOf(RecordKeys.session(2024, 6, "R"));
            for (String victim : List.of(busyStreams, "sink-1", "loader-1")) {
                kill(victim);
            }
            finish(producer, "producer-6", services, fixtures, 2024, 6);
            awaitExact(2024, 6, Duration.ofMinutes(10));

            // 2. the broker killed and restarted while the next race streams in
            before = lapsOnBroker(bootstrap);
            producer = producer("producer-1", services, fixtures, 2024, 1);
            awaitLapsOnBroker(bootstrap, before + 150, producer);
            kill("broker");
            Thread.sleep(3_000);
            startBroker();
            finish(producer, "producer-1", services, fixtures, 2024, 1);
            awaitExact(2024, 1, Duration.ofMinutes(10));
            awaitExact(2024, 6, Duration.ofSeconds(30));
            List<String> survivors = new ArrayList<>(List.of("streams-1", "streams-2", "streams-3", "sink-2", "loader-2"));
            survivors.remove(busyStreams);
            for (String survivor : survivors) {
                assertThat(processes.get(survivor).isAlive()).as("%s survived the broker restart; its log:%n%s", survivor, tail(survivor)).isTrue();
            }
        } catch (Throwable e) {
            System.out.printf("ScaleOutIT red; its work dir is kept: %s%n", work);
            for (String name : processes.keySet()) {
                System.out.printf("--- %s (%s), last lines:%n%s%n", name, processes.get(name).isAlive() ? "alive" : "exited", tail(name));
            }
            throw e;
        } finally {
            // children first, the broker last, each by its own process handle
            List<String> names = new ArrayList<>(processes.keySet());
            names.remove("broker");
            names.add("broker");
            for (String name : names) {
                Process p = processes.get(name);
                if (p != null && p.isAlive()) {
                    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    /**
     * The Streams instance processing a session's partition right now: the one whose task directory for it
     * (state.dir/pitwall-streams/0_P) was written last, so the kill hits an instance with work in hand.
     */
    private String streamsInstanceOf(String sessionKey) throws IOException {
        int partition = SessionPartitioner.partitionFor(sessionKey, Topics.SESSION_PARTITIONS);
        String newest = "streams-1";
        long newestMillis = -1;
        for (int i = 1; i <= 3; i++) {
            Path task = work.resolve("streams-" + i).resolve("streams").resolve("pitwall-streams").resolve("0_" + partition);
            if (!Files.isDirectory(task)) {
                continue;
            }
            try (var files = Files.walk(task)) {
                long last = files.mapToLong(f -> f.toFile().lastModified()).max().orElse(0);
                if (last > newestMillis) {
                    newestMillis = last;
                    newest = "streams-" + i;
                }
            }
        }
        System.out.printf("%s is on partition %d, processed by %s%n", sessionKey, partition, newest);
        return newest;
    }

    private static Path fixtures() {
        Path fixtures = Path.of(System.getProperty("pitwall.fixtures", "../../shared/fixtures")).toAbsolutePath().normalize();
        if (!Files.isDirectory(fixtures.resolve("jolpica"))) {
            System.out.println("[skip] recorded fixtures not found at " + fixtures);
        }
        assumeTrue(Files.isDirectory(fixtures.resolve("jolpica")), "recorded fixtures not found at " + fixtures);
        return fixtures;
    }

    private void startBroker() throws Exception {
        launch("broker", List.of(StandaloneBroker.class.getName(), work.resolve("broker").toString(),
                Integer.toString(brokerPort), Integer.toString(controllerPort)), Map.of(), "-Xmx768m");
        awaitLog("broker", "broker up on", Duration.ofMinutes(3));
    }

    private void stage(String name, String command, List<String> services, Map<String, String> extraEnv) throws IOException {
        List<String> args = new ArrayList<>(List.of(Pitwall.class.getName(), command));
        args.addAll(services);
        // --verbose: the INFO lines this test waits for go to the console too, not only to the data dir's log
        args.addAll(List.of("--data-dir", work.resolve(name).toString(), "--verbose"));
        launch(name, args, extraEnv, "-Xmx512m");
    }

    private Process producer(String name, List<String> services, Path fixtures, int season, int round) throws IOException {
        List<String> args = new ArrayList<>(List.of(Pitwall.class.getName(), "replay", "--produce-only", "--season", Integer.toString(season),
                "--round", Integer.toString(round), "--archive", fixtures.toString(), "--speed", SPEED,
                "--data-dir", work.resolve(name).toString(), "--verbose"));
        args.addAll(services);
        return launch(name, args, Map.of(), "-Xmx512m");
    }

    /** Waits for the producer; one that lost its broker is run again, as an operator would, and resumes from its checkpoint. */
    private void finish(Process producer, String name, List<String> services, Path fixtures, int season, int round) throws Exception {
        for (int attempt = 1; ; attempt++) {
            assertThat(producer.waitFor(10, TimeUnit.MINUTES)).as("%s finished", name).isTrue();
            if (producer.exitValue() == 0) {
                System.out.printf("%s done after %d run(s)%n", name, attempt);
                return;
            }
            System.out.printf("%s run %d exited %d:%n%s%n", name, attempt, producer.exitValue(), tail(name));
            assertThat(attempt).as("producer runs").isLessThan(6);
            producer = producer(name, services, fixtures, season, round);
        }
    }

    private Process launch(String name, List<String> args, Map<String, String> extraEnv, String heap) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Daws.disableEc2Metadata=true",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.pitwall.schemas.avro",
                "-cp", System.getProperty("java.class.path")));
        cmd.addAll(args);
        Path log = work.resolve("logs").resolve(name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        processes.put(name, p);
        System.out.printf("started %s (pid %d)%n", name, p.pid());
        return p;
    }

    private void kill(String name) throws InterruptedException {
        Process p = processes.get(name);
        assertThat(p.isAlive()).as("%s is alive before its kill; log:%n%s", name, tail(name)).isTrue();
        p.destroyForcibly().waitFor();
        System.out.printf("killed %s (pid %d) with SIGKILL%n", name, p.pid());
    }

    private void awaitLog(String name, String text, Duration timeout) throws Exception {
        Path log = work.resolve("logs").resolve(name + ".log");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            assertThat(processes.get(name).isAlive()).as("%s exited before saying '%s':%n%s", name, text, tail(name)).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError(name + " did not say '" + text + "' within " + timeout + ":\n" + tail(name));
    }

    private String tail(String name) {
        try {
            List<String> lines = Files.readAllLines(work.resolve("logs").resolve(name + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static long lapsOnBroker(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition("f1.raw.laps", p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    /** Mid-replay: this many laps on the broker (a time-only schedule would kill a slow machine's stages while they start). */
    private static void awaitLapsOnBroker(String bootstrap, long atLeast, Process producer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (lapsOnBroker(bootstrap) < atLeast) {
            assertThat(producer.isAlive()).as("producer still producing").isTrue();
            assertThat(System.nanoTime()).as("laps reached the broker").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private void awaitExact(int season, int round, Duration timeout) throws Exception {
        long expected = dev.pitwall.app.ScaleOutFixtures.laps(season, round);
        String where = " where season = " + season + " and round = " + round;
        long deadline = System.nanoTime() + timeout.toNanos();
        String[] row = null;
        // laps and results travel in files of their own, loaded in any order: wait for both
        long expectedResults = dev.pitwall.app.ScaleOutFixtures.results(season, round, "R") + dev.pitwall.app.ScaleOutFixtures.results(season, round, "S");
        while (System.nanoTime() < deadline) {
            row = sql("select count(*), count(distinct (session, driver_id, lap)) from staging.laps" + where);
            String[] results = sql("select count(*) from staging.results" + where + " and session in ('R', 'S')");
            if (row != null && Long.parseLong(row[0]) >= expected && results != null && Long.parseLong(results[0]) >= expectedResults) {
                break;
            }
            Thread.sleep(1_000);
        }
        assertThat(row).as("warehouse answered").isNotNull();
        System.out.printf("%d/%d: staging.laps %s rows, %s distinct, %d recorded%n", season, round, row[0], row[1], expected);
        assertThat(Long.parseLong(row[1])).as("distinct laps %d/%d", season, round).isEqualTo(expected);
        assertThat(Long.parseLong(row[0])).as("laps rows %d/%d: nothing twice", season, round).isEqualTo(expected);
        for (String session : List.of("R", "S")) {
            long results = dev.pitwall.app.ScaleOutFixtures.results(season, round, session);
            String[] r = sql("select count(*), count(distinct driver_id) from staging.results" + where + " and session = '" + session + "'");
            assertThat(Long.parseLong(r[0])).as("results %s rows %d/%d", session, season, round).isEqualTo(results);
            assertThat(Long.parseLong(r[1])).as("results %s distinct %d/%d", session, season, round).isEqualTo(results);
        }
    }

    /** One row of a query on the PostgreSQL warehouse; null while it does not answer. */
    private String[] sql(String query) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Pitwall.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        if (cl.execute("sql", "--warehouse", warehouse, "--data-dir", work.resolve("admin").toString(), "--format", "csv", query) != 0) {
            return null;
        }
        return out.toString().lines().skip(1).findFirst().map(l -> l.split(",", -1)).orElse(null);
    }

    private void cli(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Pitwall.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cl.execute(args)).as("pitwall %s: %s", String.join(" ", args), err).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

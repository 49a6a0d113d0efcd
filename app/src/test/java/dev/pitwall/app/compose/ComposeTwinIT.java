package dev.pitwall.app.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pitwall.app.Pitwall;
import dev.pitwall.app.ScaleOutFixtures;
import dev.pitwall.app.scale.StandaloneBroker;
import dev.pitwall.embedded.EmbeddedS3;
import dev.pitwall.embedded.LocalPostgres;
import dev.pitwall.loader.warehouse.Warehouse;
import dev.pitwall.loader.warehouse.Warehouses;
import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml without containers: a standalone broker (its own process), s3proxy and a real
 * PostgreSQL stand in for the kafka, s3 and postgres services; the topics, streams, sink and load
 * services run as separate OS processes with the command and environment read from
 * docker-compose.yml (variables interpolated as Compose does, service hosts mapped to 127.0.0.1 and
 * free ports, /var/lib/pitwall to a temp dir); the replay service's command, given a round and the
 * recorded archive, replays a real race into the topics. The warehouse must then hold the race exactly.
 */
class ComposeTwinIT {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");
    private static final int SEASON = 2024;
    private static final int ROUND = 5;

    @TempDir
    Path work;

    private final Map<String, Process> processes = new LinkedHashMap<>();

    @Test
    void theComposeStagesAsProcessesCarryARaceIntoPostgres() throws Exception {
        Path fixtures = Path.of(System.getProperty("pitwall.fixtures", "../../shared/fixtures")).toAbsolutePath().normalize();
        if (!Files.isDirectory(fixtures.resolve("jolpica"))) {
            System.out.println("[skip] recorded fixtures not found at " + fixtures);
        }
        assumeTrue(Files.isDirectory(fixtures.resolve("jolpica")), "recorded fixtures not found at " + fixtures);
        Map<String, Object> services = ComposeFileTest.services(new Yaml().load(Files.readString(ComposeFileTest.ROOT.resolve("docker-compose.yml"))));

        int brokerPort = freePort();
        try (EmbeddedS3 s3 = EmbeddedS3.start(work.resolve("s3"), "pitwall");
             LocalPostgres postgres = LocalPostgres.start(work.resolve("postgres"), Path.of("target", "embedded-pg").toAbsolutePath())) {
            // what .env would say; everything else takes the file's defaults
            Map<String, String> dotEnv = Map.of("S3_ACCESS_KEY", s3.accessKey(), "S3_SECRET_KEY", s3.secretKey(),
                    "POSTGRES_USER", postgres.user(), "POSTGRES_PASSWORD", postgres.password(), "POSTGRES_DB", "postgres");
            Map<String, String> hosts = Map.of("kafka:9092", "127.0.0.1:" + brokerPort,
                    "http://s3:8333", s3.endpoint().toString().replaceAll("/$", ""),
                    "postgres:5432", "127.0.0.1:" + postgres.port(),
                    "/var/lib/pitwall", work.resolve("pitwall").toString());

            launch("broker", List.of(StandaloneBroker.class.getName(), work.resolve("broker").toString(),
                    Integer.toString(brokerPort), Integer.toString(freePort())), Map.of(), "-Xmx768m");
            awaitLog("broker", "broker up on", Duration.ofMinutes(3));

            Process topics = service("topics", services, dotEnv, hosts, List.of());
            assertThat(topics.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(topics.exitValue()).as("topics service:%n%s", tail("topics")).isZero();
            for (String stage : List.of("streams", "sink", "load")) {
                service(stage, services, dotEnv, hosts, List.of());
            }
            for (String stage : List.of("streams", "sink", "load")) {
                awaitLog(stage, "is running", Duration.ofMinutes(4));
            }

            Process replay = service("replay", services, dotEnv, hosts,
                    List.of("--round", Integer.toString(ROUND), "--archive", fixtures.toString()));
            assertThat(replay.waitFor(10, TimeUnit.MINUTES)).as("replay finished").isTrue();
            assertThat(replay.exitValue()).as("replay service:%n%s", tail("replay")).isZero();

            long laps = ScaleOutFixtures.laps(SEASON, ROUND);
            long results = ScaleOutFixtures.results(SEASON, ROUND, "R");
            try (Warehouse warehouse = Warehouses.open(postgres.warehouseUrl(), work.resolve("check"), Map.of())) {
                String where = " WHERE season = " + SEASON + " AND round = " + ROUND;
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                long loaded = 0;
                while (System.nanoTime() < deadline) {
                    try {
                        loaded = Long.parseLong(warehouse.query("SELECT count(*) FROM staging.laps" + where).rows().get(0).get(0).toString());
                    } catch (RuntimeException notYetMigrated) {
                        loaded = 0;
                    }
                    if (loaded >= laps) {
                        break;
                    }
                    for (String stage : List.of("streams", "sink", "load")) {
                        assertThat(processes.get(stage).isAlive()).as("%s runs:%n%s", stage, tail(stage)).isTrue();
                    }
                    Thread.sleep(1_000);
                }
                System.out.printf("compose-twin-it: %d/%d laps in staging.laps, %d recorded%n", loaded, laps, laps);
                assertThat(loaded).as("laps of %d/%d", SEASON, ROUND).isEqualTo(laps);
                assertThat(warehouse.query("SELECT count(DISTINCT (session, driver_id, lap)) FROM analytics.laps" + where).rows().get(0).get(0)
                        .toString()).isEqualTo(Long.toString(laps));
                assertThat(warehouse.query("SELECT count(*) FROM analytics.race_classification" + where).rows().get(0).get(0).toString())
                        .isEqualTo(Long.toString(results));
                assertThat(warehouse.query("SELECT count(*) FROM analytics.results" + where + " AND session = 'R'").rows().get(0).get(0)
                        .toString()).isEqualTo(Long.toString(results));
            }
        } finally {
            List<String> names = new ArrayList<>(processes.keySet());
            names.remove("broker");
            names.add("broker");
            for (String name : names) {
                Process p = processes.get(name);
                if (p != null && p.isAlive()) {
                    p.destroy();
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }

    /** A compose service as a process: its command (plus {@code extraArgs}) and environment from docker-compose.yml. */
    @SuppressWarnings("unchecked")
    private Process service(String name, Map<String, Object> services, Map<String, String> dotEnv, Map<String, String> hosts,
                            List<String> extraArgs) throws IOException {
        Map<String, Object> service = (Map<String, Object>) services.get(name);
        assertThat(service).as("service %s in docker-compose.yml", name).isNotNull();
        List<String> args = new ArrayList<>(List.of(Pitwall.class.getName()));
        for (Object arg : (List<Object>) service.get("command")) {
            args.add(mapHosts(interpolate(arg.toString(), dotEnv), hosts));
        }
        args.addAll(extraArgs);
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) service.get("environment")).entrySet()) {
            env.put(e.getKey(), mapHosts(interpolate(String.valueOf(e.getValue()), dotEnv), hosts));
        }
        assertThat(env).as("%s environment", name).containsKey("PITWALL_BOOTSTRAP_SERVERS");
        // every container has :9464 to itself; processes on one host need a port each
        if (env.containsKey("PITWALL_METRICS_PORT")) {
            env.put("PITWALL_METRICS_PORT", Integer.toString(freePort()));
        }
        System.out.printf("compose-twin-it: %s = %s%n", name, args.subList(1, args.size()));
        return launch(name, args, env, "-Xmx512m");
    }

    /** Compose's interpolation: ${X}, ${X:-default}, ${X-default}, $$ for a literal $. */
    static String interpolate(String value, Map<String, String> dotEnv) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String set = dotEnv.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(set != null ? set : m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(out);
        return out.toString().replace("$$", "$");
    }

    private static String mapHosts(String value, Map<String, String> hosts) {
        String out = value;
        for (Map.Entry<String, String> h : hosts.entrySet()) {
            out = out.replace(h.getKey(), h.getValue());
        }
        return out;
    }

    private Process launch(String name, List<String> args, Map<String, String> env, String heap) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Daws.disableEc2Metadata=true",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.pitwall.schemas.avro",
                "-Dorg.slf4j.simpleLogger.log.dev.pitwall=info", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(args);
        Path log = work.resolve("logs").resolve(name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.put(name, p);
        System.out.printf("compose-twin-it: started %s (pid %d)%n", name, p.pid());
        return p;
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
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

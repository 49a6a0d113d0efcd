package dev.pitwall.app.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml is valid for a real Compose implementation (Debian's docker-compose parses and
 * validates it without an engine: `config`), and holds the topology the issue asks for. No container
 * runs here; ComposeTwinIT runs the same stage commands as OS processes.
 */
class ComposeFileTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void dockerComposeConfigAcceptsTheFile() throws Exception {
        String binary = onPath("docker-compose");
        if (binary == null) {
            System.out.println("[skip] docker-compose is not installed (apt-get install docker-compose; .ci/run does)");
        }
        assumeTrue(binary != null, "docker-compose is not installed");
        for (List<String> profile : List.of(List.<String>of(), List.of("--profile", "replay", "--profile", "snowflake"))) {
            List<String> cmd = new java.util.ArrayList<>(List.of(binary, "-f", ROOT.resolve("docker-compose.yml").toString()));
            cmd.addAll(profile);
            cmd.add("config");
            Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as("%s:%n%s", String.join(" ", cmd), out).isZero();
            Map<String, Object> resolved = new Yaml().load(out);
            assertThat(services(resolved)).as("services docker-compose resolved").containsKeys("kafka", "s3", "s3-bucket", "postgres",
                    "grafana", "prometheus", "topics", "streams", "sink", "load");
        }
    }

    @Test
    void theFileHoldsThePipelineTopology() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Object> services = services(compose);
        assertThat(((Map<?, ?>) services.get("kafka")).get("image")).isEqualTo("apache/kafka:4.3.1");
        assertThat(map(services.get("kafka"), "environment")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
        for (String stage : List.of("streams", "sink", "load")) {
            Map<String, Object> env = map(services.get(stage), "environment");
            assertThat(env).as("%s environment", stage).containsEntry("PITWALL_METRICS_PORT", "9464")
                    .containsEntry("PITWALL_BOOTSTRAP_SERVERS", "kafka:9092");
            assertThat(list(services.get(stage), "command")).as("%s command", stage).startsWith(stage);
        }
        assertThat(list(services.get("replay"), "profiles")).containsExactly("replay");
        assertThat(list(services.get("replay"), "command")).startsWith("replay", "--produce-only");
        assertThat(list(services.get("load-snowflake"), "profiles")).containsExactly("snowflake");
        assertThat(map(services.get("grafana"), "environment").get("GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS"))
                .isEqualTo("michelin-snowflake-datasource");
        assertThat(list(services.get("grafana"), "volumes")).anySatisfy(v -> assertThat(v.toString())
                .startsWith("./grafana/provisioning:"));
        String prometheus = Files.readString(ROOT.resolve("compose/prometheus/prometheus.yml"));
        assertThat(prometheus).contains("streams:9464", "sink:9464", "load:9464");
        assertThat(ROOT.resolve("Dockerfile")).exists();
        assertThat(ROOT.resolve(".env.example")).exists();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> services(Map<String, Object> compose) {
        return (Map<String, Object>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object service, String key) {
        return (Map<String, Object>) ((Map<String, Object>) service).get(key);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object service, String key) {
        return (List<Object>) ((Map<String, Object>) service).get(key);
    }

    static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}

package dev.pitwall.app.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Apicurio Registry (Maven Central's tarball, unpacked by the app pom before the ITs) on a free
 * loopback port, started once per test JVM (it takes ~7 s) and stopped by pid when the JVM exits.
 * In-memory storage: every run starts empty. Tests that need it skip, saying why, when it cannot run.
 */
public final class ApicurioRegistry {
    private static final String CCOMPAT = "/apis/ccompat/v7";
    private static ApicurioRegistry shared;
    private static String unavailable;

    private final Process process;
    private final int port;

    private ApicurioRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The running registry, starting it on first use; skips the calling test when it cannot run here. */
    public static synchronized ApicurioRegistry get() {
        if (shared == null && unavailable == null) {
            try {
                shared = start();
            } catch (Exception e) {
                unavailable = e.getMessage();
            }
        }
        if (shared == null) {
            System.out.println("[skip] Apicurio Registry not available: " + unavailable);
            Assumptions.abort("Apicurio Registry not available: " + unavailable);
        }
        return shared;
    }

    /** Base URL of its Confluent-compatible API, what {@code --schema-registry-url} takes. */
    public URI confluentUrl() {
        return URI.create("http://127.0.0.1:" + port + CCOMPAT);
    }

    public long pid() {
        return process.pid();
    }

    private static ApicurioRegistry start() throws Exception {
        String home = System.getProperty("pitwall.apicurio.home");
        if (home == null) {
            throw new IllegalStateException("system property pitwall.apicurio.home is unset (run the ITs through Maven: the app pom unpacks the registry)");
        }
        Path jar = Path.of(home, "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing (the app pom's unpack-apicurio execution did not run)");
        }
        Path java = java21().orElseThrow(() -> new IllegalStateException(
                "no Java 21+ runtime found (Apicurio 3 needs one): set PITWALL_JAVA21_HOME, or install one under /usr/lib/jvm"));
        int port = freePort();
        int managementPort = freePort();
        Path log = Path.of(home).getParent().resolve("apicurio-" + port + ".log");
        // the build fixes quarkus.management.enabled to true: without its own host and port the management
        // interface binds 0.0.0.0:9000, off loopback and taken by the first registry on the machine
        Process process = new ProcessBuilder(java.toString(), "-Xmx384m", "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port, "-Dquarkus.management.enabled=false", "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort, "-jar", jar.toString())
                .directory(Path.of(home).toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ApicurioRegistry registry = new ApicurioRegistry(process, port);
        Runtime.getRuntime().addShutdownHook(new Thread(registry::stop, "apicurio-stop"));
        long t0 = System.nanoTime();
        registry.awaitReady(Duration.ofSeconds(180), log);
        System.out.printf("Apicurio Registry %s up on 127.0.0.1:%d (pid %d) in %d ms, log %s%n",
                Path.of(home).getFileName(), port, process.pid(), (System.nanoTime() - t0) / 1_000_000, log);
        return registry;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(confluentUrl() + "/subjects"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        stop();
        throw new IllegalStateException("Apicurio did not answer within " + timeout + "; see " + log);
    }

    /** Stops the process by its pid: a polite stop, then a kill if it lingers. */
    void stop() {
        ProcessHandle.of(process.pid()).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }

    /**
     * A Java 21+ runtime: PITWALL_JAVA21_HOME, JAVA_HOME, this JVM, then every JDK under /usr/lib/jvm
     * (the newest first), judged by the {@code release} file each JDK ships.
     */
    static Optional<Path> java21() {
        List<Path> homes = new ArrayList<>();
        Stream.of(System.getenv("PITWALL_JAVA21_HOME"), System.getenv("JAVA_HOME"), System.getProperty("java.home"))
                .filter(s -> s != null && !s.isBlank()).map(Path::of).forEach(homes::add);
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                dirs.sorted((a, b) -> Integer.compare(feature(b), feature(a))).forEach(homes::add);
            } catch (IOException e) {
                // no listing: only the explicit homes are tried
            }
        }
        return homes.stream().filter(h -> feature(h) >= 21).map(h -> h.resolve("bin").resolve("java"))
                .filter(Files::isExecutable).findFirst();
    }

    /** The feature release of the JDK at {@code home} (from JAVA_VERSION="25.0.1" in its release file), or 0. */
    private static int feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String first = v.split("[.+-]")[0];
                    return Integer.parseInt(first.equals("1") ? v.split("\\.")[1] : first);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}

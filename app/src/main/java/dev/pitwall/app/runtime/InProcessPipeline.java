package dev.pitwall.app.runtime;

import dev.pitwall.app.cli.ErrorCode;
import dev.pitwall.app.cli.PitwallException;
import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.embedded.EmbeddedS3;
import dev.pitwall.app.metrics.LagMeters;
import dev.pitwall.app.metrics.MetricsServer;
import dev.pitwall.app.metrics.PitwallMetrics;
import dev.pitwall.app.metrics.StreamsMeters;
import dev.pitwall.app.sql.QueryServer;
import dev.pitwall.app.stack.StackAddress;
import dev.pitwall.app.stack.StackFile;
import dev.pitwall.loader.FileLoader;
import dev.pitwall.loader.LoaderConfig;
import dev.pitwall.loader.warehouse.QueryResult;
import dev.pitwall.loader.warehouse.Warehouse;
import dev.pitwall.loader.warehouse.Warehouses;
import dev.pitwall.schemas.TopicCatalogue;
import dev.pitwall.sink.S3Sink;
import dev.pitwall.sink.SinkConfig;
import dev.pitwall.sink.s3.S3Connection;
import dev.pitwall.streams.PitwallTopology;
import dev.pitwall.streams.StreamsRunner;
import dev.pitwall.streams.TopologyConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The pipeline's stages running in this process, against external services where the settings
 * name them and embedded ones (KRaft broker, s3proxy, DuckDB file) under the data dir otherwise.
 * While it runs, {@code stack.json} in the data dir tells other pitwall processes where to find it
 * (they attach instead of fighting over the broker's and DuckDB's locks).
 */
public final class InProcessPipeline implements Pipeline {
    private static final Logger log = LoggerFactory.getLogger(InProcessPipeline.class);
    public static final String DEFAULT_BUCKET = "pitwall";
    /** One per running sink instance (default {@code pitwall-sink-0}): a restarted instance with the same id aborts what its killed predecessor left open. */
    public static final String SINK_TRANSACTIONAL_ID_ENV = "PITWALL_SINK_TRANSACTIONAL_ID";

    private final PipelineSettings settings;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private String bootstrapServers;
    private String s3Description;
    private Warehouse warehouse;
    private String warehouseDescription;
    private StreamsRunner streams;
    private S3Sink sink;
    private FileLoader loader;
    private URI queryEndpoint;
    private final PitwallMetrics metrics = new PitwallMetrics();
    private final MetricsPort metricsPort;
    private URI metricsEndpoint;
    private MetricsServer metricsServer;

    private InProcessPipeline(PipelineSettings settings, MetricsPort metricsPort) {
        this.settings = settings;
        this.metricsPort = metricsPort;
    }

    /** Where {@code /metrics} is served besides the SQL server's loopback port: a port of the operator's choice ({@code --metrics-port}). */
    public record MetricsPort(String host, int port) {
        public MetricsPort {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("metrics port " + port + " is not in 0..65535");
            }
        }
    }

    public static Path warehouseFile(Path dataDir) {
        return Warehouses.duckDbFile(null, dataDir);
    }

    /** Everything embedded under {@code dataDir}: what `pitwall up` and `pitwall replay` do by default. */
    public static InProcessPipeline start(Path dataDir) {
        return start(PipelineSettings.embedded(dataDir));
    }

    public static InProcessPipeline start(PipelineSettings settings) {
        return start(settings, null);
    }

    /** @param metricsPort also serve {@code /metrics} there; null for the SQL server's port only */
    public static InProcessPipeline start(PipelineSettings settings, MetricsPort metricsPort) {
        InProcessPipeline p = new InProcessPipeline(settings, metricsPort);
        try {
            p.startAll();
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void startAll() {
        Path dataDir = settings.dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new PitwallException(ErrorCode.STAGE_FAILED, "cannot create data dir " + dataDir + ": " + e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        track(metrics);
        // S3 and the warehouse do not need the broker: they start beside it (each takes ~1-2 s on a cold JVM)
        CompletableFuture<S3Client> s3Start = inBackground("s3", this::startS3);
        CompletableFuture<Warehouse> warehouseStart = inBackground("warehouse", () -> {
            Warehouse opened = track(openWarehouse());
            opened.migrate();
            return opened;
        });
        RuntimeException failure = null;
        try {
            startKafka();
        } catch (RuntimeException e) {
            failure = e;
        }
        // wait for both even when one failed, so that close() stops whatever they started
        S3Client s3Client = null;
        try {
            s3Client = joinStart(s3Start);
        } catch (RuntimeException e) {
            failure = firstOf(failure, e);
        }
        try {
            warehouse = joinStart(warehouseStart);
        } catch (RuntimeException e) {
            failure = firstOf(failure, e);
        }
        if (failure != null) {
            throw failure;
        }

        // stopped at once: each stage commits or aborts its own work
        ParallelClose stages = track(new ParallelClose());
        if (settings.stages().contains(PipelineSettings.Stage.STREAMS)) {
            Map<String, Object> streamsProps = new HashMap<>(kafkaProps());
            streamsProps.put("application.id", StageGroups.STREAMS);
            streamsProps.put("state.dir", dataDir.resolve("streams").toString());
            if (settings.embeddedKafka()) {
                streamsProps.put("replication.factor", 1);
            }
            streams = stages.add(new StreamsRunner(streamsProps, topologyConfig()));
            // records produced before it is RUNNING wait in their topics; checkHealthy() reports a start that failed
            streams.startInBackground();
            StreamsMeters.bind(streams, metrics.registry());
        }
        if (settings.stages().contains(PipelineSettings.Stage.SINK)) {
            SinkConfig defaults = SinkConfig.defaults(settings.bucket());
            // several sinks share the group but each needs its own transactional id, stable across its restarts
            String transactionalId = System.getenv().getOrDefault(SINK_TRANSACTIONAL_ID_ENV, defaults.transactionalId());
            sink = stages.add(new S3Sink(kafkaProps(), s3Client,
                    new SinkConfig(defaults.bucket(), defaults.prefix(), StageGroups.SINK, transactionalId), metrics.registry()));
            sink.start();
        }
        if (settings.stages().contains(PipelineSettings.Stage.LOADER)) {
            loader = stages.add(new FileLoader(kafkaProps(), s3Client, warehouse, new LoaderConfig(StageGroups.LOADER), metrics.registry()));
            loader.start();
        }

        bindStageMeters();
        QueryServer server = track(new QueryServer(warehouse::query, metrics::scrape));
        queryEndpoint = server.start();
        metricsEndpoint = queryEndpoint.resolve(MetricsServer.PATH);
        if (metricsPort != null) {
            metricsServer = track(MetricsServer.start(metricsPort.host(), metricsPort.port(), metrics::scrape));
            log.info("metrics served on {}:{}{}", metricsPort.host(), metricsServer.port(), MetricsServer.PATH);
        }
        StackFile.write(dataDir, new StackAddress(bootstrapServers, null, settings.bucket(), settings.region(),
                null, null, queryEndpoint, ProcessHandle.current().pid(), metricsEndpoint));
        track(() -> StackFile.delete(dataDir));
        log.info("pipeline up in {} ms: stages {}, kafka {}, s3 {}, warehouse {}", (System.nanoTime() - t0) / 1_000_000,
                settings.stages(), bootstrapServers, s3Description, warehouseDescription);
    }

    /** {@code pitwall_stage_up{stage}} and the lag of each running stage's consumer group. */
    private void bindStageMeters() {
        Map<String, java.util.Collection<String>> groups = new java.util.LinkedHashMap<>();
        if (streams != null) {
            stageUp("streams", () -> streams.state().isRunningOrRebalancing());
            groups.put(StageGroups.STREAMS, StageGroups.STREAMS_INPUTS);
        }
        if (sink != null) {
            stageUp("sink", sink::isRunning);
            groups.put(StageGroups.SINK, StageGroups.SINK_INPUTS);
        }
        if (loader != null) {
            stageUp("loader", () -> loader.isRunning() && loader.failure().isEmpty());
            groups.put(StageGroups.LOADER, StageGroups.LOADER_INPUTS);
        }
        if (!groups.isEmpty()) {
            track(new LagMeters(kafkaProps(), groups, metrics.registry()));
        }
    }

    private void stageUp(String stage, java.util.function.BooleanSupplier running) {
        io.micrometer.core.instrument.Gauge.builder("pitwall.stage.up", running, r -> r.getAsBoolean() ? 1 : 0)
                .description("1 while the stage runs in this process, 0 once it stopped").tag("stage", stage).strongReference(true)
                .register(metrics.registry());
    }

    private void startKafka() {
        if (settings.embeddedKafka()) {
            bootstrapServers = track(EmbeddedKafka.start(settings.dataDir().resolve("kafka"))).bootstrapServers();
        } else {
            bootstrapServers = settings.bootstrapServers().get();
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            // -1 = the broker's default replication factor on a real cluster
            short replication = settings.embeddedKafka() ? (short) 1 : (short) -1;
            // on the embedded broker, whose Streams application is this one: its changelogs are created with the
            // catalogue instead of in Streams' first rebalance
            TopicCatalogue.ensure(admin, replication, settings.embeddedKafka() && settings.stages().contains(PipelineSettings.Stage.STREAMS)
                    ? PitwallTopology.changelogTopics(StageGroups.STREAMS, topologyConfig(), replication) : List.of());
        }
    }

    private TopologyConfig topologyConfig() {
        return settings.live() ? TopologyConfig.live() : TopologyConfig.defaults();
    }

    private S3Client startS3() {
        if (settings.embeddedS3()) {
            EmbeddedS3 s3 = track(EmbeddedS3.start(settings.dataDir().resolve("s3"), settings.bucket()));
            s3Description = s3.endpoint() + " bucket " + s3.bucket();
            return track(S3Connection.local(s3.endpoint(), s3.accessKey(), s3.secretKey()).open());
        }
        s3Description = settings.s3Endpoint().map(URI::toString).orElse("AWS S3 " + settings.region()) + " bucket " + settings.bucket();
        // no keys: the AWS default credentials chain (environment, profile, web identity, container or instance role)
        return track(new S3Connection(settings.s3Endpoint().orElse(null), settings.region(), settings.pathStyle(), null, null).open());
    }

    private Warehouse openWarehouse() {
        String url = settings.warehouseUrl().orElse(null);
        warehouseDescription = url == null ? "duckdb:" + warehouseFile(settings.dataDir())
                : url.startsWith("snowflake://") || Warehouses.isPostgres(url) ? url.replaceAll("\\?.*", "") : url;
        return Warehouses.open(url, settings.dataDir());
    }

    private synchronized <T extends AutoCloseable> T track(T resource) {
        started.push(resource);
        return resource;
    }

    private static <T> CompletableFuture<T> inBackground(String what, Supplier<T> start) {
        return CompletableFuture.supplyAsync(start, task -> {
            Thread t = new Thread(task, "pitwall-start-" + what);
            t.setDaemon(true);
            t.start();
        });
    }

    private static <T> T joinStart(CompletableFuture<T> start) {
        try {
            return start.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static RuntimeException firstOf(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** Prometheus text of every meter of this process. */
    public String scrapeMetrics() {
        return metrics.scrape();
    }

    /** {@code /metrics} on the loopback SQL port. */
    @Override
    public java.util.Optional<URI> metricsEndpoint() {
        return java.util.Optional.ofNullable(metricsEndpoint);
    }

    /** The port {@code --metrics-port} asked for (the chosen one when it asked for 0), or -1. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    @Override
    public Map<String, Object> kafkaProps() {
        return Map.of("bootstrap.servers", bootstrapServers);
    }

    @Override
    public QueryResult query(String sql) {
        return warehouse.query(sql);
    }

    @Override
    public void checkHealthy() {
        // replaced threads keep it RUNNING/REBALANCING; ERROR or a stop means nothing more will be processed
        if (streams != null && streams.startFailure().isPresent()) {
            RuntimeException e = streams.startFailure().get();
            throw new PitwallException(ErrorCode.STAGE_FAILED, "the Streams stage did not start: " + e.getMessage(), e);
        }
        if (streams != null && !streams.state().isRunningOrRebalancing()) {
            throw new PitwallException(ErrorCode.STAGE_FAILED, "the Streams stage stopped (state " + streams.state() + ")");
        }
        if (sink != null && sink.failure() != null) {
            throw new PitwallException(ErrorCode.STAGE_FAILED, "S3 sink stopped: " + sink.failure().getMessage(), sink.failure());
        }
        if (loader != null && loader.failure().isPresent()) {
            Throwable t = loader.failure().get();
            throw new PitwallException(ErrorCode.STAGE_FAILED, "loader stopped: " + t.getMessage(), t);
        }
    }

    @Override
    public String describe() {
        return String.join(System.lineSeparator(),
                "stages     " + settings.stages(),
                "kafka      " + bootstrapServers + (settings.embeddedKafka() ? " (embedded)" : ""),
                "s3         " + s3Description + (settings.embeddedS3() ? " (embedded)" : ""),
                "warehouse  " + warehouseDescription,
                "sql        " + queryEndpoint + " (used by `pitwall sql` while this runs)",
                "metrics    " + metricsEndpoint + (metricsServer == null ? ""
                        : " and " + metricsPort.host() + ":" + metricsServer.port() + MetricsServer.PATH));
    }

    @Override
    public void close() {
        long t0 = System.nanoTime();
        StringBuilder slow = new StringBuilder();
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            long t = System.nanoTime();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
            long ms = (System.nanoTime() - t) / 1_000_000;
            if (ms >= 100) {
                slow.append(slow.isEmpty() ? "" : ", ").append(c.getClass().getSimpleName()).append(' ').append(ms).append(" ms");
            }
        }
        log.info("pipeline stopped in {} ms{}", (System.nanoTime() - t0) / 1_000_000, slow.isEmpty() ? "" : " (" + slow + ")");
    }
}

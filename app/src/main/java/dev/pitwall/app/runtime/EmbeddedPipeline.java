package dev.pitwall.app.runtime;

import dev.pitwall.app.cli.ErrorCode;
import dev.pitwall.app.cli.PitwallException;
import dev.pitwall.app.embedded.EmbeddedKafka;
import dev.pitwall.app.embedded.EmbeddedS3;
import dev.pitwall.app.s3.S3ClientFactory;
import dev.pitwall.app.sql.QueryServer;
import dev.pitwall.app.stack.StackAddress;
import dev.pitwall.app.stack.StackFile;
import dev.pitwall.loader.FileLoader;
import dev.pitwall.loader.LoaderConfig;
import dev.pitwall.loader.warehouse.DuckDbWarehouse;
import dev.pitwall.loader.warehouse.QueryResult;
import dev.pitwall.schemas.TopicCatalogue;
import dev.pitwall.sink.S3Sink;
import dev.pitwall.sink.SinkConfig;
import dev.pitwall.streams.StreamsRunner;
import dev.pitwall.streams.TopologyConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole pipeline in this process, all state under one data dir: a KRaft broker, s3proxy, a
 * DuckDB file, and the Streams, sink and loader stages. While it runs, {@code stack.json} in the data
 * dir tells other pitwall processes where to find it (they attach instead of fighting over locks).
 */
public final class EmbeddedPipeline implements Pipeline {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPipeline.class);
    public static final String BUCKET = "pitwall";

    private final Path dataDir;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private EmbeddedKafka kafka;
    private EmbeddedS3 s3;
    private DuckDbWarehouse warehouse;
    private S3Sink sink;
    private FileLoader loader;
    private URI queryEndpoint;

    private EmbeddedPipeline(Path dataDir) {
        this.dataDir = dataDir;
    }

    public static Path warehouseFile(Path dataDir) {
        return dataDir.resolve("warehouse.duckdb");
    }

    public static EmbeddedPipeline start(Path dataDir) {
        EmbeddedPipeline p = new EmbeddedPipeline(dataDir);
        try {
            p.startAll();
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void startAll() {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new PitwallException(ErrorCode.STAGE_FAILED, "cannot create data dir " + dataDir + ": " + e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        kafka = track(EmbeddedKafka.start(dataDir.resolve("kafka")));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            TopicCatalogue.ensure(admin, (short) 1);
        }
        s3 = track(EmbeddedS3.start(dataDir.resolve("s3"), BUCKET));
        S3Client s3Client = track(S3ClientFactory.create(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(), true));
        warehouse = track(new DuckDbWarehouse(warehouseFile(dataDir)));
        warehouse.migrate();

        Map<String, Object> streamsProps = new HashMap<>(kafkaProps());
        streamsProps.put("application.id", StageGroups.STREAMS);
        streamsProps.put("state.dir", dataDir.resolve("streams").toString());
        streamsProps.put("replication.factor", 1);
        StreamsRunner streams = track(new StreamsRunner(streamsProps, TopologyConfig.defaults()));
        streams.start();

        SinkConfig sinkConfig = SinkConfig.defaults(BUCKET);
        sink = track(new S3Sink(kafkaProps(), s3Client, new SinkConfig(sinkConfig.bucket(), sinkConfig.prefix(),
                StageGroups.SINK, sinkConfig.transactionalId())));
        sink.start();
        loader = track(new FileLoader(kafkaProps(), s3Client, warehouse, new LoaderConfig(StageGroups.LOADER)));
        loader.start();

        QueryServer server = track(new QueryServer(warehouse::query));
        queryEndpoint = server.start();
        StackFile.write(dataDir, new StackAddress(kafka.bootstrapServers(), s3.endpoint(), s3.bucket(), s3.region(),
                s3.accessKey(), s3.secretKey(), queryEndpoint, ProcessHandle.current().pid()));
        track(() -> StackFile.delete(dataDir));
        log.info("embedded pipeline up in {} ms under {}", (System.nanoTime() - t0) / 1_000_000, dataDir);
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.push(resource);
        return resource;
    }

    @Override
    public Map<String, Object> kafkaProps() {
        return Map.of("bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public QueryResult query(String sql) {
        return warehouse.query(sql);
    }

    @Override
    public void checkHealthy() {
        if (sink != null && sink.failure() != null) {
            throw new PitwallException(ErrorCode.STAGE_FAILED, "S3 sink stopped: " + sink.failure().getMessage(), sink.failure());
        }
        if (loader != null && loader.failure().isPresent()) {
            Throwable t = loader.failure().get();
            throw new PitwallException(ErrorCode.STAGE_FAILED, "loader stopped: " + t.getMessage(), t);
        }
    }

    public long filesLoaded() {
        return loader == null ? 0 : loader.filesLoaded();
    }

    @Override
    public String describe() {
        return String.join(System.lineSeparator(),
                "kafka      " + kafka.bootstrapServers(),
                "s3         " + s3.endpoint() + " bucket " + s3.bucket(),
                "warehouse  duckdb:" + warehouseFile(dataDir),
                "sql        " + queryEndpoint + " (used by `pitwall sql` while this runs)");
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}

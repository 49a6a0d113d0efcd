package dev.pitwall.embedded;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3 server (s3proxy, filesystem backend) in this JVM on a fresh loopback port, objects stored
 * as files under one dir so they survive a restart. It checks AWS V2/V4 signatures against fixed
 * local credentials, so clients are configured exactly as for a real S3 endpoint.
 */
public final class EmbeddedS3 implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3.class);
    private static final String REGION = "us-east-1";
    private static final String ACCESS_KEY = "pitwall";
    private static final String SECRET_KEY = "pitwall-local-secret";
    private static final long START_TIMEOUT_MS = 30_000;

    static {
        // s3proxy and its shaded Jetty log every request and lifecycle step at INFO/DEBUG.
        for (String logger : new String[] {"org.gaul", "org.eclipse.jetty"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    private final Path dir;
    private final DataDirLock lock;
    private final BlobStore store;
    private final S3Proxy proxy;
    private final URI endpoint;
    private final String bucket;
    private boolean closed;

    private EmbeddedS3(Path dir, DataDirLock lock, BlobStore store, S3Proxy proxy, URI endpoint, String bucket) {
        this.dir = dir;
        this.lock = lock;
        this.store = store;
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.bucket = bucket;
    }

    /** Starts the server, waits until it serves, and creates {@code bucket} if it does not exist yet. */
    public static EmbeddedS3 start(Path dir, String bucket) {
        Path root = dir.toAbsolutePath();
        long t0 = System.nanoTime();
        DataDirLock lock = DataDirLock.acquire(root);
        BlobStore store = null;
        S3Proxy proxy = null;
        try {
            Path objects = Files.createDirectories(root.resolve("objects"));
            Properties props = new Properties();
            props.setProperty("jclouds.filesystem.basedir", objects.toString());
            store = BlobStores.create("filesystem", props);
            boolean created = false;
            if (!store.containerExists(bucket)) {
                store.createContainer(bucket);
                created = true;
            }
            URI endpoint = URI.create("http://127.0.0.1:" + LoopbackPort.pick());
            proxy = S3Proxy.builder()
                    .blobStore(store)
                    .endpoint(endpoint)
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start();
            awaitStarted(proxy, endpoint);
            log.info("s3 on {} (bucket {}{}, objects under {}) in {} ms", endpoint, bucket,
                    created ? " created" : "", root, (System.nanoTime() - t0) / 1_000_000);
            return new EmbeddedS3(root, lock, store, proxy, endpoint, bucket);
        } catch (Exception e) {
            stopQuietly(proxy, store);
            lock.close();
            throw new IllegalStateException("cannot start the embedded S3 server in " + root + ": " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: use with path-style addressing. */
    public URI endpoint() {
        return endpoint;
    }

    public String bucket() {
        return bucket;
    }

    public String region() {
        return REGION;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            proxy.stop();
            store.close();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the embedded S3 server on " + endpoint + " failed: " + e, e);
        } finally {
            lock.close();
        }
        log.info("s3 on {} stopped", endpoint);
    }

    @Override
    public String toString() {
        return "EmbeddedS3[" + endpoint + ", " + dir + "]";
    }

    private static void awaitStarted(S3Proxy proxy, URI endpoint) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT_MS * 1_000_000;
        while (!"STARTED".equals(proxy.getState())) {
            if ("FAILED".equals(proxy.getState()) || System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy on " + endpoint + " is " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    private static void stopQuietly(S3Proxy proxy, BlobStore store) {
        try {
            if (proxy != null) {
                proxy.stop();
            }
        } catch (Exception e) {
            log.warn("stopping s3proxy after a failed start: {}", e.toString());
        }
        if (store != null) {
            store.close();
        }
    }
}

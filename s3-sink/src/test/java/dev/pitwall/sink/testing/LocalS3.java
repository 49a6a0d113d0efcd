package dev.pitwall.sink.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * s3proxy in this JVM with a filesystem backend and v4 auth (infra notes §c). It can be stopped and
 * started again on the same port over the same files, to play an S3 outage.
 */
public final class LocalS3 implements AutoCloseable {
    public static final String ACCESS_KEY = "pitwall-test";
    public static final String SECRET_KEY = "pitwall-test-secret";

    private final Path dir;
    private final URI endpoint;
    private S3Proxy proxy;

    private LocalS3(Path dir, URI endpoint) {
        this.dir = dir;
        this.endpoint = endpoint;
    }

    public static LocalS3 start(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalS3 s3 = new LocalS3(dir, URI.create("http://127.0.0.1:" + FreePort.pick()));
        s3.resume();
        return s3;
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .forcePathStyle(true)
                .httpClient(Apache5HttpClient.create())
                .build();
    }

    /** Stops answering; objects stay on disk. */
    public synchronized void pause() {
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (Exception e) {
                throw new IllegalStateException("s3proxy did not stop", e);
            }
            proxy = null;
        }
    }

    public synchronized void resume() {
        if (proxy != null) {
            return;
        }
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", dir.toString());
        BlobStore store = BlobStores.create("filesystem", p);
        S3Proxy started = S3Proxy.builder().blobStore(store).endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            started.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(started.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start: " + started.getState());
                }
                Thread.sleep(5);
            }
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start", e);
        }
        proxy = started;
    }

    @Override
    public void close() {
        pause();
    }
}

package dev.pitwall.loader.it;

import java.net.InetAddress;
import java.net.ServerSocket;
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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** s3proxy in this JVM on a free loopback port (filesystem backend), and an S3 client for it. */
public final class LocalS3 implements AutoCloseable {
    private static final String ACCESS_KEY = "test";
    private static final String SECRET_KEY = "test-secret";

    static {
        for (String logger : new String[] {"org.gaul", "org.eclipse.jetty"}) {
            System.setProperty("org.slf4j.simpleLogger.log." + logger, "warn");
        }
    }

    private final S3Proxy proxy;
    private final S3Client client;

    private LocalS3(S3Proxy proxy, S3Client client) {
        this.proxy = proxy;
        this.client = client;
    }

    public static LocalS3 start(Path dir, String bucket) throws Exception {
        Path root = dir.resolve("s3");
        Files.createDirectories(root);
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", root.toString());
        BlobStore store = BlobStores.create("filesystem", props);
        store.createContainer(bucket);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(5);
        }
        S3Client client = S3Client.builder()
                .endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(Apache5HttpClient.create())
                .build();
        return new LocalS3(proxy, client);
    }

    public S3Client client() {
        return client;
    }

    public void put(String bucket, String key, byte[] bytes) {
        client.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromBytes(bytes));
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
    }
}

package dev.pitwall.sink.s3;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * How to reach an S3 API: AWS S3, MinIO or s3proxy (DESIGN §8).
 *
 * @param endpoint  null for AWS's own endpoint, else e.g. {@code http://127.0.0.1:9000}
 * @param region    always explicit, so the SDK never asks instance metadata for it
 * @param pathStyle true for MinIO and s3proxy ({@code host/bucket/key} rather than {@code bucket.host/key})
 * @param accessKey with secretKey: static credentials and instance-metadata lookups disabled;
 *                  both null: the standard AWS chain (env, system properties, profile, web identity, container, instance)
 */
public record S3Connection(URI endpoint, String region, boolean pathStyle, String accessKey, String secretKey) {
    public S3Connection {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("S3 setting 'region' must not be blank (e.g. us-east-1)");
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("S3 settings 'accessKey' and 'secretKey' go together: give both or neither");
        }
    }

    /** Static keys on an explicit endpoint: tests and the embedded stack. */
    public static S3Connection local(URI endpoint, String accessKey, String secretKey) {
        return new S3Connection(endpoint, "us-east-1", true, accessKey, secretKey);
    }

    public boolean staticCredentials() {
        return accessKey != null;
    }

    /** A new client that owns its HTTP client; the caller closes it. */
    public S3Client open() {
        AwsCredentialsProvider credentials;
        if (staticCredentials()) {
            // nothing needs instance metadata now; forbid it so no SDK default probes the network
            System.setProperty("aws.disableEc2Metadata", "true");
            credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        } else {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .forcePathStyle(pathStyle)
                // the Apache client: the URL-connection one flaked right after a 412 (infra notes §c)
                .httpClientBuilder(Apache5HttpClient.builder());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "S3Connection[endpoint=" + (endpoint == null ? "AWS" : endpoint) + ", region=" + region
                + ", pathStyle=" + pathStyle + ", credentials=" + (staticCredentials() ? "static" : "default chain") + "]";
    }
}

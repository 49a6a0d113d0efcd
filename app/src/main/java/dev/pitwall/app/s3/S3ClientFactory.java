package dev.pitwall.app.s3;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the one kind of S3 client pitwall uses (DESIGN §8): static credentials, an explicit
 * endpoint and region, so the SDK never walks its provider chain or asks an instance-metadata service.
 */
public final class S3ClientFactory {
    private S3ClientFactory() {}

    /** The returned client owns its HTTP client; close it when done. */
    public static S3Client create(URI endpoint, String region, String accessKey, String secretKey, boolean pathStyle) {
        // Defence in depth: nothing below should consult IMDS, and this forbids it process-wide.
        System.setProperty("aws.disableEc2Metadata", "true");
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .forcePathStyle(pathStyle)
                // The Apache client: the URL-connection one flaked right after a 412 (notes §c).
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
    }

    /**
     * For a real S3/MinIO the user points at: credentials from the AWS default chain (environment,
     * profile, web identity, container or instance role). Never used by tests or by default.
     */
    public static S3Client fromDefaultChain(Optional<URI> endpoint, String region, boolean pathStyle) {
        var builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .forcePathStyle(pathStyle)
                .httpClientBuilder(Apache5HttpClient.builder());
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}

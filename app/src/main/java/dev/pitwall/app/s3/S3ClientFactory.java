package dev.pitwall.app.s3;

import java.net.URI;
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
}

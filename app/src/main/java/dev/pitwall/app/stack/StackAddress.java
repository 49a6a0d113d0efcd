package dev.pitwall.app.stack;

import java.net.URI;

/**
 * Where a running embedded stack answers: its broker, its S3 server and credentials, and its SQL
 * endpoint ({@code null} when it serves none), plus the pid of the process that runs it and its
 * Prometheus {@code /metrics} ({@code null} from a process that serves none).
 */
public record StackAddress(String bootstrapServers, URI s3Endpoint, String bucket, String region, String accessKey,
                           String secretKey, URI queryEndpoint, long pid, URI metricsEndpoint) {}

package dev.pitwall.app.cli;

import dev.pitwall.app.runtime.InProcessPipeline.MetricsPort;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --metrics-port}: where a one-stage command serves Prometheus {@code /metrics} for a scraper.
 * Without it the metrics are still at {@code metricsEndpoint} of {@code stack.json} (loopback, the SQL port).
 */
public final class MetricsOptions {
    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "${env:PITWALL_METRICS_PORT}",
            description = {"Also serve Prometheus metrics at http://HOST:PORT/metrics (env PITWALL_METRICS_PORT; 0 picks a free port).",
                    "Only /metrics is served there, never SQL."})
    Integer port;

    @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = "${env:PITWALL_METRICS_HOST:-0.0.0.0}",
            description = {"Address the --metrics-port server binds (default: ${DEFAULT-VALUE}, so a Prometheus in another",
                    "container can scrape; 127.0.0.1 keeps it on this machine; env PITWALL_METRICS_HOST)."})
    String host;

    /** Null when no port was asked for. */
    MetricsPort metricsPort(CommandLine cl) {
        if (port == null) {
            return null;
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(cl, "--metrics-port " + port + " is not in 0..65535");
        }
        return new MetricsPort(host, port);
    }
}

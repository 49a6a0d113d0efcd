package dev.pitwall.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes. */
public final class CommonOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:PITWALL_DATA_DIR:-pitwall-data}",
            description = "Where the embedded broker, S3 store and DuckDB warehouse keep their state (default: ${DEFAULT-VALUE}; env PITWALL_DATA_DIR).")
    Path dataDir;

    @Option(names = "--verbose", description = "Log more and print stack traces on failure.")
    boolean verbose;

    public Path dataDir() { return dataDir.toAbsolutePath().normalize(); }
    public boolean verbose() { return verbose; }
}

package dev.pitwall.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pitwall.app.sql.QueryClient;
import dev.pitwall.app.stack.StackAddress;
import dev.pitwall.app.stack.StackFile;
import dev.pitwall.app.status.PipelineStatus;
import dev.pitwall.app.status.StatusProbe;
import dev.pitwall.loader.warehouse.QueryResult;
import dev.pitwall.loader.warehouse.Warehouse;
import dev.pitwall.loader.warehouse.Warehouses;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Is the pipeline healthy? Per stage: whether it runs and its consumer lag; per table: the last file loaded",
                "and its age; rejects in the last hour. Reads the running stack of --data-dir, or the services the connection",
                "flags name. Exit code 0 when healthy, 1 when not."})
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ConnectionOptions connection;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        if (!format.equals("table") && !format.equals("json")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format " + format + " is neither table nor json");
        }
        Path dataDir = common.dataDir();
        Optional<StackAddress> running = StackFile.read(dataDir);
        String broker = connection.bootstrapServers != null && !connection.bootstrapServers.isBlank()
                ? connection.bootstrapServers : running.map(StackAddress::bootstrapServers).orElse(null);
        String url = connection.warehouseUrl();
        PipelineStatus status;
        if (running.isPresent() && running.get().queryEndpoint() != null && (url == null || url.isBlank())) {
            java.net.URI endpoint = running.get().queryEndpoint();
            status = StatusProbe.probe(broker, "duckdb via pitwall process " + running.get().pid(), sql -> QueryClient.query(endpoint, sql));
        } else {
            status = probeWarehouse(broker, url, dataDir);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(format.equals("json") ? json(status) : table(status));
        out.flush();
        return status.healthy() ? 0 : 1;
    }

    private PipelineStatus probeWarehouse(String broker, String url, Path dataDir) {
        String warehouseUrl = url == null || url.isBlank() ? null : url;
        if (warehouseUrl == null || warehouseUrl.startsWith("duckdb:")) {
            Path file = Warehouses.duckDbFile(warehouseUrl, dataDir);
            if (!Files.exists(file)) {
                return StatusProbe.probe(broker, "duckdb:" + file + " (absent)", null);
            }
        }
        try (Warehouse warehouse = Warehouses.open(warehouseUrl, dataDir)) {
            Function<String, QueryResult> query = warehouse::query;
            String shown = warehouseUrl == null ? "duckdb:" + Warehouses.duckDbFile(null, dataDir) : warehouseUrl.replaceAll("\\?.*", "");
            return StatusProbe.probe(broker, shown, query);
        }
    }

    static String json(PipelineStatus status) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(status) + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the status as JSON", e);
        }
    }

    static String table(PipelineStatus status) {
        StringBuilder b = new StringBuilder();
        String nl = System.lineSeparator();
        b.append("pitwall ").append(status.healthy() ? "healthy" : "NOT healthy").append(nl);
        b.append(String.format("  broker     %s%n  warehouse  %s%n", status.broker() == null ? "-" : status.broker(), status.warehouse()));
        b.append(String.format("  %-8s %-8s %-16s %8s%n", "stage", "running", "group", "lag"));
        for (PipelineStatus.Stage s : status.stages()) {
            b.append(String.format("  %-8s %-8s %-16s %8s%n", s.stage(), s.running() ? "yes (" + s.members() + ")" : "no",
                    s.group(), s.lag() == null ? "?" : s.lag()));
        }
        if (!status.tables().isEmpty()) {
            b.append(String.format("  %-22s %6s %10s  %s%n", "table", "files", "age", "last file loaded"));
            for (PipelineStatus.TableLoad t : status.tables()) {
                b.append(String.format("  %-22s %6d %10s  %s%n", t.table(), t.files(), age(t.ageSeconds()), t.lastFile()));
            }
        }
        b.append("  rejects in the last hour: ").append(status.rejectsLastHour() == null ? "?" : status.rejectsLastHour()).append(nl);
        status.problems().forEach(p -> b.append("  problem: ").append(p).append(nl));
        return b.toString();
    }

    static String age(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        if (s < 172_800) {
            return s / 3600 + " h";
        }
        return s / 86_400 + " d";
    }
}

package dev.pitwall.app.cli;

import dev.pitwall.app.runtime.InProcessPipeline;
import dev.pitwall.app.sql.OutputFormat;
import dev.pitwall.app.sql.QueryClient;
import dev.pitwall.app.sql.QueryException;
import dev.pitwall.app.sql.ResultFormatter;
import dev.pitwall.app.stack.StackFile;
import dev.pitwall.loader.warehouse.Warehouse;
import dev.pitwall.loader.warehouse.Warehouses;
import dev.pitwall.loader.warehouse.QueryResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run one SQL query against the warehouse.",
                "While `pitwall up` or a replay holds the DuckDB file, the query is sent to that process over loopback;",
                "a postgresql:// warehouse is always queried directly (it serves many readers)."})
public final class SqlCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, csv or json (default: ${DEFAULT-VALUE}).", converter = FormatConverter.class)
    OutputFormat format;

    @Option(names = "--warehouse", paramLabel = "URL", defaultValue = "${env:PITWALL_WAREHOUSE}",
            description = "duckdb:PATH, postgresql://USER@HOST:PORT/DB or snowflake://... as for replay (env PITWALL_WAREHOUSE; "
                    + "PostgreSQL's password from PGPASSWORD or a password file). Default: duckdb:<data-dir>/warehouse.duckdb.")
    String warehouse;

    @Parameters(index = "0", paramLabel = "SQL", description = "The query, e.g. \"select * from analytics.results limit 5\".")
    String sql;

    @Override
    public Integer call() {
        Path dataDir = common.dataDir();
        QueryResult result;
        try {
            // PostgreSQL takes readers beside a writer: only DuckDB's single-writer file needs the running process
            Optional<dev.pitwall.app.stack.StackAddress> running = Warehouses.isPostgres(warehouse)
                    ? Optional.empty() : StackFile.read(dataDir);
            if (running.isPresent()) {
                result = QueryClient.query(running.get().queryEndpoint(), sql);
            } else {
                result = queryWarehouse(dataDir);
            }
        } catch (QueryException e) {
            throw new PitwallException(ErrorCode.SQL_FAILED, e.getMessage(), e);
        }
        spec.commandLine().getOut().print(ResultFormatter.format(result, format));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private QueryResult queryWarehouse(Path dataDir) {
        String url = warehouse == null || warehouse.isBlank() ? null : warehouse;
        if (url == null || url.startsWith("duckdb:")) {
            Path file;
            try {
                file = Warehouses.duckDbFile(url, dataDir);
            } catch (RuntimeException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--warehouse: " + e.getMessage());
            }
            if (!Files.exists(file)) {
                throw new PitwallException(ErrorCode.NO_WAREHOUSE, "no warehouse at " + file);
            }
        }
        try (Warehouse warehouse = Warehouses.open(url, dataDir)) {
            warehouse.migrate();
            return warehouse.query(sql);
        } catch (RuntimeException e) {
            if (e instanceof PitwallException) {
                throw e;
            }
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new PitwallException(ErrorCode.SQL_FAILED, msg.lines().findFirst().orElse(msg), e);
        }
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not one of table, csv, json");
            }
        }
    }
}

package dev.pitwall.app.cli;

import dev.pitwall.app.sql.QueryClient;
import dev.pitwall.app.sql.QueryException;
import dev.pitwall.app.stack.StackAddress;
import dev.pitwall.app.stack.StackFile;
import dev.pitwall.loader.warehouse.QueryResult;
import dev.pitwall.loader.warehouse.Warehouse;
import dev.pitwall.loader.warehouse.Warehouses;
import dev.pitwall.producer.jolpica.SessionRecords;
import dev.pitwall.producer.jolpica.WeekendReader;
import dev.pitwall.producer.source.RaceSource;
import dev.pitwall.producer.source.SourceException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Year;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Reconciles a warehouse with the raw archive it was loaded from: per season, round, session and table
 * the records the archive holds against the rows {@code analytics} shows, with the dead letters and the
 * warnings (fields nulled) of each; and each season's computed final standings against the published
 * ones. Prints only the differences and a one-line total; exits 1 when anything differs.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Reconcile the warehouse with the archive it was loaded from: rows per season, round, session and table,",
                "rejects and warnings, and computed final standings against the published ones.",
                "Prints only the differences and a one-line total; exit code 1 when anything differs."})
public final class VerifyCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    SourceOptions sources;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    ReplayCommand.Seasons seasons;

    @Option(names = "--round", paramLabel = "N", description = "Only this round of a single --season.")
    Integer round;

    @Option(names = "--warehouse", paramLabel = "URL", defaultValue = "${env:PITWALL_WAREHOUSE}",
            description = "duckdb:PATH, postgresql://USER@HOST:PORT/DB or snowflake://... as for replay (env PITWALL_WAREHOUSE). "
                    + "Default: duckdb:<data-dir>/warehouse.duckdb.")
    String warehouse;

    @Option(names = "--skip-standings",
            description = "Do not compare each season's computed final driver standings with the published ones.")
    boolean skipStandings;

    /** Archive table name to the analytics view holding its rows (the views the warehouse answers with). */
    private static final Map<String, String> VIEWS = new LinkedHashMap<>();

    static {
        VIEWS.put(SessionRecords.RESULTS_TABLE, "analytics.results");
        VIEWS.put(SessionRecords.LAPS_TABLE, "analytics.laps");
        VIEWS.put(SessionRecords.QUALIFYING_TABLE, "analytics.qualifying");
        VIEWS.put(SessionRecords.PITSTOPS_TABLE, "analytics.pit_stops");
        VIEWS.put(SessionRecords.DRIVER_STANDINGS_TABLE, "analytics.published_driver_standings");
        VIEWS.put(SessionRecords.CONSTRUCTOR_STANDINGS_TABLE, "analytics.constructor_standings");
    }

    private int first;
    private int last;

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        Path dataDir = common.dataDir();
        try (Query query = query(dataDir)) {
            return verify(query, dataDir, out);
        }
    }

    private int verify(Query query, Path dataDir, PrintWriter out) {
        String range = "season BETWEEN " + first + " AND " + last + (round == null ? "" : " AND round = " + round);

        // analytics rows, rejects and warnings per season/round/session/table
        Map<String, Long> landed = new TreeMap<>();
        Map<String, String> views = new LinkedHashMap<>(VIEWS);
        // the published constructors' standings are analytics.published_constructor_standings once the
        // computed ones took the plain name (migrations of #10); older warehouses have only the plain one
        boolean renamed = !query.run("SELECT table_name FROM information_schema.tables WHERE table_schema = 'analytics' "
                + "AND table_name = 'published_constructor_standings'").rows().isEmpty();
        if (renamed) {
            views.put(SessionRecords.CONSTRUCTOR_STANDINGS_TABLE, "analytics.published_constructor_standings");
        }
        for (Map.Entry<String, String> view : views.entrySet()) {
            boolean sessionless = view.getKey().endsWith("standings");
            String sql = "SELECT season, round, " + (sessionless ? "'R'" : "session") + ", count(*) FROM " + view.getValue()
                    + " WHERE " + range + " GROUP BY 1, 2, 3";
            for (List<Object> row : query.run(sql).rows()) {
                landed.put(key(row.get(0), row.get(1), row.get(2), view.getKey()), asLong(row.get(3)));
            }
        }
        Map<String, Long> errors = new TreeMap<>();
        Map<String, Long> warnings = new TreeMap<>();
        Map<String, String> errorCodes = new TreeMap<>();
        // a record replayed twice is rejected twice: count each distinct record once
        String rejectedSql = "SELECT season, round, session, source_table, coalesce(severity, 'error') AS severity, error_code, "
                + "count(DISTINCT coalesce(record_key, '') || '|' || message || '|' || coalesce(payload, '')) "
                + "FROM staging.rejected WHERE " + range + " GROUP BY 1, 2, 3, 4, 5, 6";
        for (List<Object> row : query.run(rejectedSql).rows()) {
            String key = key(row.get(0), row.get(1), row.get(2), String.valueOf(row.get(3)));
            long n = asLong(row.get(6));
            if ("warning".equals(row.get(4))) {
                warnings.merge(key, n, Long::sum);
            } else {
                errors.merge(key, n, Long::sum);
                errorCodes.merge(key, row.get(5) + " x" + n, (a, b) -> a + ", " + b);
            }
        }

        // the archive's records per season/round/session/table
        Map<String, Long> expected = new TreeMap<>();
        try (RaceSource source = sources.jolpica(dataDir)) {
            WeekendReader reader = new WeekendReader(source);
            for (int season = first; season <= last; season++) {
                List<Integer> rounds;
                try {
                    rounds = round != null ? List.of(round) : reader.rounds(season);
                } catch (SourceException e) {
                    out.println(season + ": not in the archive (" + e.getMessage() + ")");
                    continue;
                }
                for (int r : rounds) {
                    for (SessionRecords s : reader.weekend(season, r, false)) {
                        s.expected().forEach((table, n) -> {
                            if (views.containsKey(table)) {
                                expected.put(key(s.season(), s.round(), s.session(), table), n);
                            }
                        });
                    }
                }
            }
        } catch (SourceException e) {
            throw new PitwallException(ErrorCode.SOURCE_NOT_FOUND, e.getMessage(), e);
        }

        long tables = 0;
        long equal = 0;
        long differences = 0;
        java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(landed.keySet());
        for (String key : keys) {
            long want = expected.getOrDefault(key, 0L);
            long have = landed.getOrDefault(key, 0L);
            long rejected = errors.getOrDefault(key, 0L);
            if (want == 0 && have == 0 && rejected == 0) {
                continue;
            }
            tables++;
            if (want == have && rejected == 0) {
                equal++;
                continue;
            }
            differences++;
            out.println(describe(key) + ": archive " + want + ", analytics " + have
                    + (rejected > 0 ? ", rejected " + rejected + " (" + errorCodes.get(key) + ")" : "")
                    + (!expected.containsKey(key) ? " (not in the archive)" : ""));
        }
        long totalRejected = errors.values().stream().mapToLong(Long::longValue).sum();
        long totalWarnings = warnings.values().stream().mapToLong(Long::longValue).sum();

        String standingsTotal = "";
        if (!skipStandings) {
            int[] tally = compareStandings(query, range, out);
            differences += tally[0] - tally[1];
            standingsTotal = "; final driver standings " + tally[1] + " of " + tally[0] + " seasons equal the published";
        }
        out.println("verify " + (first == last ? Integer.toString(first) : first + ".." + last)
                + (round == null ? "" : " round " + round) + ": " + equal + " of " + tables + " session tables equal the archive, "
                + totalRejected + " rejected, " + totalWarnings + " warnings (fields nulled)" + standingsTotal
                + (differences == 0 ? "; no differences" : "; " + differences + (differences == 1 ? " difference" : " differences")));
        out.flush();
        return differences == 0 ? 0 : 1;
    }

    /**
     * Each season's standings after its last published round, computed against published, driver by driver.
     *
     * @return {seasons compared, seasons equal}
     */
    private static int[] compareStandings(Query query, String range, PrintWriter out) {
        String sql = "SELECT c.season, c.round, c.driver_id, c.computed_points, c.published_points, c.computed_position, "
                + "c.published_position, c.agrees FROM analytics.standings_check c "
                + "JOIN (SELECT season, max(round) AS round FROM analytics.published_driver_standings WHERE " + range
                + " GROUP BY season) f ON f.season = c.season AND f.round = c.round "
                + "ORDER BY c.season, c.published_position NULLS LAST, c.driver_id";
        Map<Integer, List<List<Object>>> bySeason = new TreeMap<>();
        for (List<Object> row : query.run(sql).rows()) {
            bySeason.computeIfAbsent((int) asLong(row.get(0)), s -> new ArrayList<>()).add(row);
        }
        int equal = 0;
        for (Map.Entry<Integer, List<List<Object>>> season : bySeason.entrySet()) {
            List<List<Object>> differing = season.getValue().stream().filter(r -> !Boolean.parseBoolean(String.valueOf(r.get(7)))).toList();
            if (differing.isEmpty()) {
                equal++;
                continue;
            }
            List<String> shown = new ArrayList<>();
            for (List<Object> r : differing.subList(0, Math.min(3, differing.size()))) {
                shown.add(r.get(2) + " computed P" + text(r.get(5)) + " " + text(r.get(3)) + " pts, published P" + text(r.get(6))
                        + " " + text(r.get(4)) + " pts");
            }
            out.println(season.getKey() + " driver standings after round " + season.getValue().get(0).get(1) + ": "
                    + differing.size() + " of " + season.getValue().size() + " drivers differ from the published ("
                    + String.join("; ", shown) + (differing.size() > 3 ? "; ..." : "") + ")");
        }
        return new int[] {bySeason.size(), equal};
    }

    private void validate() {
        CommandLine cl = spec.commandLine();
        int latest = Year.now().getValue() + 1;
        if (seasons.single != null) {
            first = seasons.single;
            last = first;
        } else {
            String[] ends = seasons.range.split("\\.\\.", -1);
            if (ends.length != 2 || !ends[0].matches("\\d{4}") || !ends[1].matches("\\d{4}")) {
                throw new CommandLine.ParameterException(cl, "--seasons " + seasons.range + " is not a range like 1950..2025");
            }
            first = Integer.parseInt(ends[0]);
            last = Integer.parseInt(ends[1]);
            if (first > last) {
                throw new CommandLine.ParameterException(cl, "--seasons " + seasons.range + " runs backwards");
            }
            if (round != null) {
                throw new CommandLine.ParameterException(cl, "--round needs a single --season");
            }
        }
        for (int season : new int[] {first, last}) {
            if (season < ReplayCommand.FIRST_SEASON || season > latest) {
                throw new CommandLine.ParameterException(cl, (seasons.single != null ? "--season " : "--seasons ") + season
                        + " is not a Formula 1 season (" + ReplayCommand.FIRST_SEASON + ".." + latest + ")");
            }
        }
        if (round != null && (round < 1 || round > 40)) {
            throw new CommandLine.ParameterException(cl, "--round " + round + " is out of range 1..40");
        }
        sources.validate(cl);
    }

    /** Runs SQL where the warehouse is: through the process that holds the DuckDB file, else directly. */
    private interface Query extends AutoCloseable {
        QueryResult run(String sql);

        @Override
        void close();
    }

    private Query query(Path dataDir) {
        String url = warehouse == null || warehouse.isBlank() ? null : warehouse;
        Optional<StackAddress> running = Warehouses.isPostgres(url) ? Optional.empty() : StackFile.read(dataDir);
        if (running.isPresent()) {
            return new Query() {
                @Override
                public QueryResult run(String sql) {
                    try {
                        return QueryClient.query(running.get().queryEndpoint(), sql);
                    } catch (QueryException e) {
                        throw new PitwallException(ErrorCode.SQL_FAILED, e.getMessage(), e);
                    }
                }

                @Override
                public void close() {}
            };
        }
        if (url == null || url.startsWith("duckdb:")) {
            Path file = Warehouses.duckDbFile(url, dataDir);
            if (!Files.exists(file)) {
                throw new PitwallException(ErrorCode.NO_WAREHOUSE, "no warehouse at " + file);
            }
        }
        Warehouse w = Warehouses.open(url, dataDir);
        w.migrate();
        return new Query() {
            @Override
            public QueryResult run(String sql) {
                try {
                    return w.query(sql);
                } catch (RuntimeException e) {
                    String msg = e.getMessage() == null ? e.toString() : e.getMessage();
                    throw new PitwallException(ErrorCode.SQL_FAILED, msg.lines().findFirst().orElse(msg), e);
                }
            }

            @Override
            public void close() {
                w.close();
            }
        };
    }

    private static String key(Object season, Object round, Object session, String table) {
        return String.format("%04d/%02d/%s/%s", asLong(season), asLong(round), session, table);
    }

    private static String describe(String key) {
        String[] p = key.split("/");
        return Integer.parseInt(p[0]) + " round " + Integer.parseInt(p[1]) + " " + p[2] + " " + p[3];
    }

    private static long asLong(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        return Long.parseLong(String.valueOf(value));
    }

    private static String text(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Long.toString(n.longValue());
        }
        return String.valueOf(value);
    }
}

package dev.pitwall.loader.testing;

import dev.pitwall.loader.warehouse.QueryResult;
import dev.pitwall.loader.warehouse.Warehouse;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code analytics} views of a warehouse as comparable text, for tests that hold two warehouses
 * (DuckDB, PostgreSQL) to the same answers. In the loader's test-jar, so the app's tests use it too.
 */
public final class AnalyticsViews {
    /** Set by the loader when it loads, so they differ between any two loads of the same files. */
    public static final List<String> LOAD_TIME_COLUMNS = List.of("ingested_at", "loaded_at", "first_loaded_at", "last_loaded_at");

    private static final Comparator<List<String>> ROWS = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Comparator.<String>nullsFirst(Comparator.naturalOrder()).compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private AnalyticsViews() {}

    /** The names of the views in schema {@code analytics}, from the warehouse's own catalog, sorted. */
    public static List<String> names(Warehouse w) {
        return w.query("SELECT table_name FROM information_schema.views WHERE table_schema = 'analytics'")
                .rows().stream().map(r -> r.get(0).toString()).sorted().toList();
    }

    /** Every row of {@code analytics.<view>}, {@link #normalised normalised}. */
    public static List<List<String>> rows(Warehouse w, String view) {
        return normalised(w.query("SELECT * FROM analytics." + view));
    }

    /**
     * Rows as text with the load-time columns left out, sorted on every column: a stable order that
     * needs no ORDER BY, which would sort text by each database's collation. Numbers compare by
     * value, since the same value has different JDBC types in the two databases (a sum is HUGEINT
     * in DuckDB and numeric in PostgreSQL; 26 and 26.00 are the same points).
     */
    public static List<List<String>> normalised(QueryResult result) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < result.columns().size(); i++) {
            if (!LOAD_TIME_COLUMNS.contains(result.columns().get(i))) {
                keep.add(i);
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            List<String> text = new ArrayList<>(keep.size());
            for (int i : keep) {
                text.add(text(row.get(i)));
            }
            rows.add(text);
        }
        rows.sort(ROWS);
        return rows;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }
}

package dev.pitwall.loader.warehouse;

import java.util.List;

/**
 * The answer to an ad-hoc SQL query: column names and rows of JDBC values
 * (String, Long, Integer, Double, BigDecimal, Boolean, java.time types or null).
 */
public record QueryResult(List<String> columns, List<List<Object>> rows) {
    public QueryResult {
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> (List<Object>) java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
    }
}

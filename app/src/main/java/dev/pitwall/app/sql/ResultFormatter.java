package dev.pitwall.app.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pitwall.loader.warehouse.QueryResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prints a query result for people or for other tools. Every format ends with a newline.
 * <ul>
 *   <li>TABLE: columns padded to their widest value, numbers right-aligned, NULL shown as {@code NULL},
 *       a {@code (N rows)} footer ({@code (1 row)} for one).</li>
 *   <li>CSV: RFC 4180 quoting (fields with a comma, quote or line break are quoted, quotes doubled),
 *       header first, NULL empty and the empty string {@code ""}; lines end with {@code \n} as in
 *       {@code psql --csv} and {@code duckdb -csv}.</li>
 *   <li>JSON: an array with one object per row, one row per line; numbers as JSON numbers.</li>
 * </ul>
 * Decimals are printed plainly (never {@code 1E+1}) and date/time values in ISO 8601.
 */
public final class ResultFormatter {
    private static final JsonFactory JSON = new JsonFactory();

    private ResultFormatter() {}

    public static String format(QueryResult r, OutputFormat f) {
        return switch (f) {
            case TABLE -> table(r);
            case CSV -> csv(r);
            case JSON -> json(r);
        };
    }

    private static String table(QueryResult r) {
        int n = r.columns().size();
        List<String[]> cells = new ArrayList<>();
        boolean[] numeric = new boolean[n];
        boolean[] anyValue = new boolean[n];
        Arrays.fill(numeric, true);
        int[] width = new int[n];
        for (int c = 0; c < n; c++) {
            width[c] = r.columns().get(c).length();
        }
        for (List<Object> row : r.rows()) {
            String[] text = new String[n];
            for (int c = 0; c < n; c++) {
                Object value = c < row.size() ? row.get(c) : null;
                String s = CellText.of(value);
                text[c] = s == null ? "NULL" : printable(s);
                if (value != null) {
                    anyValue[c] = true;
                    numeric[c] &= value instanceof Number;
                }
                width[c] = Math.max(width[c], text[c].length());
            }
            cells.add(text);
        }
        StringBuilder out = new StringBuilder();
        if (n > 0) {
            StringBuilder header = new StringBuilder();
            StringBuilder rule = new StringBuilder();
            for (int c = 0; c < n; c++) {
                if (c > 0) {
                    header.append(" | ");
                    rule.append("-+-");
                }
                header.append(pad(r.columns().get(c), width[c], numeric[c] && anyValue[c]));
                rule.append("-".repeat(width[c]));
            }
            line(out, header);
            line(out, rule);
            for (int i = 0; i < cells.size(); i++) {
                List<Object> row = r.rows().get(i);
                StringBuilder text = new StringBuilder();
                for (int c = 0; c < n; c++) {
                    if (c > 0) {
                        text.append(" | ");
                    }
                    Object value = c < row.size() ? row.get(c) : null;
                    text.append(pad(cells.get(i)[c], width[c], value instanceof Number || (value == null && numeric[c] && anyValue[c])));
                }
                line(out, text);
            }
        }
        int rows = r.rows().size();
        out.append('(').append(rows).append(rows == 1 ? " row)" : " rows)").append('\n');
        return out.toString();
    }

    private static void line(StringBuilder out, CharSequence text) {
        out.append(text.toString().stripTrailing()).append('\n');
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }

    /** Line breaks and tabs inside a value would break the table's alignment. */
    private static String printable(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    private static String csv(QueryResult r) {
        StringBuilder out = new StringBuilder();
        appendCsvLine(out, new ArrayList<Object>(r.columns()));
        for (List<Object> row : r.rows()) {
            appendCsvLine(out, row);
        }
        return out.toString();
    }

    private static void appendCsvLine(StringBuilder out, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String s = CellText.of(values.get(i));
            if (s == null) {
                continue;
            }
            if (s.isEmpty() || s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                out.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                out.append(s);
            }
        }
        out.append('\n');
    }

    private static String json(QueryResult r) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < r.rows().size(); i++) {
            out.append(i == 0 ? "\n  " : ",\n  ").append(jsonObject(r.columns(), r.rows().get(i)));
        }
        return out.append(r.rows().isEmpty() ? "]\n" : "\n]\n").toString();
    }

    private static String jsonObject(List<String> columns, List<Object> row) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (int c = 0; c < columns.size(); c++) {
                g.writeFieldName(columns.get(c));
                ResultJson.value(g, c < row.size() ? row.get(c) : null);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}

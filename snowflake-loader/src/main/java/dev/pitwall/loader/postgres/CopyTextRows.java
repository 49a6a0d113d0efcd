package dev.pitwall.loader.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitwall.loader.warehouse.StagingTable;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.postgresql.copy.CopyIn;

/**
 * Turns a sink object (gzip JSON lines) into the rows of one {@code COPY staging.<table> FROM STDIN}
 * in PostgreSQL's text format, streamed in 64 KiB chunks: the server parses and types every value,
 * as DuckDB's {@code read_json} does for the other warehouse. Fields the table does not know are
 * skipped and missing ones are NULL, also as there; {@code _row} numbers the lines from 1.
 */
final class CopyTextRows {
    private static final JsonFactory JSON = new ObjectMapper().getFactory();
    private static final int CHUNK = 64 * 1024;

    private final StagingTable table;
    private final List<String> columns;
    private final String[] types;
    private final Map<String, Integer> index = new HashMap<>();

    CopyTextRows(StagingTable table) {
        this.table = table;
        this.columns = table.lineColumnNames();
        this.types = table.lineColumns().values().toArray(String[]::new);
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
    }

    String copySql() {
        return "COPY " + table.qualifiedName() + " (" + String.join(", ", columns) + ", ingested_at, _file, _row) FROM STDIN";
    }

    /**
     * Streams every line of {@code gzipJsonLines} into {@code copy}; the caller ends or cancels it.
     *
     * @param ingestedAt the transaction's timestamp as the server prints it, the same for every row
     * @return the lines written
     * @throws MalformedLineException when a line is not one JSON object
     */
    long write(CopyIn copy, Path gzipJsonLines, String objectKey, String ingestedAt) throws IOException, SQLException {
        String lineage = "\t" + escape(ingestedAt) + "\t" + escape(objectKey) + "\t";
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(CHUNK + 4096);
        StringBuilder row = new StringBuilder(512);
        String[] values = new String[columns.size()];
        long rows = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gzipJsonLines), CHUNK), StandardCharsets.UTF_8), CHUNK)) {
            String line;
            long lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                parse(line, values, lineNumber);
                rows++;
                row.setLength(0);
                for (int i = 0; i < values.length; i++) {
                    if (i > 0) {
                        row.append('\t');
                    }
                    if (values[i] == null) {
                        row.append("\\N");
                    } else {
                        appendEscaped(row, values[i]);
                    }
                }
                row.append(lineage).append(rows).append('\n');
                chunk.writeBytes(row.toString().getBytes(StandardCharsets.UTF_8));
                if (chunk.size() >= CHUNK) {
                    copy.writeToCopy(chunk.toByteArray(), 0, chunk.size());
                    chunk.reset();
                }
            }
        }
        if (chunk.size() > 0) {
            copy.writeToCopy(chunk.toByteArray(), 0, chunk.size());
        }
        return rows;
    }

    private void parse(String line, String[] values, long lineNumber) throws IOException {
        java.util.Arrays.fill(values, null);
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedLineException(lineNumber, "not a JSON object");
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                Integer i = index.get(p.currentName());
                JsonToken value = p.nextToken();
                if (i == null) {
                    p.skipChildren();
                    continue;
                }
                values[i] = text(p, value, types[i]);
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new MalformedLineException(lineNumber, "not one JSON object");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedLineException(lineNumber, e.getOriginalMessage());
        }
    }

    private static String text(JsonParser p, JsonToken token, String type) throws IOException {
        switch (token) {
            case VALUE_NULL:
                return null;
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NUMBER_FLOAT:
                // DuckDB casts 3.0 to an INTEGER column; PostgreSQL's integer input would refuse it
                if (type.equals("INTEGER") || type.equals("BIGINT")) {
                    return p.getDecimalValue().setScale(0, RoundingMode.HALF_UP).toPlainString();
                }
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getText();
            case VALUE_STRING:
                return type.equals("TIMESTAMP") ? utc(p.getText()) : p.getText();
            case START_OBJECT:
            case START_ARRAY:
                return p.readValueAsTree().toString();
            default:
                throw new MalformedLineException(0, "unexpected " + token);
        }
    }

    /**
     * TIMESTAMP columns mean UTC (OpenF1 sends {@code ...Z} or {@code +00:00}): shift any offset to
     * UTC as DuckDB does, where PostgreSQL's timestamp input would drop the offset.
     */
    private static String utc(String text) {
        try {
            return OffsetDateTime.parse(text.replace(' ', 'T'), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().toString();
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        appendEscaped(b, text);
        return b.toString();
    }

    private static void appendEscaped(StringBuilder b, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
    }

    /** A line that is not one JSON object: the file cannot load. */
    static final class MalformedLineException extends IOException {
        MalformedLineException(long line, String why) {
            super("line " + line + " is not a JSON object of the file's table (" + why + ")");
        }
    }
}

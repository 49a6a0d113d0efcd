package dev.pitwall.loader.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A loopback HTTP endpoint speaking the part of Snowflake's protocol snowflake-jdbc uses: login,
 * query requests answered with JSON rowsets, logout. It records every statement in order and keeps
 * just enough state (the manifest, applied migrations, transaction) to answer the loader's
 * queries. It checks the protocol, never Snowflake's SQL semantics.
 */
final class LocalSnowflake implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SELECT = 4096, INSERT = 12544, COPY = 13824, TCL = 20480, DDL = 24576;

    /** What COPY reports for one file; {@code rowsLoaded} below the file's lines means a partial load. */
    record CopyReport(String status, long rowsParsed, long rowsLoaded, long errorsSeen, String firstError) {}

    private final HttpServer server;
    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final List<String> describes = new CopyOnWriteArrayList<>();
    private final Map<String, CopyReport> copyReports = new LinkedHashMap<>();
    private final Set<String> manifest = new HashSet<>();
    private final Set<String> pendingManifest = new HashSet<>();
    private final Map<Integer, String> migrations = new LinkedHashMap<>();
    private final Map<Integer, String> pendingMigrations = new LinkedHashMap<>();
    private volatile String rejectLogin;
    private volatile long stallMillis;
    private volatile String stallOn;
    private final java.util.concurrent.atomic.AtomicInteger stalls = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int logins;

    LocalSnowflake() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves another part of the service (Snowpipe's REST API) on the same address, as Snowflake does. */
    void mount(String pathPrefix, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(pathPrefix, handler);
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> statements() {
        return List.copyOf(statements);
    }

    /** Statements the driver only described (before a JDBC batch), never ran. */
    List<String> describes() {
        return List.copyOf(describes);
    }

    void clearStatements() {
        statements.clear();
    }

    synchronized Set<String> manifest() {
        return Set.copyOf(manifest);
    }

    int logins() {
        return logins;
    }

    synchronized void reportCopy(String key, CopyReport report) {
        copyReports.put(key, report);
    }

    /** Answers every login with Snowflake's error for a bad JWT while set. */
    void rejectLogins(String message) {
        rejectLogin = message;
    }

    /** Holds the next {@code times} requests whose SQL starts with {@code prefix} for {@code millis}, as a hung service would. */
    void stall(String prefix, long millis, int times) {
        stallOn = prefix;
        stallMillis = millis;
        stalls.set(times);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            JsonNode body = body(exchange);
            ObjectNode reply;
            if (path.equals("/session/v1/login-request")) {
                reply = login(body);
            } else if (path.equals("/queries/v1/query-request") && body.path("describeOnly").asBoolean()) {
                // The driver describes a statement before running a JDBC batch of it; nothing runs. Snowflake
                // says an INSERT takes array bindings, so the driver sends the whole batch in one request.
                String sql = body.path("sqlText").asText();
                describes.add(sql);
                reply = updated(INSERT, 0);
                ((ObjectNode) reply.path("data")).put("numberOfBinds", sql.chars().filter(ch -> ch == '?').count())
                        .put("arrayBindSupported", sql.strip().toUpperCase(java.util.Locale.ROOT).startsWith("INSERT"));
            } else if (path.equals("/queries/v1/query-request")) {
                reply = query(body.path("sqlText").asText(), body.path("bindings"));
            } else {
                reply = ok(JSON.createObjectNode());
            }
            byte[] bytes = JSON.writeValueAsBytes(reply);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException | RuntimeException e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private ObjectNode login(JsonNode body) {
        logins++;
        if (rejectLogin != null) {
            ObjectNode reply = JSON.createObjectNode();
            reply.putObject("data").put("authnMethod", "KEYPAIR_JWT");
            reply.put("code", "390144").put("message", rejectLogin).put("success", false);
            return reply;
        }
        ObjectNode data = JSON.createObjectNode();
        data.put("token", "session-token").put("masterToken", "master-token")
                .put("validityInSeconds", 3600).put("masterValidityInSeconds", 14400)
                .put("sessionId", 1).put("serverVersion", "9.0.0").put("healthCheckInterval", 45);
        data.putArray("parameters").addObject().put("name", "AUTOCOMMIT").put("value", true);
        JsonNode client = body.path("data");
        data.putObject("sessionInfo").put("databaseName", client.path("SESSION_PARAMETERS").path("db").asText("DB"));
        return ok(data);
    }

    private ObjectNode query(String sql, JsonNode bindings) {
        statements.add(bound(sql, bindings));
        if (stallOn != null && sql.startsWith(stallOn) && stalls.getAndDecrement() > 0) {
            try {
                Thread.sleep(stallMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String upper = sql.strip().toUpperCase(java.util.Locale.ROOT);
        synchronized (this) {
            if (upper.startsWith("SELECT OBJECT_KEY FROM STAGING.LOADED_FILES")) {
                List<List<String>> rows = new ArrayList<>();
                for (int i = 1; i <= bindings.size(); i++) {
                    if (manifest.contains(binding(bindings, i))) {
                        rows.add(List.of(binding(bindings, i)));
                    }
                }
                return rows(SELECT, List.of("OBJECT_KEY"), rows);
            }
            if (upper.startsWith("SELECT COUNT(*) FROM STAGING.LOADED_FILES")) {
                return rows(SELECT, List.of("COUNT(*)"), List.of(List.of(manifest.contains(binding(bindings, 1)) ? "1" : "0")));
            }
            if (upper.startsWith("SELECT VERSION, SHA256 FROM PITWALL_SCHEMA_VERSION")) {
                List<List<String>> rows = new ArrayList<>();
                migrations.forEach((v, sha) -> rows.add(List.of(Integer.toString(v), sha)));
                return rows(SELECT, List.of("VERSION", "SHA256"), rows);
            }
            if (upper.startsWith("INSERT INTO PITWALL_SCHEMA_VERSION")) {
                pendingMigrations.put(Integer.parseInt(binding(bindings, 1)), binding(bindings, 3));
                return updated(INSERT, 1);
            }
            if (upper.startsWith("INSERT INTO STAGING.LOADED_FILES")) {
                // A JDBC batch arrives as one request with array bindings: one value per row.
                List<String> keys = values(bindings, 1);
                pendingManifest.addAll(keys);
                return updated(INSERT, keys.size());
            }
            if (upper.startsWith("COPY INTO")) {
                return copy(sql);
            }
            if (upper.equals("COMMIT")) {
                manifest.addAll(pendingManifest);
                migrations.putAll(pendingMigrations);
                pendingManifest.clear();
                pendingMigrations.clear();
                return updated(TCL, 0);
            }
            if (upper.equals("ROLLBACK")) {
                pendingManifest.clear();
                pendingMigrations.clear();
                return updated(TCL, 0);
            }
        }
        return rows(DDL, List.of("status"), List.of(List.of("Statement executed successfully.")));
    }

    private ObjectNode copy(String sql) {
        String files = sql.substring(sql.indexOf("FILES = (") + "FILES = (".length());
        files = files.substring(0, files.indexOf(')'));
        List<List<String>> rows = new ArrayList<>();
        for (String quoted : files.split(", ")) {
            String key = quoted.substring(1, quoted.length() - 1);
            CopyReport r = copyReports.getOrDefault(key, new CopyReport("LOADED", 0, 0, 0, null));
            List<String> row = new ArrayList<>();
            row.add("s3://pitwall/" + key);
            row.add(r.status());
            row.add(Long.toString(r.rowsParsed()));
            row.add(Long.toString(r.rowsLoaded()));
            row.add("1");
            row.add(Long.toString(r.errorsSeen()));
            row.add(r.firstError());
            rows.add(row);
        }
        return rows(COPY, List.of("file", "status", "rows_parsed", "rows_loaded", "error_limit", "errors_seen", "first_error"), rows);
    }

    private static ObjectNode rows(long type, List<String> columns, List<? extends List<String>> rows) {
        ObjectNode data = JSON.createObjectNode();
        ArrayNode rowtype = data.putArray("rowtype");
        for (String column : columns) {
            boolean numeric = column.startsWith("COUNT") || column.equals("VERSION") || column.startsWith("rows_")
                    || column.startsWith("error");
            ObjectNode c = rowtype.addObject().put("name", column).put("nullable", true);
            if (numeric && !column.equals("first_error")) {
                c.put("type", "fixed").put("precision", 18).put("scale", 0);
            } else {
                c.put("type", "text").put("length", 16777216).put("byteLength", 16777216);
            }
        }
        ArrayNode rowset = data.putArray("rowset");
        for (List<String> row : rows) {
            ArrayNode r = rowset.addArray();
            row.forEach(r::add);
        }
        data.put("total", rows.size()).put("returned", rows.size()).put("queryId", "01b2c3d4-0000-0000-0000-000000000001")
                .put("statementTypeId", type).put("queryResultFormat", "json");
        data.putArray("parameters");
        return ok(data);
    }

    private static ObjectNode updated(long type, long count) {
        return rows(type, List.of("number of rows inserted"), List.of(List.of(Long.toString(count))));
    }

    private static ObjectNode ok(ObjectNode data) {
        ObjectNode reply = JSON.createObjectNode();
        reply.set("data", data);
        reply.putNull("code");
        reply.putNull("message");
        reply.put("success", true);
        return reply;
    }

    private static String binding(JsonNode bindings, int index) {
        return bindings.path(Integer.toString(index)).path("value").asText();
    }

    /** The values bound to one parameter: one, or one per row of an array-bound batch. */
    private static List<String> values(JsonNode bindings, int index) {
        JsonNode value = bindings.path(Integer.toString(index)).path("value");
        List<String> values = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> values.add(v.asText()));
        } else {
            values.add(value.asText());
        }
        return values;
    }

    /**
     * The statement as the tests read it: SQL, then its bound values in order; an array-bound batch
     * shows each row's values in order, as {@code [[row 1], [row 2]]}.
     */
    private static String bound(String sql, JsonNode bindings) {
        if (bindings == null || bindings.isMissingNode() || bindings.isNull() || bindings.size() == 0) {
            return sql;
        }
        if (bindings.path("1").path("value").isArray()) {
            List<List<String>> rows = new ArrayList<>();
            for (int i = 1; i <= bindings.size(); i++) {
                List<String> column = values(bindings, i);
                for (int r = 0; r < column.size(); r++) {
                    if (rows.size() <= r) {
                        rows.add(new ArrayList<>());
                    }
                    rows.get(r).add(column.get(r));
                }
            }
            return sql + " " + rows;
        }
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= bindings.size(); i++) {
            values.add(binding(bindings, i));
        }
        return sql + " " + values;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            }
        }
        return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

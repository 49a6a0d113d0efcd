package dev.pitwall.loader.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Snowpipe's REST API on the {@link LocalSnowflake} address: {@code insertFiles}, {@code insertReport}
 * and {@code loadHistoryScan}. It verifies the key-pair JWT (RS256 signature with the user's public
 * key, issuer, subject, expiry) on every request and answers 401 as Snowflake does when it fails.
 * Each submitted file is reported LOAD_IN_PROGRESS, then with its scripted outcome on a later report;
 * a file without a script is never reported. A file already loaded is skipped, as Snowpipe's load history does.
 */
final class LocalSnowpipe implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("/v1/data/pipes/([^/]+)/(insertFiles|insertReport|loadHistoryScan)");

    /** What the pipe reports for one file once it finishes. */
    record Outcome(String status, long rowsParsed, long rowsInserted, long errorsSeen, String firstError, Long firstErrorLine) {
        static Outcome loaded(long rows) {
            return new Outcome("LOADED", rows, rows, 0, null, null);
        }
    }

    private final String account;
    private final String user;
    private volatile PublicKey trusted;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Outcome> scripts = new HashMap<>();
    private final List<ObjectNode> events = new ArrayList<>();
    private final Set<String> inProgress = new LinkedHashSet<>();
    private final Set<String> reportedInProgress = new java.util.HashSet<>();
    private final Map<String, ObjectNode> loadHistory = new LinkedHashMap<>();
    private final Map<String, String> pipeOfFile = new HashMap<>();

    LocalSnowpipe(String account, String user, PublicKey trusted) {
        this.account = account.toUpperCase(Locale.ROOT);
        this.user = user.toUpperCase(Locale.ROOT);
        this.trusted = trusted;
    }

    /** Verifies JWTs against another key from now on, so the loader's key is refused. */
    void trust(PublicKey key) {
        trusted = key;
    }

    synchronized void script(String objectKey, Outcome outcome) {
        scripts.put(objectKey, outcome);
    }

    /** A file the pipe loaded in an earlier run (within its 14-day load history). */
    synchronized void loadedEarlier(String pipe, String objectKey, long rows) {
        loadHistory.put(objectKey, entry(objectKey, Outcome.loaded(rows)));
        pipeOfFile.put(objectKey, pipe);
    }

    /** Every request in order, as "METHOD /path", with the pipe and submitted files for insertFiles. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher m = PATH.matcher(path);
            String refusal = jwtProblem(exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("X-Snowflake-Authorization-Token-Type"));
            if (refusal != null || !m.matches()) {
                requests.add(exchange.getRequestMethod() + " " + path + (refusal == null ? "" : " refused: " + refusal));
                ObjectNode error = JSON.createObjectNode().putNull("data").put("code", m.matches() ? "390144" : "404")
                        .put("message", m.matches() ? "JWT token is invalid." : "no such endpoint").put("success", false);
                error.putNull("headers");
                send(exchange, m.matches() ? 401 : 404, error);
                return;
            }
            String pipe = m.group(1);
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            switch (m.group(2)) {
                case "insertFiles" -> {
                    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                    List<String> files = new ArrayList<>();
                    body.path("files").forEach(f -> files.add(f.path("path").asText()));
                    requests.add("POST " + path + " " + files);
                    send(exchange, 200, insertFiles(pipe, files, query.get("requestId")));
                }
                case "insertReport" -> {
                    requests.add("GET " + path);
                    send(exchange, 200, insertReport(pipe, query.get("beginMark")));
                }
                default -> {
                    requests.add("GET " + path);
                    send(exchange, 200, loadHistoryScan(pipe, query));
                }
            }
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private synchronized ObjectNode insertFiles(String pipe, List<String> files, String requestId) {
        ObjectNode reply = JSON.createObjectNode().put("requestId", requestId).put("responseCode", "SUCCESS");
        ArrayNode skipped = reply.putArray("skippedFiles");
        for (String file : files) {
            if (loadHistory.containsKey(file) || inProgress.contains(file)) {
                skipped.add(file);
                continue;
            }
            pipeOfFile.put(file, pipe);
            inProgress.add(file);
            events.add(entry(file, new Outcome("LOAD_IN_PROGRESS", 0, 0, 0, null, null)));
        }
        return reply;
    }

    private synchronized ObjectNode insertReport(String pipe, String beginMark) {
        settle(pipe);
        int from = beginMark == null ? 0 : Integer.parseInt(beginMark);
        ObjectNode reply = JSON.createObjectNode().put("pipe", pipe).put("completeResult", true)
                .put("nextBeginMark", Integer.toString(events.size()));
        ArrayNode files = reply.putArray("files");
        events.subList(Math.min(from, events.size()), events.size()).forEach(files::add);
        return reply;
    }

    /** Finishes the pipe's files that have a scripted outcome. */
    private void settle(String pipe) {
        for (String file : List.copyOf(inProgress)) {
            Outcome outcome = scripts.get(file);
            if (!pipe.equals(pipeOfFile.get(file)) || reportedInProgress.add(file)) {
                continue;
            }
            if (outcome != null) {
                inProgress.remove(file);
                ObjectNode entry = entry(file, outcome);
                events.add(entry);
                if (outcome.status().equals("LOADED")) {
                    loadHistory.put(file, entry);
                }
            }
        }
    }

    private synchronized ObjectNode loadHistoryScan(String pipe, Map<String, String> query) {
        settle(pipe);
        ObjectNode reply = JSON.createObjectNode().put("pipe", pipe).put("completeResult", true)
                .put("startTimeInclusive", query.get("startTimeInclusive")).put("endTimeExclusive", query.get("endTimeExclusive"));
        ArrayNode files = reply.putArray("files");
        loadHistory.forEach((file, entry) -> {
            if (pipe.equals(pipeOfFile.get(file))) {
                files.add(entry);
            }
        });
        return reply;
    }

    private static ObjectNode entry(String file, Outcome outcome) {
        String now = Instant.now().toString();
        ObjectNode e = JSON.createObjectNode().put("path", file).put("stageLocation", "s3://pitwall-batches/")
                .put("fileSize", 4096).put("timeReceived", now).put("lastInsertTime", now)
                .put("rowsInserted", outcome.rowsInserted()).put("rowsParsed", outcome.rowsParsed())
                .put("errorsSeen", outcome.errorsSeen()).put("errorLimit", 1)
                .put("complete", !outcome.status().equals("LOAD_IN_PROGRESS")).put("status", outcome.status());
        if (outcome.firstError() != null) {
            e.put("firstError", outcome.firstError()).put("firstErrorLineNum", outcome.firstErrorLine())
                    .put("firstErrorCharacterPos", 1).put("firstErrorColumnName", "\"RESULTS\"[\"POSITION\":9]");
        }
        return e;
    }

    /** Null when the bearer is a JWT this key signed for this account and user and not expired; otherwise why not. */
    private String jwtProblem(String authorization, String tokenType) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "no bearer token";
        }
        if (!"KEYPAIR_JWT".equals(tokenType)) {
            return "token type " + tokenType;
        }
        String[] parts = authorization.substring(7).strip().split("\\.");
        if (parts.length != 3) {
            return "not a JWT";
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            JsonNode header = JSON.readTree(b64.decode(parts[0]));
            JsonNode claims = JSON.readTree(b64.decode(parts[1]));
            if (!"RS256".equals(header.path("alg").asText())) {
                return "alg " + header.path("alg").asText();
            }
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(trusted);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(b64.decode(parts[2]))) {
                return "signature does not match the user's public key";
            }
            String fingerprint = "SHA256:" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(trusted.getEncoded()));
            String subject = account + "." + user;
            if (!claims.path("iss").asText().equals(subject + "." + fingerprint)) {
                return "issuer " + claims.path("iss").asText();
            }
            if (!claims.path("sub").asText().equals(subject)) {
                return "subject " + claims.path("sub").asText();
            }
            if (claims.path("exp").asLong() <= Instant.now().getEpochSecond()) {
                return "expired";
            }
            return null;
        } catch (Exception e) {
            return "unreadable JWT: " + e.getClass().getSimpleName();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}

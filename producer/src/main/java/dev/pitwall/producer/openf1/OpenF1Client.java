package dev.pitwall.producer.openf1;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pitwall.producer.http.ClientSettings;
import dev.pitwall.producer.http.RateLimit;
import dev.pitwall.producer.http.RequestPacer;
import dev.pitwall.producer.http.RequestTries;
import dev.pitwall.producer.source.SourceException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GETs OpenF1 endpoints ({@code <base>/<endpoint>?<params>}, JSON array answers) politely and with
 * the account's token. Every request start, the login included, passes the host's {@link RateLimit}
 * ({@link RateLimit#openF1()} by default); a 429 waits as long as its {@code Retry-After} says; 5xx,
 * timeouts, resets and truncated or invalid JSON are retried with exponential backoff and jitter.
 * Both budgets are bounded; when one runs out the request fails with one line naming the URL.
 *
 * <p>With a login ({@link OpenF1Auth#password}) the token is fetched from {@code <scheme://host>/token},
 * renewed shortly before it expires, and once more when a request answers 401. The token and
 * password never appear in a log line or an exception message.
 */
public final class OpenF1Client {
    private static final Logger LOG = LoggerFactory.getLogger(OpenF1Client.class);
    public static final URI DEFAULT_BASE = URI.create("https://api.openf1.org/v1");
    static final String USER_AGENT = "pitwall/0.1";
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** One query filter, OpenF1 style: {@code name=value}, {@code name>value}, {@code name>=value}, ... */
    public record Param(String name, String operator, String value) {
        public Param {
            if (!List.of("=", ">", ">=", "<", "<=").contains(operator)) {
                throw new IllegalArgumentException("unknown OpenF1 filter operator " + operator);
            }
        }

        public static Param eq(String name, Object value) {
            return new Param(name, "=", String.valueOf(value));
        }

        /** {@code name>instant}, the instant written as UTC without offset. */
        public static Param after(String name, Instant instant) {
            return new Param(name, ">", OpenF1Dates.forQuery(instant));
        }

        String encoded() {
            String op = operator.equals("=") ? "=" : URLEncoder.encode(operator, StandardCharsets.UTF_8);
            return URLEncoder.encode(name, StandardCharsets.UTF_8) + op + URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    /** A 2xx answer: the URL, the body as received (for the archive) and its objects in order. */
    public record Response(String url, byte[] body, List<JsonNode> objects) {}

    private final URI base;
    private final OpenF1Auth auth;
    private final ClientSettings settings;
    private final HttpClient http;
    private final RequestPacer pacer;
    private final URI tokenUri;
    private String accessToken;
    private long refreshAtNanos;

    /** @param settings e.g. {@link ClientSettings#openF1()} */
    public OpenF1Client(URI base, OpenF1Auth auth, ClientSettings settings) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.auth = auth;
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.pacer = new RequestPacer(settings.rateLimit());
        this.tokenUri = URI.create(this.base.getScheme() + "://" + this.base.getRawAuthority() + "/token");
    }

    /** Anonymous, default settings, against {@link #DEFAULT_BASE}. */
    public static OpenF1Client anonymous() {
        return new OpenF1Client(DEFAULT_BASE, OpenF1Auth.anonymous(), ClientSettings.openF1());
    }

    public URI base() {
        return base;
    }

    public OpenF1Auth auth() {
        return auth;
    }

    public ClientSettings settings() {
        return settings;
    }

    /** The URL of {@code endpoint} with {@code params}, as requested. */
    public URI uri(String endpoint, List<Param> params) {
        StringBuilder url = new StringBuilder(base.toString()).append('/').append(endpoint);
        for (int i = 0; i < params.size(); i++) {
            url.append(i == 0 ? '?' : '&').append(params.get(i).encoded());
        }
        return URI.create(url.toString());
    }

    /**
     * @return the objects of a 2xx JSON array answer; OpenF1's 404 "No results found" counts as an empty array
     * @throws SourceException one line naming the URL when the request fails for good
     */
    public synchronized Response get(String endpoint, List<Param> params) {
        URI uri = uri(endpoint, params);
        RequestTries tries = new RequestTries(uri, settings, pacer, LOG);
        boolean renewed = false;
        while (true) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
                        .header("User-Agent", USER_AGENT).header("Accept", "application/json").GET();
                String bearer = bearer();
                if (bearer != null) {
                    request.header("Authorization", "Bearer " + bearer);
                }
                pacer.acquire();
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    Optional<List<JsonNode>> objects = parseArray(response.body());
                    if (objects.isPresent()) {
                        return new Response(uri.toString(), response.body(), objects.get());
                    }
                    tries.failed("invalid JSON (" + response.body().length + " bytes)", SourceException.Kind.BAD_RESPONSE);
                } else if (status == 404 && noResults(response.body())) {
                    return new Response(uri.toString(), "[]".getBytes(StandardCharsets.UTF_8), List.of());
                } else if (status == 401) {
                    if (auth.kind() != OpenF1Auth.Kind.PASSWORD || renewed) {
                        throw new SourceException(SourceException.Kind.BAD_RESPONSE, "HTTP 401 from " + uri + " (" + unauthorizedHint() + ")");
                    }
                    LOG.info("HTTP 401 from {}: logging in again", uri);
                    accessToken = null;
                    renewed = true;
                } else {
                    tries.unexpected(response);
                }
            } catch (IOException e) {
                tries.failed(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(SourceException.Kind.UNREACHABLE, "interrupted while fetching " + uri, e);
            }
        }
    }

    private String unauthorizedHint() {
        return switch (auth.kind()) {
            case ANONYMOUS -> "OpenF1 needs an account for this: set " + OpenF1Auth.TOKEN_ENV + " or "
                    + OpenF1Auth.USERNAME_ENV + " and " + OpenF1Auth.PASSWORD_ENV;
            case TOKEN -> "the access token in " + OpenF1Auth.TOKEN_ENV + " was refused";
            case PASSWORD -> "refused even with a fresh token for " + auth.username();
        };
    }

    /** The token to send, logging in first when there is none or it is about to expire; null when anonymous. */
    private String bearer() throws InterruptedException {
        return switch (auth.kind()) {
            case ANONYMOUS -> null;
            case TOKEN -> auth.staticToken();
            case PASSWORD -> {
                if (accessToken == null || System.nanoTime() - refreshAtNanos >= 0) {
                    login();
                }
                yield accessToken;
            }
        };
    }

    private void login() throws InterruptedException {
        String form = "username=" + URLEncoder.encode(auth.username(), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(auth.password(), StandardCharsets.UTF_8);
        String who = "OpenF1 login as " + auth.username() + " at " + tokenUri;
        RequestTries tries = new RequestTries(tokenUri, settings, pacer, LOG).namedAs(who);
        while (true) {
            try {
                HttpRequest request = HttpRequest.newBuilder(tokenUri).timeout(settings.requestTimeout())
                        .header("User-Agent", USER_AGENT).header("Accept", "application/json")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
                pacer.acquire();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    JsonNode body = parse(response.body());
                    String token = body == null ? null : body.path("access_token").asText(null);
                    if (token != null && !token.isBlank()) {
                        long expiresIn = Math.max(1, body.path("expires_in").asLong(3600));
                        // renew a little before expiry: a quarter of the lifetime, at most a minute early
                        long marginMillis = Math.min(60_000, expiresIn * 1000 / 4);
                        accessToken = token;
                        refreshAtNanos = System.nanoTime() + Duration.ofMillis(expiresIn * 1000 - marginMillis).toNanos();
                        LOG.info("{}: token valid for {} s", who, expiresIn);
                        return;
                    }
                    tries.failed("an answer without access_token", SourceException.Kind.BAD_RESPONSE);
                } else if (status == 429 || status >= 500) {
                    tries.unexpected(response);
                } else {
                    throw new SourceException(SourceException.Kind.BAD_RESPONSE, who + " was refused: HTTP " + status
                            + " (check " + OpenF1Auth.USERNAME_ENV + " and " + OpenF1Auth.PASSWORD_ENV + ")");
                }
            } catch (IOException e) {
                tries.failed(e);
            }
        }
    }

    static Optional<List<JsonNode>> parseArray(byte[] body) {
        JsonNode node = parse(body);
        if (node == null || !node.isArray()) {
            return Optional.empty();
        }
        List<JsonNode> objects = new ArrayList<>(node.size());
        for (JsonNode object : node) {
            if (!object.isObject()) {
                return Optional.empty();
            }
            objects.add(object);
        }
        return Optional.of(objects);
    }

    private static boolean noResults(byte[] body) {
        JsonNode node = parse(body);
        return node != null && node.path("detail").asText("").toLowerCase().contains("no results");
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The object written compactly, fields in the order received, numbers as received. */
    public static String compact(JsonNode object) {
        try {
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back", e);
        }
    }

    @Override
    public String toString() {
        return "OpenF1Client[" + base + ", " + auth.describe() + ", " + settings.rateLimit() + "]";
    }
}

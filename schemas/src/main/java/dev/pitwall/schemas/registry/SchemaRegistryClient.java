package dev.pitwall.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;

/**
 * The part of the Confluent Schema Registry REST API pitwall needs, on {@code java.net.http}. Speaks only
 * the documented v1 API, so Confluent SR, Apicurio's ccompat API, Karapace and Redpanda all answer it.
 * Not cached: {@code ConfluentFormat} caches ids and schemas.
 */
public final class SchemaRegistryClient {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 3;

    private final URI base;
    private final String authorization;
    private final HttpClient http;
    private final Duration requestTimeout = Duration.ofSeconds(15);

    public SchemaRegistryClient(RegistrySettings settings) {
        String url = settings.url().toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.authorization = settings.credentials()
                .map(c -> "Basic " + Base64.getEncoder().encodeToString((c.user() + ":" + c.password()).getBytes(StandardCharsets.UTF_8)))
                .orElse(null);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Registers {@code schema} under {@code subject} (a no-op answering the same id when it is there already). */
    public int register(String subject, String schema) {
        JsonNode answer = send("POST", "subjects/" + encode(subject) + "/versions", schemaBody(schema), "register a schema under " + subject);
        return answer.path("id").asInt();
    }

    /** The id of {@code schema} under {@code subject}, or empty when the subject does not hold it. */
    public OptionalInt lookup(String subject, String schema) {
        Answer answer = call("POST", "subjects/" + encode(subject), schemaBody(schema), "look up a schema under " + subject);
        if (answer.status == 404) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(answer.ok().path("id").asInt());
    }

    /** The schema text registered with {@code id}. */
    public String schemaById(int id) {
        return send("GET", "schemas/ids/" + id, null, "read schema id " + id).path("schema").asText();
    }

    /** Sets the subject's compatibility level (BACKWARD, FORWARD, FULL, NONE, ..._TRANSITIVE). */
    public void setCompatibility(String subject, String level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        send("PUT", "config/" + encode(subject), body.toString(), "set compatibility of " + subject);
    }

    /** The subject's own compatibility level, or empty when it has none of its own. */
    public java.util.Optional<String> compatibility(String subject) {
        Answer answer = call("GET", "config/" + encode(subject), null, "read compatibility of " + subject);
        if (answer.status == 404) {
            return java.util.Optional.empty();
        }
        JsonNode node = answer.ok();
        // Confluent answers compatibilityLevel; some servers answer compatibility
        String level = node.path("compatibilityLevel").asText(node.path("compatibility").asText(null));
        return java.util.Optional.ofNullable(level);
    }

    /** Whether {@code schema} may be registered as the subject's next version under its compatibility rule. */
    public boolean isCompatible(String subject, String schema) {
        JsonNode answer = send("POST", "compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema),
                "check compatibility against " + subject);
        return answer.path("is_compatible").asBoolean();
    }

    /** The subject's version numbers, oldest first; empty when the subject does not exist. */
    public List<Integer> versions(String subject) {
        Answer answer = call("GET", "subjects/" + encode(subject) + "/versions", null, "list versions of " + subject);
        if (answer.status == 404) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        answer.ok().forEach(v -> out.add(v.asInt()));
        return out;
    }

    private static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String path, String body, String what) {
        return call(method, path, body, what).ok();
    }

    /** One request, retried on connection failures and 5xx answers: registries restart and sit behind load balancers. */
    private Answer call(String method, String path, String body, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() < 500 || attempt == ATTEMPTS) {
                    return new Answer(response.statusCode(), response.body(), what, base);
                }
            } catch (IOException e) {
                lastFailure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted while trying to " + what, 0, e);
            }
            sleep(attempt * 250L);
        }
        throw new SchemaRegistryException("could not " + what + ": schema registry " + base + " unreachable ("
                + lastFailure.getClass().getSimpleName() + (lastFailure.getMessage() == null ? "" : ": " + lastFailure.getMessage()) + ")",
                0, lastFailure);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Answer(int status, String body, String what, URI base) {
        JsonNode ok() {
            if (status / 100 != 2) {
                throw new SchemaRegistryException("could not " + what + ": schema registry " + base + " answered " + status
                        + message(), status, null);
            }
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new SchemaRegistryException("could not " + what + ": schema registry " + base + " answered no JSON", status, e);
            }
        }

        private String message() {
            try {
                JsonNode node = JSON.readTree(body);
                String text = node.path("message").asText("");
                return text.isEmpty() ? "" : " (" + node.path("error_code").asText("") + " " + text + ")";
            } catch (IOException e) {
                return body == null || body.isBlank() ? "" : " (" + body.substring(0, Math.min(200, body.length())) + ")";
            }
        }
    }
}

package dev.pitwall.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What goes over the wire that Apicurio (run without auth in SchemaRegistryIT) cannot show: basic auth, the
 * Confluent content type, an error body turned into a message, retries on a 5xx. A loopback server records requests.
 */
class SchemaRegistryClientTest {
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile int failuresLeft;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " auth=" + exchange.getRequestHeaders().getFirst("Authorization")
                    + " type=" + exchange.getRequestHeaders().getFirst("Content-Type") + " body=" + body);
            int status;
            String answer;
            if (failuresLeft > 0) {
                failuresLeft--;
                status = 503;
                answer = "{\"error_code\":50301,\"message\":\"restarting\"}";
            } else if (exchange.getRequestURI().getPath().endsWith("/versions")) {
                status = 200;
                answer = "{\"id\":17}";
            } else {
                status = 409;
                answer = "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7");
    }

    @Test
    void sendsBasicAuthAndTheConfluentContentTypeAndEncodesTheSubject() {
        var credentials = RegistrySettings.credentialsFrom(Map.of(RegistrySettings.USER_ENV, "pit", RegistrySettings.PASSWORD_ENV, "s3cret"));
        var client = new SchemaRegistryClient(new RegistrySettings(base(), credentials, true, Optional.empty()));
        assertThat(client.register("f1.clean.laps-value", "\"string\"")).isEqualTo(17);
        assertThat(seen).singleElement().asString()
                .startsWith("POST /apis/ccompat/v7/subjects/f1.clean.laps-value/versions")
                .contains("auth=Basic cGl0OnMzY3JldA==")
                .contains("type=application/vnd.schemaregistry.v1+json")
                .contains("body={\"schema\":\"\\\"string\\\"\"}");
        assertThat(credentials.orElseThrow().toString()).doesNotContain("s3cret");
    }

    @Test
    void retriesA5xxAndReportsARefusalWithTheRegistrysMessage() {
        var client = new SchemaRegistryClient(RegistrySettings.of(base()));
        failuresLeft = 2;
        assertThat(client.register("s-value", "\"string\"")).isEqualTo(17);
        assertThat(seen).hasSize(3);
        assertThatThrownBy(() -> client.setCompatibility("s-value", "BACKWARD"))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("set compatibility of s-value").hasMessageContaining("409")
                .hasMessageContaining("incompatible with an earlier schema");
    }

    @Test
    void halfSetCredentialsAndNonHttpUrlsAreRefused() {
        assertThatThrownBy(() -> RegistrySettings.credentialsFrom(Map.of(RegistrySettings.USER_ENV, "pit")))
                .hasMessageContaining(RegistrySettings.PASSWORD_ENV);
        assertThat(RegistrySettings.credentialsFrom(Map.of())).isEmpty();
        assertThatThrownBy(() -> RegistrySettings.of(URI.create("ftp://127.0.0.1/x"))).hasMessageContaining("not an http(s) URL");
    }
}

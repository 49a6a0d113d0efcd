package dev.pitwall.producer.openf1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.producer.http.ClientSettings;
import dev.pitwall.producer.http.RateLimit;
import dev.pitwall.producer.openf1.OpenF1Client.Param;
import dev.pitwall.producer.source.SourceException;
import dev.pitwall.producer.testing.FixtureOpenF1Server;
import dev.pitwall.producer.testing.OpenF1Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenF1 client against the local fixture server: auth, faults, rate limit, secrets kept out of logs. */
class OpenF1ClientTest {
    private static final String USER = "fan@example.org";
    private static final String PASSWORD = "pw-Sup3r-S3cret-!&=";
    private static final String STATIC_TOKEN = "static-T0ken-abcdef123456";
    private static final List<Param> DRIVER_1 = List.of(Param.eq("session_key", 9539), Param.eq("driver_number", 1));

    private FixtureOpenF1Server server;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private PrintStream originalOut;
    private final List<String> messages = new ArrayList<>();

    @BeforeEach
    void start() {
        server = FixtureOpenF1Server.start(OpenF1Fixtures.openF1(), List.of(9539), null);
        // slf4j-simple writes to whatever System.err is at the time of each log call
        originalErr = System.err;
        originalOut = System.out;
        System.setErr(new PrintStream(new Tee(originalErr, captured), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new Tee(originalOut, captured), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setErr(originalErr);
        System.setOut(originalOut);
        if (server != null) {
            server.close();
        }
    }

    private OpenF1Client client(OpenF1Auth auth, int attempts, Duration timeout) {
        return new OpenF1Client(server.baseUrl(), auth, ClientSettings.openF1().withRateLimit(RateLimit.unlimited())
                .withRetries(attempts, Duration.ofMillis(10)).withRequestTimeout(timeout));
    }

    @Test
    void logsInRenewsBeforeExpiryAndOnceMoreOn401() {
        // 4 s tokens are renewed a second early: enough slack for a loaded 2-core CI machine (1 s tokens, renewed
        // 250 ms early, once reached the server expired)
        server.requireLogin(USER, PASSWORD, Duration.ofSeconds(4));
        OpenF1Client client = client(OpenF1Auth.password(USER, PASSWORD), 3, Duration.ofSeconds(5));

        OpenF1Client.Response first = client.get("laps", DRIVER_1);
        assertThat(first.objects()).hasSize(66).allSatisfy(lap -> assertThat(lap.path("driver_number").asInt()).isEqualTo(1));
        assertThat(server.logins()).isEqualTo(1);

        // the token is renewed a quarter of its life early: keep asking until the client has logged in again
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.logins() < 2 && System.nanoTime() < deadline) {
            client.get("laps", DRIVER_1);
        }
        assertThat(server.logins()).as("renewed before expiry").isEqualTo(2);
        assertThat(server.unauthorizedAnswers()).as("never sent an expired token").isZero();

        server.revokeTokens();
        assertThat(client.get("laps", DRIVER_1).objects()).hasSize(66);
        assertThat(server.unauthorizedAnswers()).isEqualTo(1);
        assertThat(server.logins()).isEqualTo(3);

        assertSecretsNeverShown(List.of(), true);
    }

    @Test
    void refusedCredentialsFailWithOneLineAndNoSecret() {
        server.requireLogin(USER, PASSWORD, Duration.ofMinutes(10));
        server.requireToken("the-right-token");

        collect(() -> client(OpenF1Auth.password(USER, "wrong-" + PASSWORD), 2, Duration.ofSeconds(5)).get("laps", DRIVER_1));
        collect(() -> client(OpenF1Auth.token(STATIC_TOKEN), 2, Duration.ofSeconds(5)).get("laps", DRIVER_1));
        collect(() -> client(OpenF1Auth.anonymous(), 2, Duration.ofSeconds(5)).get("laps", DRIVER_1));

        assertThat(messages.get(0)).contains("OpenF1 login as " + USER).contains("HTTP 401").contains("/token");
        assertThat(messages.get(1)).contains("HTTP 401 from " + server.baseUrl() + "/laps?session_key=9539&driver_number=1").contains("OPENF1_TOKEN");
        assertThat(messages.get(2)).contains("HTTP 401").contains("OPENF1_USERNAME");
        assertSecretsNeverShown(List.of("wrong-" + PASSWORD), false);

        OpenF1Auth auth = OpenF1Auth.fromEnvironment(Map.of("OPENF1_USERNAME", USER, "OPENF1_PASSWORD", PASSWORD));
        assertThat(auth.toString()).doesNotContain(PASSWORD).contains(USER);
        assertThat(OpenF1Auth.fromEnvironment(Map.of("OPENF1_TOKEN", STATIC_TOKEN)).toString()).doesNotContain(STATIC_TOKEN);
        assertThat(OpenF1Auth.fromEnvironment(Map.of()).isAnonymous()).isTrue();
        assertThatThrownBy(() -> OpenF1Auth.fromEnvironment(Map.of("OPENF1_USERNAME", USER)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(PASSWORD);
    }

    @Test
    void throttlingFaultsAndBrokenJsonAreRetriedThenFailWithOneLineNamingTheUrl() {
        server.requireLogin(USER, PASSWORD, Duration.ofMinutes(10));
        OpenF1Client client = client(OpenF1Auth.password(USER, PASSWORD), 3, Duration.ofMillis(500));

        server.throttleNextRequests(1, Duration.ofSeconds(1));
        assertThat(client.get("laps", DRIVER_1).objects()).hasSize(66);
        server.failNextRequests(2, 503);
        assertThat(client.get("laps", DRIVER_1).objects()).hasSize(66);
        server.truncateNextResponses(1);
        assertThat(client.get("stints", DRIVER_1).objects()).hasSize(3);
        server.resetNextResponses(1);
        assertThat(client.get("stints", DRIVER_1).objects()).hasSize(3);
        server.slowNextRequests(1, Duration.ofSeconds(2));
        assertThat(client.get("stints", DRIVER_1).objects()).hasSize(3);

        server.failNextRequests(3, 502);
        collect(() -> client.get("weather", List.of(Param.eq("session_key", 9539))));
        server.truncateNextResponses(3);
        collect(() -> client.get("weather", List.of(Param.eq("session_key", 9539))));
        assertThat(messages.get(0)).isEqualTo("HTTP 502 from " + server.baseUrl() + "/weather?session_key=9539 after 3 attempts");
        assertThat(messages.get(1)).startsWith("invalid JSON").endsWith("from " + server.baseUrl() + "/weather?session_key=9539 after 3 attempts");

        // a date filter reaches the server as OpenF1 writes it and filters
        Instant after = Instant.parse("2024-06-23T14:20:00Z");
        List<JsonNode> late = client.get("laps", List.of(Param.eq("session_key", 9539), Param.after("date_start", after))).objects();
        assertThat(late).isNotEmpty().allSatisfy(lap -> assertThat(OpenF1Dates.parse(lap.path("date_start").asText())).isAfter(after));
        assertThat(server.requestLog()).anyMatch(line -> line.contains("date_start%3E2024-06-23T14%3A20%3A00.000000"));

        assertSecretsNeverShown(List.of(), true);
    }

    @Test
    void neverMoreThanThirtyRequestsInAnyTenSeconds() {
        OpenF1Client client = new OpenF1Client(server.baseUrl(), OpenF1Auth.anonymous(), ClientSettings.openF1());
        assertThat(client.settings().rateLimit()).isEqualTo(RateLimit.openF1());
        for (int i = 0; i < 32; i++) {
            client.get("stints", DRIVER_1);
        }
        assertThat(server.requests()).isEqualTo(32);
        assertThat(server.maxRequestsInAnyWindow(Duration.ofSeconds(10))).isLessThanOrEqualTo(30);
    }

    private void collect(Runnable call) {
        try {
            call.run();
            throw new AssertionError("expected a SourceException");
        } catch (SourceException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            messages.add(e.getMessage());
        }
    }

    private void assertSecretsNeverShown(List<String> more, boolean somethingLogged) {
        List<String> secrets = new ArrayList<>(server.issuedTokens());
        secrets.add(PASSWORD);
        secrets.add(STATIC_TOKEN);
        secrets.addAll(more);
        String logs = captured.toString(StandardCharsets.UTF_8);
        if (somethingLogged) {
            assertThat(logs).as("the log output is captured").contains("OpenF1Client");
        }
        for (String secret : secrets) {
            assertThat(logs).as("the log output").doesNotContain(secret);
            assertThat(String.join("\n", messages)).as("the exception messages").doesNotContain(secret);
            assertThat(secret.isEmpty()).isFalse();
        }
    }

    /** Writes to the real stream and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            synchronized (b) {
                b.write(bytes, off, len);
            }
        }
    }
}

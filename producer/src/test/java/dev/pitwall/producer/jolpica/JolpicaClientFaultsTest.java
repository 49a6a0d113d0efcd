package dev.pitwall.producer.jolpica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.producer.http.ClientSettings;
import dev.pitwall.producer.http.RateLimit;
import dev.pitwall.producer.source.SourceException;
import dev.pitwall.producer.testing.FixtureJolpicaServer;
import dev.pitwall.producer.testing.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault a flaky upstream can show, one at a time, against the local Jolpica-compatible server. */
class JolpicaClientFaultsTest {
    private static final ClientSettings FAST = new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 3,
            Duration.ofMillis(10), RateLimit.unlimited(), 3, Duration.ofSeconds(5));

    private FixtureJolpicaServer server;
    private URI results;
    private byte[] recorded;

    @BeforeEach
    void start() throws IOException {
        server = FixtureJolpicaServer.start(Fixtures.jolpica());
        results = URI.create(server.baseUrl() + "/2024/6/results.json?limit=100");
        recorded = Files.readAllBytes(Fixtures.jolpica().resolve("2024/6/results.json"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void truncatedJsonIsRetried() {
        server.truncateNextResponses(2);

        assertThat(new JolpicaClient(FAST).get(results)).isEqualTo(recorded);
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void aConnectionDroppedMidBodyIsRetried() {
        server.resetNextResponses(1);

        assertThat(new JolpicaClient(FAST).get(results)).isEqualTo(recorded);
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetried() {
        server.slowNextRequests(1, Duration.ofMillis(1500));

        assertThat(new JolpicaClient(FAST.withRequestTimeout(Duration.ofMillis(500))).get(results)).isEqualTo(recorded);
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void throttlingWaitsForRetryAfterWithoutUsingUpTheFailureBudget() {
        // every 2nd request is throttled; with only 1 attempt allowed against failures, 429s must not count
        server.throttleEvery(2, Duration.ofSeconds(1));
        JolpicaClient client = new JolpicaClient(FAST.withRetries(1, Duration.ofMillis(10)));

        assertThat(client.get(results)).isEqualTo(recorded);
        assertThat(client.get(results)).isEqualTo(recorded);

        List<Long> arrivals = server.arrivalNanos();
        assertThat(arrivals).hasSize(3);
        assertThat(arrivals.get(2) - arrivals.get(1)).as("waited the second Retry-After asked for")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void throttlingIsBoundedToo() {
        server.throttleEvery(1, Duration.ofSeconds(0));

        assertThatThrownBy(() -> new JolpicaClient(FAST).get(results))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.BAD_RESPONSE))
                .hasMessage("HTTP 429 from " + results + " still throttled after 4 answers");
        assertThat(server.requests()).isEqualTo(4);
    }

    @Test
    void aRetryAfterLongerThanAllowedFailsAtOnce() {
        server.throttleEvery(1, Duration.ofHours(2));

        assertThatThrownBy(() -> new JolpicaClient(FAST).get(results))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining(results.toString()).hasMessageContaining("asks to wait 7200 s");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void persistentFailuresEndInOneLineNamingTheUrl() {
        server.truncateNextResponses(5);

        assertThatThrownBy(() -> new JolpicaClient(FAST).get(results))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SourceException.Kind.BAD_RESPONSE);
                    assertThat(e.getMessage()).doesNotContain("\n").contains(results.toString()).contains("after 3 attempts");
                });
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void theClientNeverSendsMoreThanJolpicasBurstInAnySecond() {
        JolpicaClient client = new JolpicaClient(FAST.withRateLimit(RateLimit.jolpica()));
        for (int i = 0; i < 10; i++) {
            client.get(results);
        }

        // the server sees arrivals, not sends: on a loaded machine an early request can arrive late enough to
        // share a second with the next burst, so the window here leaves 200 ms for that; RequestPacerTest holds
        // the pacer to exactly 4 in any second on a manual clock
        assertThat(server.maxRequestsInAnyWindow(Duration.ofMillis(800))).isLessThanOrEqualTo(4);
        assertThat(server.maxRequestsInAnyWindow(Duration.ofSeconds(1))).isGreaterThanOrEqualTo(4);
    }
}

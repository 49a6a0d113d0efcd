package dev.pitwall.producer.openf1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.http.ClientSettings;
import dev.pitwall.producer.http.RateLimit;
import dev.pitwall.producer.source.SourceException;
import dev.pitwall.producer.testing.FixtureOpenF1Server;
import dev.pitwall.producer.testing.Fixtures;
import dev.pitwall.producer.testing.OpenF1Fixtures;
import dev.pitwall.producer.testing.OpenF1Topics;
import dev.pitwall.schemas.TopicCatalogue;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenF1ReplayerIT {
    @TempDir
    static Path dir;
    static EmbeddedKafka broker;
    static FixtureOpenF1Server server;
    static RawArchiveSource schedule;

    @BeforeAll
    static void start() {
        Path openF1 = OpenF1Fixtures.openF1();
        schedule = new RawArchiveSource(Fixtures.archive());
        broker = EmbeddedKafka.start(dir.resolve("broker"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicCatalogue.ensure(admin, (short) 1);
        }
        server = FixtureOpenF1Server.start(openF1, List.of(9539, 9102), null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (schedule != null) {
            schedule.close();
        }
    }

    private static Map<String, Object> kafka() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    }

    private static OpenF1Client client() {
        return new OpenF1Client(server.baseUrl(), OpenF1Auth.anonymous(),
                ClientSettings.openF1().withRateLimit(RateLimit.unlimited()).withRetries(3, Duration.ofMillis(10)));
    }

    @Test
    void aSessionLandsAsTheFixtureObjectsInOneTransactionAndOnlyOnce() throws Exception {
        Path archive = dir.resolve("archive");
        OpenF1ReplayResult result;
        try (OpenF1Replayer replayer = new OpenF1Replayer(kafka(), "pitwall-openf1-it", new HttpOpenF1Source(client(), archive), new SessionResolver(schedule))) {
            result = replayer.replaySession(9539);
        }
        Map<String, Long> expectedCounts = new LinkedHashMap<>();
        for (OpenF1Endpoint endpoint : OpenF1Endpoint.values()) {
            List<JsonNode> recorded = server.recorded(9539, endpoint.path());
            List<OpenF1Topics.Sent> sent = OpenF1Topics.records(broker.bootstrapServers(), endpoint, "2024/10/R");
            assertThat(sent).as(endpoint.path()).hasSize(recorded.size());
            assertThat(OpenF1Topics.lastPerKey(sent)).as(endpoint.path()).isEqualTo(OpenF1Topics.byKey("2024/10/R", endpoint, recorded));
            sent.forEach(s -> {
                assertThat(s.value().getSessionKey()).isEqualTo(9539);
                assertThat(s.value().getSource()).isEqualTo("openf1");
                assertThat(s.value().getEndpoint()).isEqualTo(endpoint.path());
            });
            expectedCounts.put(endpoint.table(), (long) recorded.size());
        }
        assertThat(expectedCounts).containsEntry("openf1_laps", 1310L).containsEntry("stints", 62L).containsEntry("weather", 154L).containsEntry("openf1_pit", 0L);
        assertThat(result.sessions()).singleElement().satisfies(s -> {
            assertThat(s.key()).isEqualTo("2024/10/R");
            assertThat(s.sent()).isEqualTo(expectedCounts);
        });
        List<SessionEvent> events = OpenF1Topics.events(broker.bootstrapServers(), "2024/10/R");
        assertThat(events).extracting(SessionEvent::getType).containsExactly(SessionEventType.STARTED, SessionEventType.FINISHED);
        assertThat(events.get(1).getExpected()).isEqualTo(expectedCounts);

        // rerun: the finished job is skipped, nothing new is sent
        try (OpenF1Replayer replayer = new OpenF1Replayer(kafka(), "pitwall-openf1-it", new HttpOpenF1Source(client(), null), new SessionResolver(schedule))) {
            assertThat(replayer.replaySession(9539).sessions()).singleElement().satisfies(s -> assertThat(s.skipped()).isTrue());
        }
        assertThat(OpenF1Topics.records(broker.bootstrapServers(), OpenF1Endpoint.LAPS, "2024/10/R")).hasSize(1310);
        assertThat(OpenF1Topics.events(broker.bootstrapServers(), "2024/10/R")).hasSize(2);

        // the archive written on the way holds the same content and the session's metadata
        assertThat(OpenF1ArchiveLayout.sessions(archive, 2024)).exists();
        assertThat(Files.readString(OpenF1ArchiveLayout.endpoint(archive, 9539, OpenF1Endpoint.LAPS))).startsWith("[");
        try (ArchiveOpenF1Source archived = new ArchiveOpenF1Source(archive); HttpOpenF1Source http = new HttpOpenF1Source(client(), null)) {
            for (OpenF1Endpoint endpoint : OpenF1Endpoint.values()) {
                assertThat(archived.records(9539, endpoint)).as(endpoint.path()).isEqualTo(http.records(9539, endpoint));
            }
            assertThat(archived.session(9539)).isEqualTo(http.session(9539));
            try (OpenF1Replayer replayer = new OpenF1Replayer(kafka(), "pitwall-openf1-it", archived, new SessionResolver(schedule))) {
                OpenF1ReplayResult weekend = replayer.replayWeekend(2024, 10);
                assertThat(weekend.sessions()).singleElement().satisfies(s -> {
                    assertThat(s.sessionKey()).isEqualTo(9539);
                    assertThat(s.skipped()).as("already replayed from HTTP").isTrue();
                });
            }
        }
    }

    @Test
    void raceControlIsSentWhereRecordedAndTheFixturesArchiveKnowsNoSessions() {
        try (OpenF1Replayer replayer = new OpenF1Replayer(kafka(), "pitwall-openf1-it-2", new HttpOpenF1Source(client(), null), new SessionResolver(schedule))) {
            OpenF1ReplayResult result = replayer.replaySession(9102);
            assertThat(result.sessions()).singleElement().satisfies(s -> {
                assertThat(s.key()).isEqualTo("2023/7/R");
                assertThat(s.sent()).containsEntry("race_control", 1L).containsEntry("openf1_laps", 1312L);
            });
        }
        List<OpenF1Topics.Sent> control = OpenF1Topics.records(broker.bootstrapServers(), OpenF1Endpoint.RACE_CONTROL, "2023/7/R");
        assertThat(control).singleElement().satisfies(s -> {
            assertThat(s.key()).isEqualTo("2023/7/R/2023-06-04T14:21:01+00:00");
            assertThat(s.value().getDriverNumber()).isEqualTo(1);
        });

        // the recorded fixtures have no sessions listing: a weekend finds nothing and says so, a session cannot be named
        try (OpenF1Replayer replayer = new OpenF1Replayer(kafka(), "pitwall-openf1-it-3", new ArchiveOpenF1Source(Fixtures.archive()), new SessionResolver(schedule))) {
            OpenF1ReplayResult weekend = replayer.replayWeekend(2024, 10);
            assertThat(weekend.sessions()).isEmpty();
            assertThat(weekend.note()).contains("no OpenF1 sessions listed for 2024").doesNotContain("\n");
            assertThatThrownBy(() -> replayer.replaySession(9539)).isInstanceOf(SourceException.class)
                    .hasMessageContaining("OpenF1 session 9539 is unknown").hasMessageNotContaining("\n");
        }
        try (ArchiveOpenF1Source fixtures = new ArchiveOpenF1Source(Fixtures.archive())) {
            assertThat(fixtures.records(9539, OpenF1Endpoint.LAPS)).hasSize(1310);
            assertThat(fixtures.records(9539, OpenF1Endpoint.PIT)).isEmpty();
        }
    }
}

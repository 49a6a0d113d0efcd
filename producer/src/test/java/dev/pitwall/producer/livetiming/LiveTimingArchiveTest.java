package dev.pitwall.producer.livetiming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.producer.http.ClientSettings;
import dev.pitwall.producer.http.RateLimit;
import dev.pitwall.producer.testing.FixtureLiveTimingServer;
import dev.pitwall.producer.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static archive read from disk and over HTTP (a local server serving the recorded tree). */
class LiveTimingArchiveTest {
    private static final String BAKU_2018 = "2018/2018-04-29_Azerbaijan_Grand_Prix/2018-04-29_Race/";

    static Path livetiming() {
        return Fixtures.archive().resolve("livetiming");
    }

    @Test
    void sessionsComeFromFolderNamesWhereTheYearHasNoIndex() {
        List<ArchivedSession> sessions = new LocalLiveTimingArchive(livetiming()).sessions(2018);
        assertThat(sessions).extracting(ArchivedSession::path).contains(BAKU_2018);
        ArchivedSession race = sessions.stream().filter(s -> s.path().equals(BAKU_2018)).findFirst().orElseThrow();
        assertThat(race.name()).isEqualTo("Race");
        assertThat(race.meeting()).isEqualTo("Azerbaijan Grand Prix");
        assertThat(race.day()).isEqualTo("2018-04-29");
    }

    @Test
    void sessionsComeFromTheYearIndexWhereThereIsOne() {
        List<ArchivedSession> sessions = new LocalLiveTimingArchive(livetiming()).sessions(2023);
        assertThat(sessions).isNotEmpty().allSatisfy(s -> {
            assertThat(Files.isDirectory(livetiming().resolve(s.path()))).isTrue();
            assertThat(s.startUtc()).isNotNull();
        });
        assertThat(sessions).extracting(ArchivedSession::name).contains("Sprint Shootout");
    }

    @Test
    void aStreamFileParsesIntoOffsetsAndVerbatimMessages() throws Exception {
        String text = Files.readString(livetiming().resolve(BAKU_2018 + "TrackStatus.jsonStream"));
        List<JsonStream.Line> lines = JsonStream.parse(text);
        assertThat(lines.get(0).offsetMs()).isEqualTo(8 * 60_000 + 8_035);
        assertThat(lines.get(0).message()).isEqualTo("{\"Status\":\"2\",\"Message\":\"Yellow\"}");
        assertThat(JsonStream.parse("garbage line\r\n00:00:01.000{}")).extracting(JsonStream.Line::offsetMs).containsExactly(null, 1000L);
    }

    @Test
    void overHttpEveryFileIsFetchedPolitelyAndKeptInTheStaticLayout(@TempDir Path keep) {
        try (FixtureLiveTimingServer server = FixtureLiveTimingServer.start(livetiming())) {
            ClientSettings settings = ClientSettings.jolpica().withRateLimit(RateLimit.unlimited()).withRetries(3, Duration.ofMillis(10));
            HttpLiveTimingArchive archive = new HttpLiveTimingArchive(server.baseUrl(), settings, keep);
            List<ArchivedSession> sessions = archive.sessions(2023);
            assertThat(sessions).extracting(ArchivedSession::path).contains("2023/2023-04-30_Azerbaijan_Grand_Prix/2023-04-29_Sprint/");
            ArchivedSession sprint = sessions.stream().filter(s -> s.path().endsWith("2023-04-29_Sprint/")).findFirst().orElseThrow();
            assertThat(sprint.startUtc()).isEqualTo(Instant.parse("2023-04-29T13:30:00Z"));
            server.failNextRequests(1, 503);
            assertThat(archive.stream(sprint, "TrackStatus")).isPresent();
            assertThat(archive.stream(sprint, "NoSuchTopic")).isEmpty();
            assertThat(keep.resolve("2023/Index.json")).exists();
            assertThat(keep.resolve(sprint.path() + "TrackStatus.jsonStream")).exists();
            int before = server.requests();
            assertThat(archive.stream(sprint, "TrackStatus")).isPresent();
            assertThat(server.requests()).as("a kept stream is not fetched again").isEqualTo(before);
        }
    }
}

package dev.pitwall.producer.jolpica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.http.ClientSettings;
import dev.pitwall.producer.http.RateLimit;
import dev.pitwall.producer.source.RaceSource;
import dev.pitwall.producer.source.SourceDocument;
import dev.pitwall.producer.source.SourceException;
import dev.pitwall.producer.testing.FixtureJolpicaServer;
import dev.pitwall.producer.testing.Fixtures;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.RawPitStop;
import dev.pitwall.schemas.avro.RawQualifying;
import dev.pitwall.schemas.avro.RawResult;
import dev.pitwall.schemas.avro.RawStanding;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JolpicaHttpSourceTest {
    // no pacing and short backoff: these tests count requests, they do not wait politely
    private static final ClientSettings FAST =
            new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 3, Duration.ofMillis(5), RateLimit.unlimited(), 3, Duration.ofSeconds(5));

    private FixtureJolpicaServer server;

    @BeforeEach
    void startServer() {
        server = FixtureJolpicaServer.start(Fixtures.jolpica());
    }

    @AfterEach
    void stopServer() {
        if (server != null) { // null when the fixtures are absent and the test was skipped
            server.close();
        }
    }

    @Test
    void httpAndArchiveSourcesBuildIdenticalRecords() {
        for (int round : List.of(1, 6)) {
            List<SessionRecords> overHttp;
            try (RaceSource http = new JolpicaHttpSource(server.baseUrl(), null, new JolpicaClient(FAST))) {
                overHttp = new WeekendReader(http).weekend(2024, round, true);
            }
            List<SessionRecords> fromArchive;
            try (RaceSource archive = new RawArchiveSource(Fixtures.archive())) {
                fromArchive = new WeekendReader(archive).weekend(2024, round, true);
            }

            assertThat(overHttp).allSatisfy(s -> {
                assertThat(s.records()).isPositive();
                assertThat(s.results()).allSatisfy(r -> assertThat(r.getSource()).isEqualTo("jolpica"));
                assertThat(s.laps()).allSatisfy(l -> assertThat(l.getSource()).isEqualTo("jolpica"));
                assertThat(s.qualifying()).allSatisfy(q -> assertThat(q.getSource()).isEqualTo("jolpica"));
                assertThat(s.pitStops()).allSatisfy(p -> assertThat(p.getSource()).isEqualTo("jolpica"));
                assertThat(s.driverStandings()).allSatisfy(d -> assertThat(d.getSource()).isEqualTo("jolpica"));
            });
            assertThat(withSource(overHttp, "archive")).isEqualTo(fromArchive);
            SessionRecords race = fromArchive.get(fromArchive.size() - 1);
            assertThat(race.laps()).isNotEmpty();
            assertThat(race.pitStops()).isNotEmpty();
            assertThat(race.driverStandings()).isNotEmpty();
            assertThat(race.constructorStandings()).isNotEmpty();
            assertThat(fromArchive).anySatisfy(s -> assertThat(s.qualifying()).isNotEmpty());
        }
    }

    @Test
    void lapPagesAreFetchedUntilTheTotalIsReachedAndKeptInTheArchive(@TempDir Path bronze) throws IOException {
        List<SourceDocument> recorded;
        try (RaceSource archive = new RawArchiveSource(Fixtures.archive())) {
            recorded = archive.lapPages(2024, 6);
        }
        int total = ResponseEnvelope.of(recorded.get(0)).total();
        int expectedPages = (total + JolpicaHttpSource.PAGE_LIMIT - 1) / JolpicaHttpSource.PAGE_LIMIT;

        List<SourceDocument> fetched;
        try (RaceSource http = new JolpicaHttpSource(server.baseUrl(), bronze, new JolpicaClient(FAST))) {
            new WeekendReader(http).weekend(2024, 6, true);
            fetched = http.lapPages(2024, 6);
        }

        assertThat(fetched).hasSize(expectedPages);
        assertThat(fetched.get(0).location()).isEqualTo(server.baseUrl() + "/2024/6/laps.json?limit=100&offset=0");
        // schedule, results, sprint, qualifying, the lap pages, pit stops, both standings, then the lap pages again
        assertThat(server.requests()).isEqualTo(7 + 2 * expectedPages);
        Path round = bronze.resolve("jolpica/2024/6");
        assertThat(bronze.resolve("jolpica/2024/races.json")).hasSameBinaryContentAs(Fixtures.jolpica().resolve("2024/races.json"));
        assertThat(round.resolve("results.json")).hasSameBinaryContentAs(Fixtures.jolpica().resolve("2024/6/results.json"));
        assertThat(round.resolve("sprint.json")).hasSameBinaryContentAs(Fixtures.jolpica().resolve("2024/6/sprint.json"));
        assertThat(round.resolve("qualifying.json")).hasSameBinaryContentAs(Fixtures.jolpica().resolve("2024/6/qualifying.json"));
        assertThat(round.resolve("driverStandings.json")).hasSameBinaryContentAs(Fixtures.jolpica().resolve("2024/6/driverStandings.json"));
        assertThat(round.resolve("constructorStandings.json")).hasSameBinaryContentAs(Fixtures.jolpica().resolve("2024/6/constructorStandings.json"));
        assertThat(round.resolve("pitstops.json")).exists();
        assertThat(round.resolve("pitstops_page_001.json")).doesNotExist();
        assertThat(round.resolve(String.format("laps_page_%03d.json", expectedPages - 1))).exists();
        assertThat(round.resolve(String.format("laps_page_%03d.json", expectedPages))).doesNotExist();
        try (Stream<Path> files = Files.list(round)) {
            assertThat(files.filter(f -> f.toString().endsWith(".tmp"))).isEmpty();
        }
        // the bronze layer replays to the same records as the original recording
        try (RaceSource kept = new RawArchiveSource(bronze); RaceSource original = new RawArchiveSource(Fixtures.archive())) {
            assertThat(new WeekendReader(kept).weekend(2024, 6, true)).isEqualTo(new WeekendReader(original).weekend(2024, 6, true));
        }
    }

    @Test
    void pagesOfAnySizeMergeToTheSameTimings() {
        JolpicaClient client = new JolpicaClient(FAST);
        List<SourceDocument> pages = new ArrayList<>();
        int limit = 37;
        for (int offset = 0; ; offset += limit) {
            String url = server.baseUrl() + "/2023/1/laps.json?limit=" + limit + "&offset=" + offset;
            SourceDocument page = SourceDocument.parse(url, client.get(URI.create(url)));
            pages.add(page);
            if (offset + limit >= ResponseEnvelope.of(page).total()) {
                break;
            }
        }
        List<SourceDocument> recorded;
        try (RaceSource archive = new RawArchiveSource(Fixtures.archive())) {
            recorded = archive.lapPages(2023, 1);
        }

        assertThat(LapPages.merge(2023, 1, pages)).isEqualTo(LapPages.merge(2023, 1, recorded));
    }

    @Test
    void pitStopsBeyondOnePageAreFetchedPageByPageAndKept(@TempDir Path bronze) {
        // 2023/13 (Zandvoort) had 101 stops: two pages of 100
        List<SourceDocument> pages;
        try (RaceSource http = new JolpicaHttpSource(server.baseUrl(), bronze, new JolpicaClient(FAST))) {
            pages = http.pitStopPages(2023, 13);
        }
        assertThat(pages).extracting(SourceDocument::location).containsExactly(
                server.baseUrl() + "/2023/13/pitstops.json?limit=100&offset=0",
                server.baseUrl() + "/2023/13/pitstops.json?limit=100&offset=100");
        assertThat(server.requests()).isEqualTo(2);
        assertThat(bronze.resolve("jolpica/2023/13/pitstops.json")).exists();
        assertThat(bronze.resolve("jolpica/2023/13/pitstops_page_001.json")).exists();

        List<SourceDocument> recorded;
        List<SourceDocument> kept;
        try (RaceSource archive = new RawArchiveSource(Fixtures.archive()); RaceSource keptArchive = new RawArchiveSource(bronze)) {
            recorded = archive.pitStopPages(2023, 13);
            kept = keptArchive.pitStopPages(2023, 13);
        }
        assertThat(kept).hasSize(2);
        PitStopPages.Stops merged = PitStopPages.merge(2023, 13, pages);
        assertThat(merged.stops()).hasSize(101).isEqualTo(PitStopPages.merge(2023, 13, recorded).stops());
        assertThat(PitStopPages.merge(2023, 13, kept).stops()).isEqualTo(merged.stops());
        // a page lost from the kept pages no longer adds up to the total
        assertThatThrownBy(() -> PitStopPages.merge(2023, 13, kept.subList(0, 1)))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.BAD_RESPONSE))
                .hasMessageContaining("MRData.total is 101")
                .hasMessageContaining(bronze.resolve("jolpica/2023/13/pitstops.json").toString());
    }

    @Test
    void anEndpointWithNothingRecordedAnswersAnEmptyListNotAnError() {
        // 2010 was recorded with results and laps only; the API answers total 0 for the rest
        try (RaceSource http = new JolpicaHttpSource(server.baseUrl(), null, new JolpicaClient(FAST))) {
            List<SessionRecords> sessions = new WeekendReader(http).weekend(2010, 1, true);
            assertThat(sessions).extracting(SessionRecords::session).containsExactly("R");
            assertThat(sessions.get(0).pitStops()).isEmpty();
            assertThat(sessions.get(0).driverStandings()).isEmpty();
            assertThat(sessions.get(0).constructorStandings()).isEmpty();
            assertThat(http.qualifying(2010, 1)).hasValueSatisfying(d -> assertThat(ResponseEnvelope.totalOf(d)).isZero());
            assertThat(http.driverStandings(2010, 1)).hasValueSatisfying(d -> assertThat(ResponseEnvelope.ofStandings(d).races()).isEmpty());
        }
    }

    @Test
    void anUnknownSeasonIsNotFoundNamingTheUrl() {
        try (RaceSource http = new JolpicaHttpSource(server.baseUrl(), null, new JolpicaClient(FAST))) {
            assertThatThrownBy(() -> new WeekendReader(http).rounds(2099))
                    .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_FOUND))
                    .hasMessage("season 2099 not found at " + server.baseUrl() + "/2099/races.json?limit=100");
        }
    }

    @Test
    void aRoundOutsideTheScheduleIsNotFound() {
        try (RaceSource http = new JolpicaHttpSource(server.baseUrl(), null, new JolpicaClient(FAST))) {
            assertThatThrownBy(() -> new WeekendReader(http).weekend(2024, 99, true))
                    .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_FOUND))
                    .hasMessageContaining("season 2024 round 99 not found");
        }
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port + "/ergast/f1");
        try (RaceSource http = new JolpicaHttpSource(closed, null, new JolpicaClient(FAST))) {
            assertThatThrownBy(() -> new WeekendReader(http).rounds(2024))
                    .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.UNREACHABLE))
                    .hasMessageContaining(closed + "/2024/races.json")
                    .hasMessageContaining("after 3 attempts");
        }
    }

    @Test
    void serverErrorsAreRetriedThenGiveUpAsBadResponse() {
        try (RaceSource http = new JolpicaHttpSource(server.baseUrl(), null, new JolpicaClient(FAST))) {
            server.failNextRequests(2, 503);
            assertThat(new WeekendReader(http).rounds(2024)).isNotEmpty();
            assertThat(server.requests()).isEqualTo(3);

            server.failNextRequests(3, 502);
            assertThatThrownBy(() -> http.results(2024, 1))
                    .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.BAD_RESPONSE))
                    .hasMessageContaining("HTTP 502");
            assertThat(server.requests()).isEqualTo(6);
        }
    }

    @Test
    void aClientErrorIsNotRetried() {
        URI wrongBase = URI.create(server.baseUrl().toString().replace("/ergast/f1", "/ergast/f2"));
        try (RaceSource http = new JolpicaHttpSource(wrongBase, null, new JolpicaClient(FAST))) {
            assertThatThrownBy(() -> http.schedule(2024))
                    .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.kind()).isEqualTo(SourceException.Kind.BAD_RESPONSE))
                    .hasMessageContaining("HTTP 404");
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    private static List<SessionRecords> withSource(List<SessionRecords> sessions, String source) {
        List<SessionRecords> relabelled = new ArrayList<>();
        for (SessionRecords s : sessions) {
            List<RawResult> results = s.results().stream().map(r -> RawResult.newBuilder(r).setSource(source).build()).toList();
            List<RawLap> laps = s.laps().stream().map(l -> RawLap.newBuilder(l).setSource(source).build()).toList();
            relabelled.add(new SessionRecords(s.season(), s.round(), s.session(), results, laps,
                    s.qualifying().stream().map(q -> RawQualifying.newBuilder(q).setSource(source).build()).toList(),
                    s.pitStops().stream().map(p -> RawPitStop.newBuilder(p).setSource(source).build()).toList(),
                    s.driverStandings().stream().map(d -> RawStanding.newBuilder(d).setSource(source).build()).toList(),
                    s.constructorStandings().stream().map(c -> RawStanding.newBuilder(c).setSource(source).build()).toList()));
        }
        return relabelled;
    }
}

package dev.pitwall.producer.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.producer.http.ClientSettings;
import dev.pitwall.producer.http.RateLimit;
import dev.pitwall.producer.jolpica.JolpicaClient;
import dev.pitwall.producer.jolpica.JolpicaHttpSource;
import dev.pitwall.producer.jolpica.SessionRecords;
import dev.pitwall.producer.jolpica.WeekendReader;
import dev.pitwall.producer.testing.FixtureJolpicaServer;
import dev.pitwall.producer.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A round replayed again is served from the kept archive: no requests, the same records. */
class ArchiveFirstSourceTest {

    @TempDir
    Path bronze;

    @Test
    void aSecondReplayOfARoundSendsNoRequestsAndAnIncompleteRoundIsFetchedAgain() throws Exception {
        try (FixtureJolpicaServer server = FixtureJolpicaServer.start(Fixtures.jolpica())) {
            List<SessionRecords> first = weekend(server);
            int afterFirst = server.requests();
            assertThat(afterFirst).isPositive();

            List<SessionRecords> second = weekend(server);
            assertThat(server.requests()).as("served from the kept archive").isEqualTo(afterFirst);
            assertThat(second).isEqualTo(first);

            // a replay killed mid-round keeps only some lap pages: those are fetched again
            Path round = bronze.resolve("jolpica/2024/6");
            Path lastPage;
            try (Stream<Path> files = Files.list(round)) {
                lastPage = files.filter(p -> p.getFileName().toString().startsWith("laps_page_")).sorted()
                        .reduce((a, b) -> b).orElseThrow();
            }
            Files.delete(lastPage);
            List<SessionRecords> third = weekend(server);
            assertThat(server.requests()).isGreaterThan(afterFirst);
            assertThat(third).isEqualTo(first);
        }
    }

    @Test
    void keptEmptyAnswersOfARaceThatHasResultsAreNotFetchedAgain() {
        // 2021/12 (Spa): results and laps, a recorded empty pit stop answer, no qualifying or standings recorded
        try (FixtureJolpicaServer server = FixtureJolpicaServer.start(Fixtures.jolpica())) {
            List<SessionRecords> first = weekend(server, 2021, 12);
            int afterFirst = server.requests();
            SessionRecords race = first.get(first.size() - 1);
            assertThat(race.pitStops()).isEmpty();
            assertThat(race.driverStandings()).isEmpty();
            assertThat(bronze.resolve("jolpica/2021/12/driverStandings.json")).exists();
            assertThat(bronze.resolve("jolpica/2021/12/pitstops.json")).exists();

            assertThat(weekend(server, 2021, 12)).isEqualTo(first);
            assertThat(server.requests()).as("empty answers kept after the race are final").isEqualTo(afterFirst);
        }
    }

    private List<SessionRecords> weekend(FixtureJolpicaServer server) {
        return weekend(server, 2024, 6);
    }

    private List<SessionRecords> weekend(FixtureJolpicaServer server, int season, int round) {
        JolpicaClient client = new JolpicaClient(ClientSettings.jolpica().withRateLimit(RateLimit.unlimited()));
        try (ArchiveFirstSource source = new ArchiveFirstSource(new RawArchiveSource(bronze),
                new JolpicaHttpSource(server.baseUrl(), bronze, client))) {
            return new WeekendReader(source).weekend(season, round, true);
        }
    }
}

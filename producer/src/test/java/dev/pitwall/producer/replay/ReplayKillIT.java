package dev.pitwall.producer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.producer.testing.TopicReader;
import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.jolpica.SessionRecords;
import dev.pitwall.producer.jolpica.WeekendReader;
import dev.pitwall.producer.testing.Fixtures;
import dev.pitwall.producer.testing.ReplayerProcess;
import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.TopicCatalogue;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.ProducerCheckpoint;
import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.schemas.serde.PitwallSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay SIGKILLed midway and run again ends with every session's records in the raw topics exactly once. */
class ReplayKillIT {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    static Path dir;
    static EmbeddedKafka broker;
    private Process child;

    @BeforeAll
    static void startBroker() {
        Fixtures.jolpica();
        broker = EmbeddedKafka.start(dir.resolve("broker"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicCatalogue.ensure(admin, (short) 1);
        }
    }

    @AfterEach
    void killChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aSeasonKilledBetweenSessionsResumesWithoutResendingOrLosingAnything() throws Exception {
        String transactionalId = "pitwall-kill-season";
        child = launch(transactionalId, "2023", "all", "max", "season-child.log");
        Optional<ProducerCheckpoint> atKill = killWhen("jolpica/2023", c -> c.getCompletedSessions().size() >= 4);
        System.out.printf("killed the season replay after %d sessions%n", atKill.orElseThrow().getCompletedSessions().size());

        ReplayResult resumed;
        try (SeasonReplayer replayer = new SeasonReplayer(kafkaProps(), transactionalId)) {
            resumed = replayer.replay(new ReplayRequest(2023, null, null, Fixtures.archive(), null), null);
        }

        List<SessionRecords> expected = season(2023);
        assertThat(resumed.sessions()).as("the resumed run skips what the killed one committed")
                .isLessThanOrEqualTo(expected.size() - atKill.get().getCompletedSessions().size());
        assertEachSessionExactlyOnce(expected, "2023/");
    }

    @Test
    void aPacedRaceKilledBetweenLapGroupsContinuesFromItsLastCommittedGroup() throws Exception {
        String transactionalId = "pitwall-kill-paced";
        // about 5 s for a 90-minute race: the kill lands between lap groups
        child = launch(transactionalId, "2024", "7", "1000", "paced-child.log");
        Optional<ProducerCheckpoint> atKill = killWhen("jolpica/2024/7", c -> c.getOpenSessionLaps() > 0);
        System.out.printf("killed the paced replay after %d laps%n", atKill.orElseThrow().getOpenSessionLaps());

        try (SeasonReplayer replayer = new SeasonReplayer(kafkaProps(), transactionalId)) {
            replayer.replay(new ReplayRequest(2024, 7, null, Fixtures.archive(), null, 1e6), null);
        }

        List<SessionRecords> expected;
        try (RawArchiveSource archive = new RawArchiveSource(Fixtures.archive())) {
            expected = new WeekendReader(archive).weekend(2024, 7, true);
        }
        assertEachSessionExactlyOnce(expected, "2024/7/");
        List<RawLap> sent = TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_LAPS, "read_committed").stream().filter(r -> r.key().startsWith("2024/7/R/"))
                .map(r -> PitwallSerdes.rawLapCodec().decode(r.value())).toList();
        SessionRecords race = expected.stream().filter(s -> s.session().equals(SessionRecords.RACE)).findFirst().orElseThrow();
        assertThat(sent).as("both runs together still send the laps in the order of the day")
                .isEqualTo(LapTimeline.ordered(race.laps()));
    }

    private Process launch(String transactionalId, String season, String round, String speed, String log) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), ReplayerProcess.class.getName(),
                broker.bootstrapServers(), Fixtures.archive().toString(), transactionalId, season, round, speed)
                .redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
    }

    private Optional<ProducerCheckpoint> killWhen(String job, Predicate<ProducerCheckpoint> midway) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Optional<ProducerCheckpoint> latest = Optional.empty();
        while (System.nanoTime() < deadline && child.isAlive()) {
            latest = ReplayCheckpoints.latest(kafkaProps(), job);
            if (latest.filter(midway).isPresent()) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(child.isAlive()).as("the child replay was still running when killed, see %s", dir).isTrue();
        child.destroyForcibly().waitFor();
        Optional<ProducerCheckpoint> atKill = ReplayCheckpoints.latest(kafkaProps(), job);
        assertThat(atKill).isPresent();
        assertThat(atKill.get().getFinished()).isFalse();
        return atKill;
    }

    private static void assertEachSessionExactlyOnce(List<SessionRecords> expected, String prefix) {
        List<ConsumerRecord<String, byte[]>> results = TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_RESULTS, "read_committed");
        List<ConsumerRecord<String, byte[]>> laps = TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_LAPS, "read_committed");
        List<ConsumerRecord<String, byte[]>> control = TopicReader.readAll(broker.bootstrapServers(), Topics.CONTROL, "read_committed");
        List<ConsumerRecord<String, byte[]>> qualifying = TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_QUALIFYING, "read_committed");
        List<ConsumerRecord<String, byte[]>> pitStops = TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_PITSTOPS, "read_committed");
        List<ConsumerRecord<String, byte[]>> driverStandings = TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_DRIVER_STANDINGS, "read_committed");
        List<ConsumerRecord<String, byte[]>> constructorStandings = TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_CONSTRUCTOR_STANDINGS, "read_committed");
        for (SessionRecords session : expected) {
            String key = RecordKeys.session(session.season(), session.round(), session.session());
            assertThat(ofSession(results, key)).extracting(r -> PitwallSerdes.rawResultCodec().decode(r.value()))
                    .as("results of %s", key).containsExactlyElementsOf(session.results());
            assertThat(ofSession(laps, key)).extracting(r -> PitwallSerdes.rawLapCodec().decode(r.value()))
                    .as("laps of %s", key).containsExactlyInAnyOrderElementsOf(session.laps());
            List<SessionEvent> events = ofSession(control, key).stream().map(r -> PitwallSerdes.sessionEventCodec().decode(r.value())).toList();
            assertThat(events).extracting(SessionEvent::getType).as("control events of %s", key)
                    .containsExactly(SessionEventType.STARTED, SessionEventType.FINISHED);
            assertThat(events.get(1).getExpected()).isEqualTo(session.expected());
            assertThat(ofSession(qualifying, key)).extracting(r -> PitwallSerdes.rawQualifyingCodec().decode(r.value()))
                    .as("qualifying of %s", key).containsExactlyElementsOf(session.qualifying());
            assertThat(ofSession(pitStops, key)).extracting(r -> PitwallSerdes.rawPitStopCodec().decode(r.value()))
                    .as("pit stops of %s", key).containsExactlyElementsOf(session.pitStops());
            assertThat(ofSession(driverStandings, key)).extracting(r -> PitwallSerdes.rawStandingCodec().decode(r.value()))
                    .as("driver standings of %s", key).containsExactlyElementsOf(session.driverStandings());
            assertThat(ofSession(constructorStandings, key)).extracting(r -> PitwallSerdes.rawStandingCodec().decode(r.value()))
                    .as("constructor standings of %s", key).containsExactlyElementsOf(session.constructorStandings());
        }
        assertThat(results.stream().filter(r -> r.key().startsWith(prefix)).count())
                .isEqualTo(expected.stream().mapToLong(s -> s.results().size()).sum());
        assertThat(laps.stream().filter(r -> r.key().startsWith(prefix)).count())
                .isEqualTo(expected.stream().mapToLong(s -> s.laps().size()).sum());
        assertThat(control.stream().filter(r -> r.key().startsWith(prefix)).map(ConsumerRecord::key).collect(Collectors.toSet()))
                .hasSize(expected.size());
    }

    private static List<SessionRecords> season(int season) {
        try (RawArchiveSource archive = new RawArchiveSource(Fixtures.archive())) {
            WeekendReader reader = new WeekendReader(archive);
            List<SessionRecords> sessions = new ArrayList<>();
            for (int round : reader.rounds(season)) {
                sessions.addAll(reader.weekend(season, round, false));
            }
            return sessions;
        }
    }

    private static List<ConsumerRecord<String, byte[]>> ofSession(List<ConsumerRecord<String, byte[]>> records, String sessionKey) {
        return records.stream().filter(r -> RecordKeys.sessionPrefix(r.key()).equals(sessionKey)).toList();
    }

    private static Map<String, Object> kafkaProps() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    }

}

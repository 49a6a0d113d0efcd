package dev.pitwall.producer.livetiming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.embedded.EmbeddedKafka;
import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.testing.Fixtures;
import dev.pitwall.producer.testing.TopicReader;
import dev.pitwall.schemas.SessionPartitioner;
import dev.pitwall.schemas.TopicCatalogue;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.RawLiveTiming;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.schemas.serde.PitwallSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 2018 Baku race from the recorded archive into f1.raw.livetiming: every line once, in order, on one partition; a second run skips it. */
class LiveTimingReplayerIT {
    private static final String BAKU = "2018/2018-04-29_Azerbaijan_Grand_Prix/2018-04-29_Race/";
    @TempDir
    static Path dir;
    static EmbeddedKafka broker;

    @BeforeAll
    static void start() {
        Fixtures.jolpica();
        broker = EmbeddedKafka.start(dir.resolve("broker"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicCatalogue.ensure(admin, (short) 1);
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aSessionIsSentVerbatimInOffsetOrderOnceWithItsFinishedCounts() throws Exception {
        Path root = Fixtures.archive().resolve("livetiming");
        Map<String, Object> kafka = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<LiveTimingReplayer.Outcome> first;
        try (RawArchiveSource schedule = new RawArchiveSource(Fixtures.archive());
             LiveTimingReplayer replayer = new LiveTimingReplayer(kafka, "lt-it", new LocalLiveTimingArchive(root), schedule)) {
            assertThat(replayer.scheduled(2018, 4)).extracting(ArchivedSession::path).contains(BAKU);
            first = replayer.replayRound(2018, 4, null);
        }
        assertThat(first).singleElement().satisfies(o -> {
            assertThat(o.key()).isEqualTo("2018/4/R");
            assertThat(o.skipped()).isFalse();
        });
        long timingLines = Files.readAllLines(root.resolve(BAKU + "TimingData.jsonStream"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).count();
        assertThat(first.get(0).sentPerTopic()).containsEntry("TimingData", timingLines);

        // the tests share the broker: keep to this session's records
        List<ConsumerRecord<String, byte[]>> raw = TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_LIVETIMING, "read_committed")
                .stream().filter(r -> r.key().startsWith("2018/4/R/")).toList();
        assertThat(raw).hasSize((int) first.get(0).messages());
        int partition = SessionPartitioner.partitionFor("2018/4/R", Topics.SESSION_PARTITIONS);
        assertThat(raw).allSatisfy(r -> assertThat(r.partition()).isEqualTo(partition));
        List<RawLiveTiming> values = raw.stream().map(r -> PitwallSerdes.rawLiveTimingCodec().decode(r.value())).toList();
        assertThat(values).extracting(RawLiveTiming::getStreamOffsetMs).isSorted();
        RawLiveTiming firstTrack = values.stream().filter(v -> v.getTopic().equals("TrackStatus")).findFirst().orElseThrow();
        assertThat(firstTrack.getMessage()).isEqualTo("{\"Status\":\"2\",\"Message\":\"Yellow\"}");
        assertThat(raw.get(0).key()).startsWith("2018/4/R/");

        List<SessionEvent> events = TopicReader.readAll(broker.bootstrapServers(), Topics.CONTROL, "read_committed").stream()
                .filter(r -> r.key().equals("2018/4/R")).map(r -> PitwallSerdes.sessionEventCodec().decode(r.value())).toList();
        assertThat(events).extracting(SessionEvent::getType).containsExactly(SessionEventType.STARTED, SessionEventType.FINISHED);
        assertThat(events.get(1).getExpected()).containsEntry("timing_laps", timingLines).containsEntry("track_status", 22L);

        try (RawArchiveSource schedule = new RawArchiveSource(Fixtures.archive());
             LiveTimingReplayer replayer = new LiveTimingReplayer(kafka, "lt-it", new LocalLiveTimingArchive(root), schedule)) {
            assertThat(replayer.replayRound(2018, 4, null)).singleElement().satisfies(o -> assertThat(o.skipped()).isTrue());
        }
        assertThat(TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_LIVETIMING, "read_committed"))
                .filteredOn(r -> r.key().startsWith("2018/4/R/")).hasSize(raw.size());
    }

    /** With a speed factor the session goes in one-second slices, paced by the offsets, each committed with its checkpoint. */
    @Test
    void aPacedReplaySendsTheSameMessagesInSlicesEachWithItsCheckpoint() {
        Path root = Fixtures.archive().resolve("livetiming");
        Map<String, Object> kafka = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<LiveTimingReplayer.Outcome> outcomes;
        try (RawArchiveSource schedule = new RawArchiveSource(Fixtures.archive());
             LiveTimingReplayer replayer = new LiveTimingReplayer(kafka, "lt-it-paced", new LocalLiveTimingArchive(root), schedule)) {
            int round = replayer.roundOf(2019, replayer.scheduled(2019, 14).get(0));
            assertThat(round).isEqualTo(14);
            outcomes = replayer.replayRound(2019, 14, 5000.0);
        }
        LiveTimingReplayer.Outcome q = outcomes.stream().filter(o -> o.key().equals("2019/14/Q")).findFirst().orElseThrow();
        List<RawLiveTiming> sent = TopicReader.readAll(broker.bootstrapServers(), Topics.RAW_LIVETIMING, "read_committed").stream()
                .map(r -> PitwallSerdes.rawLiveTimingCodec().decode(r.value())).filter(v -> v.getSeason() == 2019).toList();
        assertThat(sent).hasSize((int) q.messages());
        assertThat(sent).extracting(RawLiveTiming::getStreamOffsetMs).isSorted();
        assertThat(sent).allSatisfy(v -> assertThat(v.getFeedTimestamp()).as("the index gives the start").isNotNull());
        long checkpoints = TopicReader.readAll(broker.bootstrapServers(), Topics.PRODUCER_CHECKPOINTS, "read_committed").stream()
                .filter(r -> r.key().startsWith("livetiming/2019/")).count();
        System.out.println("paced 2019 Monza qualifying: " + q.messages() + " messages in " + checkpoints + " transactions");
        assertThat(checkpoints).isGreaterThan(10);
    }
}

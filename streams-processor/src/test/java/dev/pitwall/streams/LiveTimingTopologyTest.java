package dev.pitwall.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pitwall.schemas.RecordKeys;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.Batch;
import dev.pitwall.schemas.avro.CleanTimingLap;
import dev.pitwall.schemas.avro.CleanTimingRaceControl;
import dev.pitwall.schemas.avro.CleanTimingStint;
import dev.pitwall.schemas.avro.CleanTrackStatus;
import dev.pitwall.schemas.avro.CloseReason;
import dev.pitwall.schemas.avro.RawLiveTiming;
import dev.pitwall.schemas.avro.RejectedRecord;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.streams.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live-timing messages through the real topology: merged per session into laps and track status, broken lines dead-lettered. */
class LiveTimingTopologyTest {
    private static final String BAKU = "2018/2018-04-29_Azerbaijan_Grand_Prix/2018-04-29_Race/";

    static Path livetiming() {
        Path root = Path.of(System.getProperty("pitwall.fixtures", "../../shared/fixtures")).resolve("livetiming");
        assumeTrue(Files.isDirectory(root), "recorded live timing not found at " + root.toAbsolutePath() + ": skipping");
        return root;
    }

    /** The session's topics as the static replayer sends them: every line verbatim, in stream-offset order. */
    static List<RawLiveTiming> staticMessages(Path session, int season, int round, String code, String... topics) throws Exception {
        record Line(long offset, int topic, int index, RawLiveTiming value) {}
        List<Line> lines = new ArrayList<>();
        for (int t = 0; t < topics.length; t++) {
            List<String> text = Files.readAllLines(session.resolve(topics[t] + ".jsonStream"), StandardCharsets.UTF_8);
            for (int i = 0; i < text.size(); i++) {
                String l = text.get(i).replace("\uFEFF", "");
                if (l.isBlank()) {
                    continue;
                }
                long offset = Long.parseLong(l.substring(0, 2)) * 3_600_000 + Long.parseLong(l.substring(3, 5)) * 60_000
                        + Long.parseLong(l.substring(6, 8)) * 1000 + Long.parseLong(l.substring(9, 12));
                lines.add(new Line(offset, t, i, RawLiveTiming.newBuilder().setSource("livetiming-static").setSeason(season)
                        .setRound(round).setSession(code).setTopic(topics[t]).setMessage(l.substring(12))
                        .setStreamOffsetMs(offset).setSequence((long) i).setFeedTimestamp(null).build()));
            }
        }
        lines.sort(Comparator.comparingLong(Line::offset).thenComparingInt(Line::topic).thenComparingInt(Line::index));
        return lines.stream().map(Line::value).toList();
    }

    private static List<KeyValue<String, RawLiveTiming>> keyed(List<RawLiveTiming> messages) {
        return messages.stream().map(m -> KeyValue.pair(
                RecordKeys.liveTiming(m.getSeason(), m.getRound(), m.getSession(), m.getTopic()), m)).toList();
    }

    @Test
    void aRecordedRaceBecomesOneLapPerDriverPerLapAndClosesOnFinished(@TempDir Path state) throws Exception {
        List<RawLiveTiming> messages = staticMessages(livetiming().resolve(BAKU), 2018, 4, "R",
                "TimingAppData", "TimingData", "TrackStatus", "SessionStatus", "RaceControlMessages");
        long timing = messages.stream().filter(m -> m.getTopic().equals("TimingData")).count();
        long status = messages.stream().filter(m -> m.getTopic().equals("TrackStatus")).count();
        long app = messages.stream().filter(m -> m.getTopic().equals("TimingAppData")).count();
        long raceControl = messages.stream().filter(m -> m.getTopic().equals("RaceControlMessages")).count();
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), state)) {
            topology.pipeEvent(new SessionEvent(2018, 4, "R", SessionEventType.FINISHED, "livetiming-static", "run",
                    Map.of("timing_laps", timing, "track_status", status, "timing_stints", app, "timing_race_control", raceControl), 0L));
            topology.pipe(Topics.RAW_LIVETIMING, keyed(messages));
            List<KeyValue<String, CleanTimingLap>> laps = topology.clean(Topics.CLEAN_TIMING_LAPS, CleanTimingLap.class);
            assertThat(laps).hasSize(841);
            assertThat(laps).extracting(kv -> kv.key).doesNotHaveDuplicates().contains("2018/4/R/44/35");
            CleanTimingLap hamilton35 = laps.stream().filter(kv -> kv.key.equals("2018/4/R/44/35")).findFirst().orElseThrow().value;
            assertThat(hamilton35.getLapTimeMs()).isEqualTo(105_412L);
            assertThat(hamilton35.getCompound()).isEqualTo("SOFT");
            assertThat(hamilton35.getRevision()).isEqualTo(1);
            assertThat(topology.clean(Topics.CLEAN_TRACK_STATUS, CleanTrackStatus.class)).hasSize((int) status);
            // 20 starting stints + Jolpica's 36 pit stops, each a tyre change; revised as the tyres age
            List<KeyValue<String, CleanTimingStint>> stints = topology.clean(Topics.CLEAN_TIMING_STINTS, CleanTimingStint.class);
            assertThat(stints.stream().map(kv -> kv.key).distinct().count()).isEqualTo(56);
            CleanTimingStint lastOfHamilton = stints.stream().filter(kv -> kv.key.equals("2018/4/R/44/3")).reduce((a, b) -> b).orElseThrow().value;
            assertThat(lastOfHamilton.getCompound()).isEqualTo("ULTRASOFT");
            List<KeyValue<String, CleanTimingRaceControl>> messagesOut = topology.clean(Topics.CLEAN_TIMING_RACE_CONTROL, CleanTimingRaceControl.class);
            assertThat(messagesOut).hasSize(109);
            assertThat(messagesOut.get(0).value.getMessage()).isEqualTo("DRS DISABLED");
            assertThat(messagesOut.get(0).value.getDateUtc()).isEqualTo("2018-04-29T12:07:10Z");
            List<Batch> batches = topology.batches();
            assertThat(batches).filteredOn(b -> b.getTable().equals("timing_laps"))
                    .allSatisfy(b -> assertThat(b.getCloseReason()).isIn(CloseReason.SESSION_FINISHED, CloseReason.MAX_RECORDS))
                    .extracting(b -> b.getRows().size()).containsExactly(841);
            assertThat(batches).filteredOn(b -> b.getTable().equals("track_status")).hasSize(1);
            assertThat(batches).filteredOn(b -> b.getTable().equals("timing_race_control")).extracting(b -> b.getRows().size()).containsExactly(109);
            assertThat(batches).filteredOn(b -> b.getTable().equals("timing_stints")).hasSize(1);
            assertThat(topology.deadLetters()).isEmpty();

            // the same session replayed again: nothing new, no revision
            topology.pipe(Topics.RAW_LIVETIMING, keyed(messages));
            assertThat(topology.cleanCount(Topics.CLEAN_TIMING_LAPS)).isZero();
        }
    }

    /** A FastF1 recording line: {@code ['Topic', {...}, 'timestamp']}, Python literals. */
    private static final Pattern RECORDED = Pattern.compile("^\\['([^']+)',\\s*(.+),\\s*'([^']+)'\\]$");

    /**
     * FastF1's live recording with deliberately broken lines, as a live follower would send them:
     * a well-formed line's payload as JSON, a broken one verbatim. Every broken message is
     * dead-lettered with a reason; every good one goes on.
     */
    @Test
    void brokenLiveMessagesGoToTheDeadLetterTopicWithAReasonAndNothingElseStops(@TempDir Path state) throws Exception {
        Path recording = livetiming().resolve("_fastf1_live_recordings/with_errors.txt");
        List<String> lines = Files.readAllLines(recording, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        List<RawLiveTiming> messages = new ArrayList<>();
        int good = 0;
        for (String line : lines) {
            Matcher m = RECORDED.matcher(line.trim());
            String topic = m.matches() ? m.group(1) : "unknown";
            String payload = m.matches() ? pythonToJson(m.group(2)) : line;
            if (m.matches() && wellFormed(topic, payload)) {
                good++;
            }
            messages.add(RawLiveTiming.newBuilder().setSource("livetiming-live").setSeason(2021).setRound(1).setSession("R")
                    .setTopic(topic).setMessage(payload).setFeedTimestamp(m.matches() ? m.group(3) : null).build());
        }
        try (TopologyHarness topology = new TopologyHarness(TopologyConfig.defaults(), state)) {
            topology.pipe(Topics.RAW_LIVETIMING, keyed(messages));
            List<TestRecord<String, byte[]>> dead = topology.deadLetters();
            System.out.println("with_errors.txt: " + lines.size() + " lines, " + dead.size() + " dead-lettered");
            assertThat(dead).isNotEmpty().allSatisfy(d -> {
                assertThat(new String(d.headers().lastHeader(DeadLetter.ERROR_CODE).value(), StandardCharsets.UTF_8)).startsWith("PW-2017");
                assertThat(new String(d.headers().lastHeader(DeadLetter.ERROR_MESSAGE).value(), StandardCharsets.UTF_8)).isNotBlank();
            });
            assertThat(dead).as("exactly the lines that are not a topic, a JSON payload and a timestamp").hasSize(lines.size() - good);
            // the session goes on: a good message after the broken ones still merges and derives
            topology.pipe(Topics.RAW_LIVETIMING, keyed(List.of(RawLiveTiming.newBuilder().setSource("livetiming-live").setSeason(2021)
                    .setRound(1).setSession("R").setTopic("TrackStatus").setMessage("{\"Status\":\"1\",\"Message\":\"AllClear\"}")
                    .setFeedTimestamp("2021-03-28T15:00:00Z").build())));
            assertThat(topology.clean(Topics.CLEAN_TRACK_STATUS, CleanTrackStatus.class)).extracting(kv -> kv.value.getStatus()).endsWith("1");
            topology.pipeEvent(new SessionEvent(2021, 1, "R", SessionEventType.FINISHED, "livetiming-live", "run",
                    Map.of("timing_laps", messages.stream().filter(x -> x.getTopic().equals("TimingData")).count(),
                            "track_status", messages.stream().filter(x -> x.getTopic().equals("TrackStatus")).count() + 1), 0L));
            List<Batch> batches = topology.batches();
            List<RejectedRecord> rejected = batches.stream().filter(b -> b.getTable().equals("rejected"))
                    .flatMap(b -> TopologyHarness.rejected(b).stream()).toList();
            assertThat(rejected).hasSize(dead.size()).allSatisfy(r -> assertThat(r.getErrorName()).isEqualTo("BAD_FEED_MESSAGE"));
        }
    }

    /** A JSON object, or for a .z topic a JSON string of valid base64 (the recording's two .z payloads are cut short, not a multiple of 4). */
    private static boolean wellFormed(String topic, String payload) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(payload);
            if (topic.endsWith(".z")) {
                java.util.Base64.getDecoder().decode(node.asText());
                return node.isTextual();
            }
            return node.isObject();
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Python literal -> JSON for the recording's well-formed payloads (strings in single quotes, True/False/None). */
    static String pythonToJson(String literal) {
        return literal.replace("'", "\"").replace("True", "true").replace("False", "false").replace("None", "null");
    }
}

package dev.pitwall.streams.livetiming;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A recorded static-archive session from {@code pitwall.fixtures/livetiming}, its topics' lines merged in feed order. */
final class RecordedLiveTiming {
    static final ObjectMapper JSON = new ObjectMapper();

    record Message(String topic, long offsetMs, int line, JsonNode json) {}

    private RecordedLiveTiming() {}

    static Path root() {
        Path root = Path.of(System.getProperty("pitwall.fixtures", "../../shared/fixtures")).resolve("livetiming");
        assumeTrue(Files.isDirectory(root), "recorded live timing not found at " + root.toAbsolutePath() + ": skipping");
        return root;
    }

    /** Every line of the given topics, ordered by stream offset (ties: topic order given, then line). */
    static List<Message> read(Path sessionDir, String... topics) {
        List<Message> all = new ArrayList<>();
        for (int t = 0; t < topics.length; t++) {
            Path file = sessionDir.resolve(topics[t] + ".jsonStream");
            if (!Files.exists(file)) {
                continue;
            }
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i).replace("\uFEFF", "");
                    if (l.length() < 12) {
                        continue;
                    }
                    all.add(new Message(topics[t], FeedValues.timeMs(l.substring(0, 12)), i, JSON.readTree(l.substring(12))));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> order = List.of(topics);
        all.sort(Comparator.comparingLong(Message::offsetMs).thenComparing(m -> order.indexOf(m.topic())).thenComparingInt(Message::line));
        return all;
    }

    static List<TimingLap> derive(Path sessionDir, boolean race) {
        TimingLapDeriver deriver = new TimingLapDeriver(race);
        List<TimingLap> laps = new ArrayList<>();
        for (Message m : read(sessionDir, "TimingAppData", "TimingData")) {
            laps.addAll(deriver.accept(m.topic(), m.json(), m.offsetMs()));
        }
        laps.addAll(deriver.finish());
        return laps;
    }
}

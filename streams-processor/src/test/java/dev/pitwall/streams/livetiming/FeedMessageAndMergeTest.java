package dev.pitwall.streams.livetiming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitwall.streams.clean.RejectReason;
import dev.pitwall.streams.clean.Rejection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** The message decoding and merge rules of the notes, one by one. */
class FeedMessageAndMergeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aZTopicIsBase64OfRawDeflate() throws Exception {
        String json = "{\"Entries\":[{\"Utc\":\"2023-04-29T13:30:00Z\",\"Cars\":{\"1\":{\"Channels\":{\"0\":11000}}}}]}";
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(json.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        String message = "\"" + Base64.getEncoder().encodeToString(out.toByteArray()) + "\"";
        assertThat(FeedMessage.parse("CarData.z", message)).isEqualTo(JSON.readTree(json));
        assertThatThrownBy(() -> FeedMessage.parse("CarData.z", "\"" + Base64.getEncoder().encodeToString("not deflate".getBytes()) + "\""))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.BAD_FEED_MESSAGE));
        assertThatThrownBy(() -> FeedMessage.parse("TimingData", "{\"Lines\":{\"1\":"))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.BAD_FEED_MESSAGE));
    }

    @Test
    void objectsMergeKeyByKeyIndexKeyedObjectsUpdateArraysAndKeyframeMarksAreDropped() throws Exception {
        JsonNode state = JSON.readTree("{\"Lines\":{\"44\":{\"Sectors\":[{\"Value\":\"\"},{\"Value\":\"\"},{\"Value\":\"\"}],\"Position\":\"2\"}}}");
        JsonNode merged = FeedMerge.merge(state, JSON.readTree(
                "{\"_kf\":true,\"Lines\":{\"44\":{\"Sectors\":{\"1\":{\"Value\":\"42.663\"}},\"Position\":\"1\"},\"77\":{\"Position\":\"2\"}}}"));
        assertThat(merged).isEqualTo(JSON.readTree(
                "{\"Lines\":{\"44\":{\"Sectors\":[{\"Value\":\"\"},{\"Value\":\"42.663\"},{\"Value\":\"\"}],\"Position\":\"1\"},\"77\":{\"Position\":\"2\"}}}"));
        assertThat(FeedMerge.merge(JSON.readTree("{\"Stints\":[{\"Compound\":\"SOFT\"}]}"),
                JSON.readTree("{\"Stints\":{\"1\":{\"Compound\":\"HARD\"}}}")))
                .isEqualTo(JSON.readTree("{\"Stints\":[{\"Compound\":\"SOFT\"},{\"Compound\":\"HARD\"}]}"));
    }

    @Test
    void gapsAndTimesParseTheFeedsDisplayStrings() {
        assertThat(FeedValues.timeMs("1:45.412")).isEqualTo(105_412L);
        assertThat(FeedValues.timeMs("42.025")).isEqualTo(42_025L);
        assertThat(FeedValues.gapMs("+1.234")).isEqualTo(1_234L);
        assertThat(FeedValues.gapMs("1L")).isNull();
        assertThat(FeedValues.gapLaps("1L")).isEqualTo(1);
        assertThat(FeedValues.gapMs("LAP 12")).isNull();
        assertThat(FeedValues.timeMs("")).isNull();
    }
}

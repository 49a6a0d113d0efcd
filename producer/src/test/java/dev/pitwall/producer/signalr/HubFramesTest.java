package dev.pitwall.producer.signalr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hub records as F1 sends them: the data of a feed update and each topic of the Subscribe result are kept as sent. */
class HubFramesTest {
    @Test
    void recordsAreSplitAtTheSeparatorAndARestWaitsForMore() {
        StringBuilder buffer = new StringBuilder("{\"type\":6}\u001e{\"type\":1,\"tar");
        assertThat(HubFrames.split(buffer)).containsExactly("{\"type\":6}");
        assertThat(buffer).hasToString("{\"type\":1,\"tar");
    }

    @Test
    void aFeedUpdateKeepsItsDataVerbatim() throws IOException {
        String data = "{\"Lines\":{\"44\":{\"Sectors\":{\"2\":{\"Value\":\"25.563\"}},\"Speeds\":{\"FL\":{\"Value\":\"298\"}}, \"x\" : 1.10}}}";
        HubFrames.Frame frame = HubFrames.parse("{\"type\":1,\"target\":\"feed\",\"arguments\":[\"TimingData\"," + data
                + ",\"2023-04-29T12:01:02.345Z\"]}");
        assertThat(frame.type()).isEqualTo(1);
        assertThat(frame.target()).isEqualTo("feed");
        assertThat(frame.arguments()).containsExactly("\"TimingData\"", data, "\"2023-04-29T12:01:02.345Z\"");
        assertThat(HubFrames.text(frame.arguments().get(0))).isEqualTo("TimingData");
    }

    @Test
    void theSubscribeResultIsCutIntoTopics() throws IOException {
        HubFrames.Frame frame = HubFrames.parse("{\"type\":3,\"invocationId\":\"0\",\"result\":{\"TrackStatus\":{\"Status\":\"1\",\"Message\":\"AllClear\"},"
                + "\"CarData.z\":\"7ZRBa8IwFMe/ytjZQpO0aett2N0cDqbsIB6yNtXS2pSkDkT63X\",\"Heartbeat\":{\"Utc\":\"2023-04-29T12:00:00Z\",\"_kf\":true}}}");
        assertThat(frame.type()).isEqualTo(3);
        assertThat(frame.invocationId()).isEqualTo("0");
        assertThat(frame.result()).containsExactly(
                java.util.Map.entry("TrackStatus", "{\"Status\":\"1\",\"Message\":\"AllClear\"}"),
                java.util.Map.entry("CarData.z", "\"7ZRBa8IwFMe/ytjZQpO0aett2N0cDqbsIB6yNtXS2pSkDkT63X\""),
                java.util.Map.entry("Heartbeat", "{\"Utc\":\"2023-04-29T12:00:00Z\",\"_kf\":true}"));
    }

    @Test
    void theF1tvTokenIsNeverPrinted() {
        SignalRClient.Settings settings = SignalRClient.Settings.of(java.net.URI.create("http://127.0.0.1:1/signalrcore"), "eyJhbGciOiJSUzI1NiJ9.secret");
        assertThat(settings.toString()).doesNotContain("secret").contains("bearerToken=(set)");
        assertThat(SignalRClient.Settings.of(java.net.URI.create("http://127.0.0.1:1/signalrcore"), null).toString()).contains("bearerToken=none");
    }

    @Test
    void pingsCloseAndBrokenRecords() throws IOException {
        assertThat(HubFrames.parse("{\"type\":6}").type()).isEqualTo(6);
        assertThat(HubFrames.parse("{\"type\":7,\"error\":\"Connection closed with an error.\"}").error()).isEqualTo("Connection closed with an error.");
        assertThat(HubFrames.parse("{}").type()).isZero();
        assertThatThrownBy(() -> HubFrames.parse("{\"type\":1,\"target\":\"feed\",\"arguments\":[\"TimingData\",{\"Lines\":")).isInstanceOf(IOException.class);
        assertThat(HubFrames.record(List.of())).endsWith("\u001e");
    }
}

package dev.pitwall.producer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pitwall.producer.openf1.OpenF1Endpoint;
import dev.pitwall.schemas.Topics;
import dev.pitwall.schemas.avro.RawOpenF1;
import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.serde.PitwallSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What the raw OpenF1 topics and the control topic hold for one session, read_committed. */
public final class OpenF1Topics {
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** One raw record as read back. */
    public record Sent(String key, RawOpenF1 value, JsonNode payload, long offset) {}

    private OpenF1Topics() {}

    /** Every committed record of the endpoint whose key starts with {@code sessionPrefix + "/"}, in offset order. */
    public static List<Sent> records(String bootstrap, OpenF1Endpoint endpoint, String sessionPrefix) {
        List<Sent> sent = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(bootstrap, endpoint.topic(), "read_committed")) {
            if (record.key().startsWith(sessionPrefix + "/")) {
                RawOpenF1 value = PitwallSerdes.rawOpenF1Codec().decode(record.value());
                sent.add(new Sent(record.key(), value, parse(value.getPayload()), record.offset()));
            }
        }
        sent.sort(Comparator.comparingLong(Sent::offset));
        return sent;
    }

    /** The last version per key (a session lives on one partition, so offset order is commit order). */
    public static Map<String, JsonNode> lastPerKey(List<Sent> sent) {
        Map<String, JsonNode> last = new LinkedHashMap<>();
        sent.forEach(s -> last.put(s.key(), s.payload()));
        return last;
    }

    /** The control events of the session, in order. */
    public static List<SessionEvent> events(String bootstrap, String sessionKey) {
        List<SessionEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(bootstrap, Topics.CONTROL, "read_committed")) {
            if (record.key().equals(sessionKey)) {
                events.add(PitwallSerdes.sessionEventCodec().decode(record.value()));
            }
        }
        return events;
    }

    /** Fixture objects keyed the way the producer keys them. */
    public static Map<String, JsonNode> byKey(String sessionPrefix, OpenF1Endpoint endpoint, List<JsonNode> objects) {
        Map<String, JsonNode> keyed = new LinkedHashMap<>();
        for (JsonNode object : objects) {
            keyed.put(sessionPrefix + endpoint.keySuffix(object), parse(object.toString()));
        }
        return keyed;
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.pitwall.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitwall.schemas.avro.SessionEvent;
import dev.pitwall.schemas.avro.SessionEventType;
import dev.pitwall.schemas.serde.PitwallSerdes;
import dev.pitwall.schemas.serde.RecordCodec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records holding enums decode without any SERIALIZABLE_PACKAGES system property, as in production. */
class TrustedClassesTest {

    @Test
    void sessionEventWithEnumDecodesWithoutSystemProperties() {
        assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();
        SessionEvent event = SessionEvent.newBuilder().setSeason(2024).setRound(6).setSession("R")
                .setType(SessionEventType.FINISHED).setSource("archive").setRunId("run-1")
                .setExpected(Map.of("results", 20L, "laps", 1110L)).setEmittedAtMs(1L).build();
        RecordCodec<SessionEvent> codec = PitwallSerdes.sessionEventCodec();
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }
}

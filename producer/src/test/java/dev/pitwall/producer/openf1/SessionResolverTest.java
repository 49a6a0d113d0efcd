package dev.pitwall.producer.openf1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.producer.archive.RawArchiveSource;
import dev.pitwall.producer.source.SourceException;
import dev.pitwall.producer.testing.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionResolverTest {

    @Test
    void sessionCodesFollowOpenF1Names() {
        assertThat(SessionResolver.sessionCode("Race", "Race")).contains("R");
        assertThat(SessionResolver.sessionCode("Sprint", "Race")).contains("S");
        assertThat(SessionResolver.sessionCode("Qualifying", "Qualifying")).contains("Q");
        assertThat(SessionResolver.sessionCode("Sprint Qualifying", "Sprint Qualifying")).contains("SQ");
        assertThat(SessionResolver.sessionCode("Sprint Shootout", "Qualifying")).contains("SQ");
        assertThat(SessionResolver.sessionCode("Practice 1", "Practice")).contains("FP1");
        assertThat(SessionResolver.sessionCode("Practice 3", "Practice")).contains("FP3");
        assertThat(SessionResolver.sessionCode("Day 2", "Practice")).isEmpty();
    }

    @Test
    void theRoundIsTheScheduledWeekendHoldingTheSessionDate() {
        try (RawArchiveSource schedule = new RawArchiveSource(Fixtures.archive())) {
            SessionResolver resolver = new SessionResolver(schedule);
            // Spain 2024: race on Sunday 23 June (round 10); qualifying on the Saturday, practice on the Friday
            assertThat(resolver.resolve(session(9539, "Race", "2024-06-23T13:00:00Z")).key()).isEqualTo("2024/10/R");
            assertThat(resolver.resolve(session(9538, "Qualifying", "2024-06-22T14:00:00Z")).key()).isEqualTo("2024/10/Q");
            assertThat(resolver.resolve(session(9535, "Practice 1", "2024-06-21T11:30:00Z")).key()).isEqualTo("2024/10/FP1");
            // Austria 2024 (round 11, a sprint weekend)
            assertThat(resolver.resolve(session(9545, "Sprint", "2024-06-29T10:00:00Z")).key()).isEqualTo("2024/11/S");

            assertThatThrownBy(() -> resolver.resolve(session(1, "Race", "2024-08-10T13:00:00Z")))
                    .isInstanceOf(SourceException.class).hasMessageContaining("falls in no race weekend").hasMessageNotContaining("\n");
            assertThatThrownBy(() -> resolver.resolve(session(2, "Day 1", "2024-02-21T07:00:00Z")))
                    .isInstanceOf(SourceException.class).hasMessageContaining("no session code");
        }
    }

    private static OpenF1Session session(int key, String name, String start) {
        Instant at = Instant.parse(start);
        return new OpenF1Session(key, 1, 2024, name, name, at, at.plusSeconds(7200));
    }
}

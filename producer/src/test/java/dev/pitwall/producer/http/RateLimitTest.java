package dev.pitwall.producer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    @Test
    void parsesWhatAUserTypes() {
        assertThat(RateLimit.parse("30/10s")).isEqualTo(RateLimit.openF1());
        assertThat(RateLimit.parse(" 4/1s + 500/1h ")).isEqualTo(RateLimit.jolpica());
        assertThat(RateLimit.parse("UNLIMITED")).isEqualTo(RateLimit.unlimited());
        assertThat(RateLimit.parse("5/250ms").windows()).containsExactly(new RateLimit.Window(5, Duration.ofMillis(250)));
        assertThat(RateLimit.parse("60/1m").windows()).isEqualTo(List.of(new RateLimit.Window(60, Duration.ofMinutes(1))));
    }

    @Test
    void refusesWhatItCannotRead() {
        for (String bad : new String[] {"", "30", "30/10", "30/10d", "0/1s", "a/1s", "4/1s+"}) {
            assertThatThrownBy(() -> RateLimit.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

package dev.pitwall.producer.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

    @Test
    void delaySecondsAndHttpDatesAreBothRead() {
        assertThat(RetryAfter.parse("1", NOW)).contains(Duration.ofSeconds(1));
        assertThat(RetryAfter.parse(" 120 ", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:30 GMT", NOW)).contains(Duration.ofSeconds(30));
    }

    @Test
    void aDateInThePastMeansNoWaitAndNonsenseIsIgnored() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    }
}

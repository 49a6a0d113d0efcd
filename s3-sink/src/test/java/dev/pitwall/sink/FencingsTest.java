package dev.pitwall.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FencingsTest {
    private static final long MINUTE = 60_000_000_000L;

    @Test
    void threeFencingsInFiveMinutesAreToleratedTheFourthIsNot() {
        Fencings f = new Fencings();
        assertThat(f.tolerate(0)).isTrue();
        assertThat(f.tolerate(MINUTE)).isTrue();
        assertThat(f.tolerate(2 * MINUTE)).isTrue();
        assertThat(f.tolerate(3 * MINUTE)).isFalse();
        assertThat(f.recent()).isEqualTo(4);
    }

    @Test
    void fencingsOlderThanTheWindowAreForgotten() {
        Fencings f = new Fencings();
        f.tolerate(0);
        f.tolerate(MINUTE);
        f.tolerate(2 * MINUTE);
        // the first two are more than five minutes old by now
        assertThat(f.tolerate(6 * MINUTE + 1)).isTrue();
        assertThat(f.recent()).isEqualTo(2);
    }
}

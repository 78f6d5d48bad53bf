package io.selvedge.events.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 8);

    @Test
    void doublesFromTheInitialDelayUpToTheCap() {
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delayAfter(8)).isEqualTo(Duration.ofSeconds(128));
        assertThat(backoff.delayAfter(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(backoff.delayAfter(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.delayAfter(1_000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void isExhaustedAfterMaxAttemptsInAll() {
        assertThat(backoff.exhausted(7)).isFalse();
        assertThat(backoff.exhausted(8)).isTrue();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

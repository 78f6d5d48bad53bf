package io.selvedge.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ViolationsTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void refusesTextLongerThanItsColumnOrWithControlCharacters() {
        Violations v = new Violations();
        assertThat(v.text("register", "R1", 64)).isTrue();
        assertThat(v.text("register", null, 64)).isTrue();
        assertThat(v.text("register", "é😀 'quoted' <b>", 64)).isTrue();
        assertThat(v.text("register", "x".repeat(65), 64)).isFalse();
        assertThat(v.text("brand", "VI\u0000SA", 32)).isFalse();
        assertThat(v.text("reason", "line\r\nX-Injected: 1", 400)).isFalse();
        assertThat(v.text("reason", "half \uD83D surrogate", 400)).isFalse();
        assertThat(v.errors()).extracting(FieldError::field).containsExactly("register", "brand", "reason", "reason");
        assertThat(v.errors().get(0).message()).isEqualTo("must be at most 64 characters");
        assertThat(v.errors().get(1).message()).isEqualTo("must not contain control characters");
    }

    @Test
    void boundsMomentsFromTheYear2000ToAWeekAhead() {
        Violations v = new Violations();
        assertThat(v.moment("occurredAt", Instant.parse("2026-11-20T19:00:00Z"), NOW)).isTrue();
        assertThat(v.moment("occurredAt", NOW.plus(Violations.FUTURE_TOLERANCE), NOW)).isTrue();
        assertThat(v.moment("occurredAt", Instant.MAX, NOW)).isFalse();
        assertThat(v.moment("occurredAt", Instant.ofEpochSecond(4000000085683581L / 1000), NOW)).isFalse();
        assertThat(v.moment("occurredAt", Instant.parse("1999-12-31T23:59:59Z"), NOW)).isFalse();
        assertThat(v.date("businessDay", LocalDate.of(2026, 11, 28), NOW)).isTrue();
        assertThat(v.date("businessDay", LocalDate.MAX, NOW)).isFalse();
        assertThat(v.date("businessDay", LocalDate.of(-2026, 11, 20), NOW)).isFalse();
        assertThat(v.errors()).hasSize(5);
    }

    @Test
    void capsQuantitiesAtAMillion() {
        Violations v = new Violations();
        assertThat(v.quantity("q", 1L, 1)).isTrue();
        assertThat(v.quantity("q", 0L, 0)).isTrue();
        assertThat(v.quantity("q", Violations.MAX_QUANTITY, 1)).isTrue();
        assertThat(v.quantity("q", 0L, 1)).isFalse();
        assertThat(v.quantity("q", Long.MAX_VALUE, 1)).isFalse();
        assertThat(v.quantity("q", Long.MIN_VALUE, 0)).isFalse();
        assertThat(v.quantity("q", null, 1)).isFalse();
        assertThat(v.errors()).hasSize(4);
    }
}

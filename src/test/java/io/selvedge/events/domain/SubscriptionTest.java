package io.selvedge.events.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

    private static Subscription subscription(Set<String> events, Set<String> locations) {
        return new Subscription("s1", "http://127.0.0.1/hook", events, locations, "0123456789abcdef", "pos", Instant.EPOCH);
    }

    @Test
    void takesSubscribedTypesAtSubscribedLocationsAndEventsWithoutALocation() {
        Subscription abk = subscription(Set.of("availability.changed"), Set.of("STORE-ABK"));
        assertThat(abk.wants("availability.changed", "STORE-ABK")).isTrue();
        assertThat(abk.wants("availability.changed", null)).isTrue();
        assertThat(abk.wants("availability.changed", "STORE-SOHO")).isFalse();
        assertThat(abk.wants("order.created", "STORE-ABK")).isFalse();
    }

    @Test
    void withoutLocationsTakesEveryLocation() {
        Subscription all = subscription(Set.of("availability.changed"), Set.of());
        assertThat(all.wants("availability.changed", "STORE-SOHO")).isTrue();
        assertThat(all.wants("availability.changed", null)).isTrue();
    }

    @Test
    void neverShowsItsSecret() {
        assertThat(subscription(Set.of("order.created"), Set.of()).toString()).doesNotContain("0123456789abcdef");
    }
}

package io.selvedge.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The ids the hub makes are never taken for card numbers, wherever they appear (a URL, a JSON body). */
class CardNumbersProperties {

    @Property(tries = 20_000)
    void noUuidIsACardNumber(@ForAll long high, @ForAll long low) {
        String id = new UUID(high, low).toString();
        assertThat(CardNumbers.containsCardNumber("/api/v1/subscriptions/" + id)).as(id).isFalse();
        assertThat(CardNumbers.containsCardNumber("{\"reservationId\": \"" + id + "\"}")).as(id).isFalse();
    }

    @Property(tries = 2_000)
    void anAllDigitUuidIsNotACardNumberEither(@ForAll("digits") String hex) {
        String id = hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-"
                + hex.substring(20, 32);
        assertThat(CardNumbers.containsCardNumber("/api/v1/subscriptions/" + id)).as(id).isFalse();
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> digits() {
        return net.jqwik.api.Arbitraries.strings().numeric().ofLength(32);
    }
}

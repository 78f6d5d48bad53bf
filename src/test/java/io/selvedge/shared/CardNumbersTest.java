package io.selvedge.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CardNumbersTest {

    @Test
    void findsTestCardNumbersOfEveryMajorSchemeHoweverTheyAreWritten() {
        assertThat(CardNumbers.containsCardNumber("{\"reference\": \"4111111111111111\"}")).isTrue();
        assertThat(CardNumbers.containsCardNumber("{\"reference\": \"4111 1111 1111 1111\"}")).isTrue();
        assertThat(CardNumbers.containsCardNumber("{\"note\": \"card 5555-5555-5555-4444 declined\"}")).isTrue();
        assertThat(CardNumbers.containsCardNumber("{\"pan\": 378282246310005}")).isTrue();
        assertThat(CardNumbers.containsCardNumber("6011111111111117")).isTrue();
    }

    @Test
    void leavesLastFourReferencesAmountsAndGtinsAlone() {
        assertThat(CardNumbers.containsCardNumber("{\"last4\": \"4242\", \"amount\": \"97.45\"}")).isFalse();
        assertThat(CardNumbers.containsCardNumber("{\"gtin\": \"00012345678905\"}")).isFalse();
        assertThat(CardNumbers.containsCardNumber("{\"reference\": \"8815123456\"}")).isFalse();
        // a 16-digit processor reference that fails Luhn
        assertThat(CardNumbers.containsCardNumber("{\"reference\": \"4111111111111112\"}")).isFalse();
        assertThat(CardNumbers.containsCardNumber("{\"occurredAt\": \"2026-11-28T22:01:10Z\"}")).isFalse();
    }

    @Test
    void aUuidWhoseDigitsRunAcrossItsDashesIsAnIdNotACardNumber() {
        // 4111111111111111 is a valid test PAN; here it is the all-digit stretch of an id, as in a subscription's URL
        assertThat(CardNumbers.containsCardNumber("/api/v1/subscriptions/41111111-1111-1111-a111-bbbbbbbbbbbb")).isFalse();
        assertThat(CardNumbers.containsCardNumber("/api/v1/subscriptions/abcd4111-1111-1111-1111-aaaaaaaaaaaa")).isFalse();
        assertThat(CardNumbers.containsCardNumber("{\"id\": \"c0de-4111-1111-1111-1111\"}")).isFalse();
        // written on their own, grouped by dashes, they still are card numbers
        assertThat(CardNumbers.containsCardNumber("/api/v1/subscriptions/4111-1111-1111-1111")).isTrue();
        assertThat(CardNumbers.containsCardNumber("{\"note\": \"4111-1111-1111-1111\"}")).isTrue();
        assertThat(CardNumbers.containsCardNumber("card: 3782-822463-10005.")).isTrue();
    }

    @Test
    void luhnMatchesKnownValues() {
        assertThat(CardNumbers.luhnValid("79927398713")).isTrue();
        assertThat(CardNumbers.luhnValid("79927398710")).isFalse();
    }
}

package io.selvedge.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CardNumbersProperties {

    /** The one-pass prefilter may only skip texts in which the PAN pattern cannot match. */
    @Property(tries = 5000)
    void prefilterNeverHidesACandidate(@ForAll("digitsAndSeparators") String text) {
        if (CardNumbers.CANDIDATE.matcher(text).find()) {
            assertThat(CardNumbers.hasLongDigitRun(text)).as(text).isTrue();
        }
    }

    @Property(tries = 2000)
    void aValidPanIsFoundWhateverSurroundsIt(@ForAll("digitsAndSeparators") String before, @ForAll("digitsAndSeparators") String after) {
        String text = before + "x4111 1111 1111 1111x" + after;
        assertThat(CardNumbers.containsCardNumber(text)).isTrue();
    }

    /** The ids the hub makes are never taken for card numbers, wherever they appear (a URL, a JSON body). */
    @Property(tries = 20_000)
    void noUuidIsACardNumber(@ForAll long high, @ForAll long low) {
        String id = new UUID(high, low).toString();
        assertThat(CardNumbers.containsCardNumber("/api/v1/subscriptions/" + id)).as(id).isFalse();
        assertThat(CardNumbers.containsCardNumber("{\"reservationId\": \"" + id + "\"}")).as(id).isFalse();
    }

    @Property(tries = 2000)
    void anAllDigitUuidIsNotACardNumberEither(@ForAll("digits") String digits) {
        String id = digits.substring(0, 8) + "-" + digits.substring(8, 12) + "-" + digits.substring(12, 16) + "-"
                + digits.substring(16, 20) + "-" + digits.substring(20, 32);
        assertThat(CardNumbers.containsCardNumber("/api/v1/subscriptions/" + id)).as(id).isFalse();
    }

    @Provide
    Arbitrary<String> digitsAndSeparators() {
        return Arbitraries.strings().withChars("0123456789 -x\"").ofMinLength(0).ofMaxLength(60);
    }

    @Provide
    Arbitrary<String> digits() {
        return Arbitraries.strings().numeric().ofLength(32);
    }
}

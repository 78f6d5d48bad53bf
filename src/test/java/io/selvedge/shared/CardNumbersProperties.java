package io.selvedge.shared;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Provide
    Arbitrary<String> digitsAndSeparators() {
        return Arbitraries.strings().withChars("0123456789 -x\"").ofMinLength(0).ofMaxLength(60);
    }
}

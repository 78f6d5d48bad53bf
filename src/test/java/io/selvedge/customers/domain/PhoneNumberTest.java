package io.selvedge.customers.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    @ParameterizedTest
    @ValueSource(strings = {"(310) 555-0100", "310-555-0100", "310.555.0100", "3105550100", "+1 310 555 0100",
            "+13105550100", "1 (310) 555-0100", "+1-310-555-0100 ext. 12"})
    void readsUsFormatsToOneE164(String raw) {
        assertThat(PhoneNumber.parse(raw, "US").e164()).isEqualTo("+13105550100");
    }

    @Test
    void readsNationalNumbersInTheSendersCountry() {
        assertThat(PhoneNumber.parse("07911 123456", "GB").e164()).isEqualTo("+447911123456");
        assertThat(PhoneNumber.parse("+44 7911 123456", "US").e164()).isEqualTo("+447911123456");
    }

    @Test
    void withoutADefaultCountryOnlyInternationalNumbersAreRead() {
        assertThat(PhoneNumber.parse("+1 310 555 0100", null).e164()).isEqualTo("+13105550100");
        assertThatThrownBy(() -> PhoneNumber.parse("(310) 555-0100", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("country code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12", "555-0100", "hello", "+1 310 555 01000 99", "07911 123456", "+"})
    void refusesImpossibleNumbers(String raw) {
        assertThatThrownBy(() -> PhoneNumber.parse(raw, "US"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("must be a possible phone number");
    }

    @Test
    void neverRepeatsTheNumber() {
        assertThatThrownBy(() -> PhoneNumber.parse("99", "US")).hasMessageNotContaining("99");
        assertThat(PhoneNumber.parse("+13105550100", "US").toString()).doesNotContain("310");
    }
}

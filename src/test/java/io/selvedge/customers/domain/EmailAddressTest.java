package io.selvedge.customers.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @Test
    void matchesAcrossCaseWhitespaceAndCompatibilityForms() {
        String plain = EmailAddress.parse("ana.lopez@example.com", false).normalized();
        assertThat(EmailAddress.parse("  Ana.Lopez@EXAMPLE.com\t", false).normalized()).isEqualTo(plain);
        assertThat(EmailAddress.parse("ａｎａ.ｌｏｐｅｚ@ｅｘａｍｐｌｅ.ｃｏｍ", false).normalized()).as("fullwidth").isEqualTo(plain);
        assertThat(EmailAddress.parse("ANA.LOPEZ@Example.Com", false).normalized()).isEqualTo(plain);
    }

    @Test
    void composedAndDecomposedAccentsAreOneAddress() {
        String composed = EmailAddress.parse("jos\u00e9@example.com", false).normalized();
        String decomposed = EmailAddress.parse("jose\u0301@example.com", false).normalized();
        assertThat(decomposed).isEqualTo(composed);
        assertThat(EmailAddress.parse("JOS\u00c9@example.com", false).normalized()).isEqualTo(composed);
    }

    @Test
    void foldsCaseFullyNotJustToLowerCase() {
        assertThat(EmailAddress.parse("STRASSE@example.de", false).normalized())
                .isEqualTo(EmailAddress.parse("straße@example.de", false).normalized());
        assertThat(EmailAddress.parse("STRA\u1e9eE@example.de", false).normalized()).as("capital sharp s")
                .isEqualTo("strasse@example.de");
    }

    @Test
    void stripsNoBreakAndOtherUnicodeSpaces() {
        assertThat(EmailAddress.parse("\u00a0ana@example.com\u2003\u200b", false).normalized()).isEqualTo("ana@example.com");
    }

    @Test
    void keepsTheAddressAsGivenForDisplay() {
        assertThat(EmailAddress.parse("  Ana@Example.com ", false).given()).isEqualTo("Ana@Example.com");
    }

    @Test
    void anAddressWrittenAlikeButForCaseOrUnicodeFormIsTheSameAsWritten() {
        assertThat(EmailAddress.sameAsWritten("Ana@Example.com", "  ANA@EXAMPLE.COM\t")).isTrue();
        assertThat(EmailAddress.sameAsWritten("jos\u00e9@example.com", "jose\u0301@example.com")).isTrue();
        assertThat(EmailAddress.sameAsWritten("a.n.a@gmail.com", "ana@gmail.com")).as("one mailbox when dots are ignored, but written otherwise")
                .isFalse();
        assertThat(EmailAddress.sameAsWritten("ana@example.com", "ana@example.org")).isFalse();
    }

    @Test
    void ignoresGmailDotsOnlyWhenThePolicySaysSo() {
        assertThat(EmailAddress.parse("a.n.a@gmail.com", false).normalized()).isEqualTo("a.n.a@gmail.com");
        assertThat(EmailAddress.parse("a.n.a@gmail.com", true).normalized()).isEqualTo("ana@gmail.com");
        assertThat(EmailAddress.parse("A.na@GoogleMail.com", true).normalized()).isEqualTo("ana@gmail.com");
        assertThat(EmailAddress.parse("a.n.a@example.com", true).normalized()).as("other providers keep dots")
                .isEqualTo("a.n.a@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ana", "ana@", "@example.com", "ana@example", "ana@@example.com", "an a@example.com",
            "ana@exa mple.com", ".ana@example.com", "ana..x@example.com", "ana@-example.com", "ana@example.c",
            "ana@example.123", "\"ana\"@example.com", "ana@example..com", "ana@example.com."})
    void refusesWhatIsNotAnAddress(String raw) {
        assertThatThrownBy(() -> EmailAddress.parse(raw, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be an email address such as name@example.com");
    }

    @Test
    void refusesBlankAndOverlongWithoutRepeatingTheValue() {
        assertThatThrownBy(() -> EmailAddress.parse("  ", false)).hasMessage("is required");
        String longOne = "a".repeat(250) + "@example.com";
        assertThatThrownBy(() -> EmailAddress.parse(longOne, false)).hasMessageNotContaining("aaaa");
    }

    @Test
    void neverShowsTheAddressInToString() {
        assertThat(EmailAddress.parse("ana@example.com", false).toString()).doesNotContain("ana");
    }
}

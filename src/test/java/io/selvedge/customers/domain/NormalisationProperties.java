package io.selvedge.customers.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;

class NormalisationProperties {

    @Property
    void foldingIsIdempotentOnAnyText(@ForAll String text) {
        String once = EmailAddress.fold(text);
        assertThat(EmailAddress.fold(once)).isEqualTo(once);
    }

    @Property
    void asciiFoldsAsTheLongWayDoes(@ForAll @CharRange(from = 0, to = 0x7f) String text) {
        assertThat(EmailAddress.fold(text)).isEqualTo(EmailAddress.foldUnicode(text));
    }

    @Property
    void aNormalisedAddressNormalisesToItself(@ForAll("addresses") String address, @ForAll boolean gmailDots) {
        String once = EmailAddress.parse(address, gmailDots).normalized();
        assertThat(EmailAddress.parse(once, gmailDots).normalized()).isEqualTo(once);
    }

    @Property
    void caseAndSurroundingWhitespaceNeverChangeTheMatch(@ForAll("addresses") String address, @ForAll("spaces") String before,
                                                         @ForAll("spaces") String after, @ForAll boolean upper) {
        String variant = before + (upper ? address.toUpperCase(Locale.ROOT) : address) + after;
        assertThat(EmailAddress.parse(variant, false).normalized()).isEqualTo(EmailAddress.parse(address, false).normalized());
    }

    @Property
    void e164IsAFixedPointOfPhoneParsing(@ForAll("usNumbers") String national, @ForAll("regions") String region) {
        String e164 = PhoneNumber.parse(national, "US").e164();
        assertThat(PhoneNumber.parse(e164, region).e164()).as("an E.164 number reads the same in any region").isEqualTo(e164);
    }

    @Property
    void usFormattingNeverChangesTheNumber(@ForAll("usNumbers") String national) {
        String digits = national.replaceAll("\\D", "");
        String formatted = "(" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6);
        assertThat(PhoneNumber.parse(formatted, "US")).isEqualTo(PhoneNumber.parse("+1" + digits, "US"));
    }

    @Provide
    Arbitrary<String> addresses() {
        Arbitrary<String> local = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789_+-éßÅ")
                .ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> domain = Arbitraries.of("example.com", "gmail.com", "googlemail.com", "mail.example.co.uk");
        return Combinators.combine(local, label, domain).as((l, x, d) -> l + "." + x + "@" + d);
    }

    @Provide
    Arbitrary<String> spaces() {
        return Arbitraries.strings().withChars(" \t\n\u00a0\u2003").ofMaxLength(3);
    }

    @Provide
    Arbitrary<String> usNumbers() {
        Arbitrary<String> area = Arbitraries.of("212", "310", "415", "646", "718", "818");
        Arbitrary<Integer> exchange = Arbitraries.integers().between(200, 999);
        Arbitrary<Integer> line = Arbitraries.integers().between(0, 9999);
        return Combinators.combine(area, exchange, line).as((a, e, l) -> a + e + String.format("%04d", l));
    }

    @Provide
    Arbitrary<String> regions() {
        return Arbitraries.of("US", "GB", "DE", "JP", "AU");
    }
}

package io.selvedge.settlement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Currency;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CardFeesTest {

    private static final LocalDate DAY = LocalDate.parse("2026-09-01");
    private static final Currency USD = Currency.getInstance("USD");
    private static final TenderKey VISA = TenderKey.of("CARD", "visa");

    @Test
    void debitsCardFeesAndCreditsTheBrandsClearingAccountNamingTheDayOfThePayments() {
        JournalEntry entry = new CardFees("STORE-ABK", DAY, VISA, USD, 123, "card fees ADYEN batch 380").entry(
                CardFees.entryId("STORE-ABK", DAY.plusDays(2), VISA, 1), DAY.plusDays(2), DemoAccounts.INSTANCE);

        assertThat(entry.entryId()).isEqualTo("JE-STORE-ABK-20260903-CARD-VISA-FEES-1");
        assertThat(entry.kind()).isEqualTo(EntryKind.ADJUSTMENT);
        assertThat(entry.date()).isEqualTo(DAY.plusDays(2));
        assertThat(entry.lines()).extracting(l -> l.role() + " " + l.account() + " " + l.debitMinor() + "/" + l.creditMinor() + " " + l.adjustsDay())
                .containsExactly("FEES 6200 123/0 2026-09-01", "TENDER 1121 0/123 2026-09-01");
        assertThat(entry.totalDebit()).isEqualTo(entry.totalCredit());
    }

    @Test
    void feesGivenBackPostTheOtherWayRound() {
        JournalEntry entry = new CardFees("STORE-ABK", DAY, VISA, USD, -40, "fee refund").entry("JE-X", DAY, DemoAccounts.INSTANCE);
        assertThat(entry.lines()).extracting(l -> l.account() + " " + l.debitMinor() + "/" + l.creditMinor())
                .containsExactly("6200 0/40", "1121 40/0");
    }

    @Test
    void namesTheAccountTheContractLacksAndRefusesWhatIsNotACardFee() {
        ChartOfAccounts noFees = new ChartOfAccounts() {
            public Optional<String> tender(TenderKey tender) {
                return DemoAccounts.INSTANCE.tender(tender);
            }

            public Optional<String> revenue(String category) {
                return Optional.of("4000");
            }

            public Optional<String> discount(String category) {
                return Optional.of("4200");
            }

            public Optional<String> refunds(String category) {
                return Optional.of("4100");
            }

            public Optional<String> salesTax() {
                return Optional.of("2200");
            }

            public Optional<String> cashOverShort() {
                return Optional.of("6100");
            }

            public Optional<String> cardFees(TenderKey tender) {
                return Optional.empty();
            }

            public Optional<String> clearing() {
                return Optional.of("1190");
            }
        };
        CardFees fees = new CardFees("STORE-ABK", DAY, VISA, USD, 10, "m");
        assertThat(fees.unmapped(noFees)).contains(new CloseOutcome.UnmappedAccount("cardFees", "VISA"));
        assertThat(fees.unmapped(DemoAccounts.INSTANCE)).isEmpty();
        assertThatThrownBy(() -> new CardFees("STORE-ABK", DAY, TenderKey.of("CASH", null), USD, 10, "m"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CardFees("STORE-ABK", DAY, VISA, USD, 0, "m")).isInstanceOf(IllegalArgumentException.class);
    }
}

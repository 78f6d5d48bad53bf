package io.selvedge.settlement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenDayTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-28");
    private static final LocalDate DAY_BEFORE = DAY.minusDays(1);
    private static final Currency USD = Currency.getInstance("USD");
    private static final TenderKey CASH = TenderKey.of("CASH", null);
    private static final TenderKey VISA = TenderKey.of("CARD", "visa");
    private static final TenderKey GIFT = TenderKey.of("GIFT_CARD", null);

    private static final DayTransaction.Line SHIRT = new DayTransaction.Line("Shirts", 1, 8900, 0, 845);
    private static final DayTransaction T1 = sale("T1", "R1", DAY, List.of(SHIRT), tender(VISA, 9745));
    private static final DayTransaction T2 = sale("T2", "R1", DAY, List.of(new DayTransaction.Line("Shirts", 1, 8900, 2000, 655)),
            tender(CASH, 7555));
    private static final DayTransaction T3 = sale("T3", "R2", DAY, List.of(new DayTransaction.Line("Knitwear", 2, 6000, 0, 1140)),
            tender(GIFT, 3140), tender(CASH, 10000));
    private static final DayTransaction T4 = new DayTransaction("T4", DayTransaction.Kind.VOID, "R1", DAY, false, List.of(SHIRT),
            List.of(tender(VISA, -9745)));

    @Test
    void closesADayIntoOneBalancedEntryPerTenderType() {
        ClosedDay day = closed(new OpenDay("STORE-ABK", DAY, USD, List.of(T1, T2, T3, T4), List.of()), Map.of("R1", 7500L, "R2", 10000L));

        assertThat(day.journal()).extracting(JournalEntry::entryId).containsExactly(
                "JE-STORE-ABK-20261128-CASH", "JE-STORE-ABK-20261128-CARD-VISA", "JE-STORE-ABK-20261128-GIFT_CARD");
        assertThat(lines(day.journal().get(0))).containsExactly(
                "1010 D17555 CASH sales",
                // T3 is split 31.40 gift card / 100.00 cash by largest remainder: knitwear 91.32 + tax 8.68
                "4020 C9132 revenue Knitwear, sales",
                "4010 C8900 revenue Shirts, sales",
                "4200 D2000 discounts Shirts, sales",
                "2200 C1523 sales tax, sales",
                "1010 C55 cash over/short: counted minus expected",
                "6100 D55 cash over/short: counted minus expected");
        assertThat(lines(day.journal().get(1))).containsExactly(
                "1121 D9745 CARD-VISA sales",
                "4010 C8900 revenue Shirts, sales",
                "2200 C845 sales tax, sales",
                "1121 C9745 CARD-VISA voids",
                "4010 D8900 revenue Shirts, voids",
                "2200 D845 sales tax, voids");
        assertThat(lines(day.journal().get(2))).containsExactly(
                "2300 D3140 GIFT_CARD sales",
                "4020 C2868 revenue Knitwear, sales",
                "2200 C272 sales tax, sales");
        assertThat(day.journal()).allSatisfy(e -> assertThat(e.totalDebit()).isEqualTo(e.totalCredit()));
    }

    @Test
    void theSettlementHasGrossDiscountsVoidsTaxTendersAndDrawers() {
        Settlement s = closed(new OpenDay("STORE-ABK", DAY, USD, List.of(T1, T2, T3, T4), List.of()), Map.of("R1", 7500L, "R2", 10000L))
                .settlement();
        assertThat(s.salesCount()).isEqualTo(3);
        assertThat(s.voidsCount()).isEqualTo(1);
        assertThat(s.grossSales()).isEqualTo(29800);
        assertThat(s.discounts()).isEqualTo(2000);
        assertThat(s.voids()).isEqualTo(new Settlement.Reversal(1, 8900, 0, 845, 9745));
        assertThat(s.netSales()).isEqualTo(18900);
        assertThat(s.taxCollected()).isEqualTo(1795);
        assertThat(s.total()).isEqualTo(20695);
        assertThat(s.tenders()).containsExactly(new Settlement.TenderTotal(CASH, 2, 17555), new Settlement.TenderTotal(VISA, 2, 0),
                new Settlement.TenderTotal(GIFT, 1, 3140));
        assertThat(s.drawers()).containsExactly(new Settlement.Drawer("R1", 7555, 7500, -55), new Settlement.Drawer("R2", 10000, 10000, 0));
        assertThat(s.cashOverShort()).isEqualTo(-55);
        assertThat(s.lateTransactions()).isEmpty();
    }

    @Test
    void lateTransactionsPostAsAnAdjustingEntryAndLateCashComesOutOfOverShort() {
        DayTransaction late = sale("L1", "R1", DAY_BEFORE, List.of(new DayTransaction.Line("Shirts", 1, 1000, 0, 0)), tender(CASH, 1000));
        ClosedDay day = closed(new OpenDay("STORE-ABK", DAY, USD, List.of(T1), List.of(late)), Map.of());

        assertThat(day.journal()).extracting(JournalEntry::entryId)
                .containsExactly("JE-STORE-ABK-20261128-CARD-VISA", "JE-STORE-ABK-20261128-CASH-ADJ");
        JournalEntry adjusting = day.journal().get(1);
        assertThat(adjusting.kind()).isEqualTo(EntryKind.ADJUSTMENT);
        assertThat(adjusting.date()).isEqualTo(DAY);
        assertThat(lines(adjusting)).containsExactly(
                "6100 D1000 CASH late sales of 2026-11-27 (in that day's drawer count, so out of over/short)",
                "4010 C1000 revenue Shirts, late sales of 2026-11-27");
        assertThat(adjusting.lines()).allSatisfy(l -> assertThat(l.adjustsDay()).isEqualTo(DAY_BEFORE));

        Settlement s = day.settlement();
        assertThat(s.total()).as("the day's own figures exclude the late sale").isEqualTo(9745);
        assertThat(s.drawers()).isEmpty();
        assertThat(s.lateTransactions()).containsExactly(new Settlement.LateTransaction("L1", DAY_BEFORE, DayTransaction.Kind.SALE, "R1", 1000));
        assertThat(s.adjustments().total()).isEqualTo(1000);
        assertThat(s.adjustments().tenders()).containsExactly(new Settlement.TenderTotal(CASH, 1, 1000));
    }

    @Test
    void aCountedDrawerThatRangNothingIsAllOverAndNeedsACashEntry() {
        ClosedDay day = closed(new OpenDay("STORE-ABK", DAY, USD, List.of(T1), List.of()), Map.of("R5", 200L));
        assertThat(day.settlement().drawers()).containsExactly(new Settlement.Drawer("R5", 0, 200, 200));
        assertThat(lines(day.journal().get(0))).containsExactly(
                "1010 D200 cash over/short: counted minus expected", "6100 C200 cash over/short: counted minus expected");
    }

    @Test
    void refusesToCloseWithoutACountForEveryRegisterThatTookCash() {
        CloseOutcome outcome = new OpenDay("STORE-ABK", DAY, USD, List.of(T2, T3), List.of()).close(Map.of("R1", 7555L), DemoAccounts.INSTANCE);
        assertThat(outcome).isEqualTo(new CloseOutcome.MissingDrawerCount(List.of("R2")));
    }

    @Test
    void refusesWhenTheFinanceMappingHasNoAccount() {
        ChartOfAccounts noKnitwear = new ChartOfAccounts() {
            public Optional<String> tender(TenderKey tender) {
                return DemoAccounts.INSTANCE.tender(tender);
            }

            public Optional<String> revenue(String category) {
                return category.equals("Knitwear") ? Optional.empty() : Optional.of("4010");
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
                return Optional.of("6200");
            }

            public Optional<String> clearing() {
                return Optional.empty();
            }
        };
        CloseOutcome outcome = new OpenDay("STORE-ABK", DAY, USD, List.of(T3), List.of()).close(Map.of("R2", 10000L), noKnitwear);
        assertThat(outcome).isEqualTo(new CloseOutcome.UnmappedAccount("revenue", "Knitwear"));
    }

    @Test
    void refusesATransactionWhoseTendersDoNotMatchItsLines() {
        assertThatThrownBy(() -> sale("X", "R1", DAY, List.of(SHIRT), tender(CASH, 9700))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnUnbalancedEntry() {
        assertThatThrownBy(() -> new JournalEntry("JE-X", "S", DAY, CASH, EntryKind.DAY, USD,
                List.of(new JournalLine(1, JournalLine.Role.TENDER, "1010", 100, 0, "m", null, null), new JournalLine(2, JournalLine.Role.REVENUE, "4010", 0, 99, "m", null, null))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not balance");
    }

    private static ClosedDay closed(OpenDay open, Map<String, Long> counts) {
        CloseOutcome outcome = open.close(counts, DemoAccounts.INSTANCE);
        assertThat(outcome).isInstanceOf(CloseOutcome.Closed.class);
        return ((CloseOutcome.Closed) outcome).day();
    }

    private static List<String> lines(JournalEntry entry) {
        return entry.lines().stream().map(l -> l.account() + " " + (l.debitMinor() > 0 ? "D" + l.debitMinor() : "C" + l.creditMinor())
                + " " + l.memo()).toList();
    }

    private static DayTransaction sale(String id, String register, LocalDate day, List<DayTransaction.Line> lines,
                                       DayTransaction.Tender... tenders) {
        return new DayTransaction(id, DayTransaction.Kind.SALE, register, day, false, lines, List.of(tenders));
    }

    private static DayTransaction.Tender tender(TenderKey key, long amount) {
        return new DayTransaction.Tender(key, amount);
    }
}

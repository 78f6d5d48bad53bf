package io.selvedge.reconciliation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.reconciliation.domain.TieOutReport.Kind;
import io.selvedge.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tie-out rules on their own: no files, no database. */
class TieOutTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final LocalDate DAY = LocalDate.of(2026, 6, 2);

    private final List<TieOut.Tender> tenders = new ArrayList<>();
    private final List<TieOut.Line> lines = new ArrayList<>();
    private final List<TieOut.Credit> credits = new ArrayList<>();
    private final List<TieOut.CashDay> cash = new ArrayList<>();

    @Test
    void aVoidTheProcessorNeverCapturedTiesAtZero() {
        card("S1", null, "VISA", "97.45", "R-1", "4242");
        card("V1", "S1", "VISA", "-97.45", "R-1", "4242");
        TieOutReport report = run();
        assertThat(report.mismatches()).isEmpty();
        assertThat(report.rows()).singleElement().satisfies(r -> assertThat(r.posTotal().toDecimalString()).isEqualTo("0.00"));
    }

    @Test
    void aVoidWithoutReferencesStillNetsWithItsSale() {
        card("S1", null, "VISA", "97.45", null, "4242");
        card("V1", "S1", "VISA", "-97.45", null, "4242");
        assertThat(run().mismatches()).isEmpty();
    }

    @Test
    void aCaptureRefundedInFullTiesWithTheSaleAndItsVoid() {
        card("S1", null, "VISA", "97.45", "R-1", null);
        card("V1", "S1", "VISA", "-97.45", "R-1", null);
        line(1, LineCategory.SETTLED, "R-1", "visa", "97.45", "96.95");
        line(2, LineCategory.REFUND, "R-1", "visa", "-97.45", "-97.45");
        assertThat(run().mismatches()).isEmpty();
    }

    @Test
    void aVoidTheProcessorStillCapturedIsACardTenderWithoutSettlement() {
        card("S1", null, "VISA", "97.45", "R-1", null);
        card("V1", "S1", "VISA", "-97.45", "R-1", null);
        line(1, LineCategory.SETTLED, "R-1", "visa", "97.45", "96.95");
        assertThat(run().mismatches()).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(Kind.CARD_TENDER_WITHOUT_SETTLEMENT);
            assertThat(m.transactionId()).isEqualTo("V1");
        });
    }

    @Test
    void aRefundThePosNeverRecordedIsAChargebackOrRefund() {
        card("S1", null, "VISA", "50.00", "R-1", null);
        line(1, LineCategory.SETTLED, "R-1", "visa", "50.00", "49.50");
        line(2, LineCategory.REFUND, "R-1", "visa", "-20.00", "-20.00");
        line(3, LineCategory.CHARGEBACK, "R-1", "visa", "-50.00", "-57.50");
        assertThat(run().mismatches()).extracting(TieOutReport.Mismatch::kind, TieOutReport.Mismatch::processorType)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Kind.CHARGEBACK_OR_REFUND, "REFUND"),
                        org.assertj.core.groups.Tuple.tuple(Kind.CHARGEBACK_OR_REFUND, "CHARGEBACK"));
    }

    @Test
    void theFallbackNeedsOneCandidateOnEachSideAndRespectsLastFourAndBrand() {
        card("S1", null, "VISA", "31.40", null, "1881");
        card("S2", null, "VISA", "31.40", null, "1881");
        line(1, LineCategory.SETTLED, "P-1", "visa", "31.40", "31.10");
        TieOutReport ambiguous = run();
        assertThat(ambiguous.mismatches()).extracting(TieOutReport.Mismatch::kind).containsExactlyInAnyOrder(
                Kind.CARD_TENDER_WITHOUT_SETTLEMENT, Kind.CARD_TENDER_WITHOUT_SETTLEMENT, Kind.SETTLEMENT_WITHOUT_POS_TENDER);

        tenders.clear();
        card("S1", null, "VISA", "31.40", null, "1881");
        TieOutReport unique = run();
        assertThat(unique.mismatches()).isEmpty();
        assertThat(unique.rows().get(0).matchedByFallback()).isEqualTo(1);

        tenders.clear();
        card("S1", null, "MASTERCARD", "31.40", null, "1881");
        assertThat(run().mismatches()).hasSize(2).as("a mastercard tender never takes a visa payment");

        tenders.clear();
        lines.clear();
        card("S1", null, "VISA", "31.40", null, "1881");
        lines.add(new TieOut.Line(9, new ProcessorLine("ADYEN", 9, "line 9", "k9", "ACC", "1", "Settled", LineCategory.SETTLED, "P-9", null, null,
                "visa", Instant.parse("2026-06-02T19:00:00Z"), DAY, money("31.40"), money("31.10"), null, null, null, null, 30, null, null,
                "4242")));
        assertThat(run().mismatches()).hasSize(2).as("the card's last four digits differ");
    }

    @Test
    void aPayoutTiesToACreditByAmountAndDateWhenItIsTheOnlyPairing() {
        payout(7, "TX1XT", "100.00", DAY);
        credit(1, "100.00", DAY.plusDays(2), "SOMETHING ELSE");
        TieOutReport report = runThroughAWeek();
        assertThat(report.payouts()).singleElement().satisfies(p -> assertThat(p.matchedBy()).isEqualTo("AMOUNT_DATE"));
        assertThat(report.mismatches()).isEmpty();

        credit(2, "100.00", DAY.plusDays(3), "ANOTHER");
        TieOutReport twoCandidates = runThroughAWeek();
        assertThat(twoCandidates.payouts().get(0).credit()).isNull();
        assertThat(twoCandidates.mismatches()).extracting(TieOutReport.Mismatch::kind)
                .containsExactlyInAnyOrder(Kind.PAYOUT_WITHOUT_BANK_CREDIT, Kind.DEPOSIT_WITHOUT_PAYOUT, Kind.DEPOSIT_WITHOUT_PAYOUT);

        credit(3, "100.00", DAY.plusDays(3), "ADYEN TX1XT");
        TieOutReport byReference = runThroughAWeek();
        assertThat(byReference.payouts().get(0).matchedBy()).isEqualTo("REFERENCE");
        assertThat(byReference.payouts().get(0).credit().text()).isEqualTo("ADYEN TX1XT");
    }

    @Test
    void aCreditTooLateForThePayoutIsNotItsCredit() {
        payout(7, "TX1XT", "100.00", DAY);
        credit(1, "100.00", DAY.plusDays(TieOut.BANK_LATE_DAYS + 1), "ADYEN TX1XT");
        assertThat(TieOut.compute(DAY, DAY.plusDays(30), tenders, lines, credits, cash).mismatches()).extracting(TieOutReport.Mismatch::kind)
                .containsExactlyInAnyOrder(Kind.PAYOUT_WITHOUT_BANK_CREDIT, Kind.DEPOSIT_WITHOUT_PAYOUT);
    }

    @Test
    void reportsOnlyWhatFallsInThePeriod() {
        card("S1", null, "VISA", "10.00", "R-1", null);
        line(1, LineCategory.SETTLED, "P-OLD", "visa", "99.00", "98.00");
        TieOutReport later = TieOut.compute(DAY.plusDays(5), DAY.plusDays(6), tenders, lines, credits, cash);
        assertThat(later.rows()).isEmpty();
        assertThat(later.mismatches()).isEmpty();
    }

    private TieOutReport runThroughAWeek() {
        return TieOut.compute(DAY, DAY.plusDays(7), tenders, lines, credits, cash);
    }

    private TieOutReport run() {
        return TieOut.compute(DAY, DAY, tenders, lines, credits, cash);
    }

    private void card(String id, String voidOf, String brand, String amount, String reference, String last4) {
        tenders.add(new TieOut.Tender(id, 1, "STORE-ABK", null, DAY, voidOf, "CARD", brand, money(amount), reference, last4));
    }

    private void line(long id, LineCategory category, String psp, String method, String gross, String net) {
        Money g = money(gross);
        Money n = money(net);
        lines.add(new TieOut.Line(id, new ProcessorLine("ADYEN", (int) id, "line " + id, "k" + id, "ACC", "1", category.name(), category, psp,
                null, "M" + id, method, Instant.parse("2026-06-02T19:00:00Z"), DAY, g, n, null, null, null, null, g.minus(n).minor(), null, null,
                null)));
    }

    private void payout(long id, String reference, String amount, LocalDate date) {
        Money a = money(amount).negate();
        lines.add(new TieOut.Line(id, new ProcessorLine("ADYEN", (int) id, "line " + id, "k" + id, "ACC", "1", "MerchantPayout",
                LineCategory.PAYOUT, null, null, reference + " batch 1", null, Instant.parse("2026-06-02T23:00:00Z"), date, null, a, null, null,
                null, null, 0, reference, date, null)));
    }

    private void credit(long id, String amount, LocalDate booked, String text) {
        credits.add(new TieOut.Credit(id, new BankEntry(1, "line 1", null, "S", "ACC-1", BankEntry.Direction.CRDT, money(amount), "BOOK", false,
                booked, booked, "B" + id, List.of(), null, text)));
    }

    private static Money money(String amount) {
        return Money.parse(amount, USD);
    }
}

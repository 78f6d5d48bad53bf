package io.selvedge.reconciliation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.shared.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which fees of a processor file post where: no files, no database. */
class ProcessorFeesTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final LocalDate DAY = LocalDate.of(2026, 9, 1);

    private final List<TieOut.Tender> tenders = new ArrayList<>();
    private final List<ProcessorFees.KeyedLine> lines = new ArrayList<>();

    @Test
    void sumsTheFeesOfEachStoreDayAndBrandFromTheTendersCarryingTheLinesReferences() {
        tender("S1", "STORE-ABK", DAY, "VISA", "97.45", "P-1");
        tender("S2", "STORE-ABK", DAY, "VISA", "31.40", "P-2");
        tender("S3", "STORE-ABK", DAY, "MASTERCARD", "60.00", "P-3");
        tender("S4", "STORE-MEL", DAY.plusDays(1), "VISA", "20.00", "P-4");
        line("k1", LineCategory.SETTLED, "P-1", "97.45", "0.50", USD);
        line("k2", LineCategory.SETTLED, "P-2", "31.40", "0.30", USD);
        line("k3", LineCategory.SETTLED, "P-3", "60.00", "0.60", USD);
        line("k4", LineCategory.SETTLED, "P-4", "20.00", "0.11", USD);
        line("k5", LineCategory.SETTLED, "P-WEB", "45.00", "0.40", USD);

        ProcessorFees.Result result = ProcessorFees.group(lines, tenders);

        assertThat(result.groups()).extracting(g -> g.store() + " " + g.businessDay() + " " + g.brand() + " " + g.feesMinor() + " "
                + g.fees().stream().map(ProcessorFees.Fee::lineKey).toList()).containsExactly(
                "STORE-ABK 2026-09-01 MASTERCARD 60 [k3]",
                "STORE-ABK 2026-09-01 VISA 80 [k1, k2]",
                "STORE-MEL 2026-09-02 VISA 11 [k4]");
        assertThat(result.groups().get(1).batches()).containsExactly("380");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void aChargebacksFeeGoesToTheSaleItWasChargedOnNotToItsVoidAndPayoutsAndFeeLinesPostNothing() {
        tender("S1", "STORE-ABK", DAY, "VISA", "97.45", "P-1");
        tenders.add(new TieOut.Tender("V1", 1, "STORE-ABK", null, DAY.plusDays(1), "S1", "CARD", "VISA", money("-97.45"), "P-1", null));
        line("k1", LineCategory.CHARGEBACK, "P-1", "-97.45", "7.50", USD);
        line("k2", LineCategory.FEE, null, "0.00", "1.00", USD);
        line("k3", LineCategory.PAYOUT, null, "0.00", "0.00", USD);

        ProcessorFees.Result result = ProcessorFees.group(lines, tenders);

        assertThat(result.groups()).singleElement().satisfies(g -> {
            assertThat(g.businessDay()).isEqualTo(DAY);
            assertThat(g.feesMinor()).isEqualTo(750);
            assertThat(g.fees()).extracting(ProcessorFees.Fee::orderRef).containsExactly("S1");
        });
    }

    @Test
    void channelTendersZeroFeesAndAnotherCurrencyPostNothingAndTheLastIsSaid() {
        tenders.add(new TieOut.Tender("WEB-1", 1, null, "web", DAY, null, "CARD", "VISA", money("45.00"), "P-WEB", null));
        tender("S1", "STORE-ABK", DAY, "VISA", "10.00", "P-1");
        tender("S2", "STORE-ABK", DAY, "VISA", "10.00", "P-2");
        line("k1", LineCategory.SETTLED, "P-WEB", "45.00", "0.40", USD);
        line("k2", LineCategory.SETTLED, "P-1", "10.00", "0.00", USD);
        line("k3", LineCategory.SETTLED, "P-2", "10.00", "0.09", Currency.getInstance("EUR"));

        ProcessorFees.Result result = ProcessorFees.group(lines, tenders);

        assertThat(result.groups()).isEmpty();
        assertThat(result.warnings()).singleElement().satisfies(w -> assertThat(w).contains("line k3").contains("EUR").contains("not posted"));
    }

    private void tender(String id, String store, LocalDate day, String brand, String amount, String reference) {
        tenders.add(new TieOut.Tender(id, 1, store, null, day, null, "CARD", brand, money(amount), reference, null));
    }

    private void line(String key, LineCategory category, String psp, String gross, String fees, Currency currency) {
        Money g = new Money(new BigDecimal(gross).movePointRight(2).longValueExact(), currency);
        long f = new BigDecimal(fees).movePointRight(2).longValueExact();
        Money net = new Money(g.minor() - f, currency);
        lines.add(new ProcessorFees.KeyedLine(key, new ProcessorLine("ADYEN", lines.size() + 1, "line " + key, key, "ACC", "380",
                category.name(), category, psp, null, null, "visa", Instant.parse("2026-09-01T19:00:00Z"), DAY, g, net, null, f, null, null, f,
                null, null, null)));
    }

    private static Money money(String amount) {
        return new Money(new BigDecimal(amount).movePointRight(2).longValueExact(), USD);
    }
}

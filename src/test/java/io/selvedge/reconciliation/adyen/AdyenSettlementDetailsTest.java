package io.selvedge.reconciliation.adyen;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.reconciliation.Samples;
import io.selvedge.reconciliation.domain.LineCategory;
import io.selvedge.reconciliation.domain.Parsed;
import io.selvedge.reconciliation.domain.ProcessorLine;
import io.selvedge.reconciliation.domain.ProcessorReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AdyenSettlementDetailsTest {

    @Test
    void readsEverySampleReport() {
        List<String> files = Samples.files("adyen");
        assertThat(files).hasSize(3);
        for (String file : files) {
            assertThat(AdyenSettlementDetails.looksLike(Samples.text(file))).as(file).isTrue();
            assertThat(AdyenSettlementDetails.parse(Samples.bytes(file))).as(file).isInstanceOf(Parsed.Accepted.class);
        }
    }

    @Test
    void batch380HasItsSettledRefundedFeeAndPayoutLinesWithFeesItemised() {
        ProcessorReport report = accepted("adyen/settlement_detail_report_batch_380.csv");
        assertThat(report.format()).isEqualTo(ProcessorReport.ADYEN);
        assertThat(report.lines()).hasSize(228);
        Map<LineCategory, Long> byCategory = report.lines().stream().collect(Collectors.groupingBy(ProcessorLine::category, Collectors.counting()));
        assertThat(byCategory).containsOnly(Map.entry(LineCategory.SETTLED, 220L), Map.entry(LineCategory.REFUND, 6L),
                Map.entry(LineCategory.FEE, 1L), Map.entry(LineCategory.PAYOUT, 1L));

        ProcessorLine first = report.lines().get(0);
        assertThat(first.lineNo()).isEqualTo(2);
        assertThat(first.pspReference()).isEqualTo("1829098024817852");
        assertThat(first.merchantReference()).isEqualTo("CM1000028854");
        assertThat(first.modificationReference()).isEqualTo("7429098024927090");
        assertThat(first.paymentMethod()).isEqualTo("mc");
        assertThat(first.merchantAccount()).isEqualTo("YOURCOMPANY_ACCOUNT");
        assertThat(first.batch()).isEqualTo("380");
        assertThat(first.gross().toString()).isEqualTo("31.45 USD");
        assertThat(first.net().toString()).isEqualTo("31.15 USD");
        assertThat(first.commission()).isNull();
        assertThat(first.markup()).isEqualTo(16L);
        assertThat(first.schemeFees()).isEqualTo(5L);
        assertThat(first.interchange()).isEqualTo(9L);
        assertThat(first.fees()).isEqualTo(30L);
        // 2021-01-05 00:21:32 CET is 2021-01-04T23:21:32Z; the trade date stays the account's own
        assertThat(first.createdAt()).isEqualTo(Instant.parse("2021-01-04T23:21:32Z"));
        assertThat(first.tradeDate()).isEqualTo(LocalDate.of(2021, 1, 5));

        ProcessorLine refund = report.lines().stream().filter(l -> l.category() == LineCategory.REFUND
                && "1316037899193429".equals(l.pspReference())).findFirst().orElseThrow();
        assertThat(refund.gross().toDecimalString()).isEqualTo("-40.00");
        assertThat(refund.net().toDecimalString()).isEqualTo("-40.20");
        assertThat(refund.commission()).isEqualTo(20L);
        assertThat(refund.modificationReference()).isEqualTo("1816098659464421");

        ProcessorLine payout = report.lines().get(227);
        assertThat(payout.category()).isEqualTo(LineCategory.PAYOUT);
        assertThat(payout.payoutAmount().toString()).isEqualTo("55308.07 USD");
        assertThat(payout.payoutReference()).isEqualTo("TX635094301XT");
        assertThat(payout.payoutDate()).isEqualTo(LocalDate.of(2021, 1, 7));
        ProcessorLine fee = report.lines().get(226);
        assertThat(fee.category()).isEqualTo(LineCategory.FEE);
        assertThat(fee.fees()).isEqualTo(3810L);

        // Adyen's identities hold over the whole batch: settled net 56438.52, refunds 1092.35, fee 38.10, payout 55308.07
        long settledNet = sum(report, LineCategory.SETTLED, l -> l.net().minor());
        long settledGross = sum(report, LineCategory.SETTLED, l -> l.gross().minor());
        long refunds = sum(report, LineCategory.REFUND, l -> l.net().minor());
        assertThat(settledNet).isEqualTo(5_643_852L);
        assertThat(settledGross).isEqualTo(5_682_775L);
        assertThat(refunds).isEqualTo(-109_235L);
        assertThat(report.lines().stream().mapToLong(l -> l.net().minor()).sum()).isZero();
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void mapsColumnsByHeaderWhateverTheirOrderAndSkipsBlankLines() {
        ProcessorReport b238 = accepted("adyen/settlement_detail_report_batch_238.csv");
        ProcessorReport b100 = accepted("adyen/settlement_detail_report_batch_100.csv");
        assertThat(b238.lines()).extracting(ProcessorLine::type).containsExactly("Balancetransfer", "Fee", "Balancetransfer");
        assertThat(b238.lines()).extracting(ProcessorLine::batch).containsOnly("238");
        assertThat(b238.lines().get(0).net().toDecimalString()).isEqualTo("454331.99");
        assertThat(b238.lines().get(1).fees()).isEqualTo(9L);
        assertThat(b238.lines().get(2).net().toDecimalString()).isEqualTo("-454331.90");
        assertThat(b238.lines().get(0).category()).isEqualTo(LineCategory.BALANCE_TRANSFER);
        // batch 100 has two blank lines before its header and one between its lines
        assertThat(b100.lines()).extracting(ProcessorLine::lineNo).containsExactly(4, 6, 7);
        assertThat(b100.lines()).extracting(ProcessorLine::batch).containsOnly("100");
        assertThat(b100.warnings()).isEmpty();
    }

    @Test
    void refusesATruncatedReportNamingTheLine() {
        String[] lines = Samples.text("adyen/settlement_detail_report_batch_380.csv").split("\n");
        String upToPayout = String.join("\n", List.of(lines).subList(0, 228)) + "\n";

        // cut inside the payout's quoted reference
        Parsed.Refused<ProcessorReport> inQuote = refused(upToPayout + lines[228].substring(0, lines[228].indexOf("batch 380")));
        assertThat(inQuote.location()).isEqualTo("line 229");
        assertThat(inQuote.reason()).contains("quoted field is never closed");

        // cut inside the payout's amount: the columns after it are gone
        Parsed.Refused<ProcessorReport> inAmount = refused(upToPayout + lines[228].substring(0, lines[228].indexOf("55308") + 3));
        assertThat(inAmount.location()).isEqualTo("line 229");
        assertThat(inAmount.reason()).isEqualTo("Batch Number is empty");

        // a payout amount altered: the batch no longer balances after its payout
        Parsed.Refused<ProcessorReport> altered = refused(upToPayout + lines[228].replace("55308.07", "55308.70"));
        assertThat(altered.location()).isEqualTo("line 229");
        assertThat(altered.reason()).contains("batch 380").contains("does not balance").contains("-0.63");

        // a settled row cut before its fees
        String firstRows = String.join("\n", List.of(lines).subList(0, 3)) + "\n";
        Parsed.Refused<ProcessorReport> inFees = refused(firstRows + lines[3].substring(0, lines[3].indexOf(",0.14,")));
        assertThat(inFees.location()).isEqualTo("line 4");
        assertThat(inFees.reason()).isEqualTo("Batch Number is empty");

        // a settled row whose markup was altered: net is no longer gross minus fees
        Parsed.Refused<ProcessorReport> fees = refused(firstRows + lines[3].replace(",0.14,", ",0.41,"));
        assertThat(fees.location()).isEqualTo("line 4");
        assertThat(fees.reason()).isEqualTo("net 26.20 is not gross 26.45 minus fees 0.52: the row is truncated or altered");

        // only the header left
        Parsed.Refused<ProcessorReport> headerOnly = refused(lines[0] + "\n");
        assertThat(headerOnly.location()).isEqualTo("line 2");
        assertThat(headerOnly.reason()).contains("no lines");
    }

    @Test
    void refusesAnOpenQuoteAMissingColumnAndABadAmount() {
        String header = Samples.text("adyen/settlement_detail_report_batch_238.csv").split("\n")[0];
        Parsed.Refused<ProcessorReport> quote = refused(header + "\nCompanyNL,\"YOURCOMPANY_ACCOUNT,,,,2022-02-22 00:24:23,CET,Fee");
        assertThat(quote.location()).isEqualTo("line 2");
        assertThat(quote.reason()).contains("quoted field is never closed");

        Parsed.Refused<ProcessorReport> column = refused(header.replace("Batch Number", "Batch") + "\n");
        assertThat(column.location()).isEqualTo("line 1");
        assertThat(column.reason()).contains("'Batch Number'");

        Parsed.Refused<ProcessorReport> amount = refused(header
                + "\nCompanyNL,YOURCOMPANY_ACCOUNT,,,,2022-03-02 02:21:49,CET,Fee,Transaction Fees,,,,,USD,0.0x9,,,,,,,,238,,,,,,,");
        assertThat(amount.location()).isEqualTo("line 2");
        assertThat(amount.reason()).contains("Net Debit (NC) '0.0x9' is not a decimal amount");

        Parsed.Refused<ProcessorReport> decimals = refused(header
                + "\nCompanyNL,YOURCOMPANY_ACCOUNT,,,,2022-03-02 02:21:49,CET,Fee,Transaction Fees,,,,,USD,0.091,,,,,,,,238,,,,,,,");
        assertThat(decimals.reason()).contains("more decimals than USD allows");

        Parsed.Refused<ProcessorReport> noNet = refused(header
                + "\nCompanyNL,YOURCOMPANY_ACCOUNT,,,,2022-03-02 02:21:49,CET,Fee,Transaction Fees,,,,,USD,,,,,,,,,238,,,,,,,");
        assertThat(noNet.reason()).contains("neither Net Debit (NC) nor Net Credit (NC)");
    }

    @Test
    void warnsWhenABatchDoesNotComeToZero() {
        String[] lines = Samples.text("adyen/settlement_detail_report_batch_238.csv").split("\n");
        ProcessorReport report = accepted(lines[0] + "\n" + lines[1] + "\n" + lines[2]);
        assertThat(report.warnings()).singleElement().asString().contains("batch 238").contains("454331.90");
    }

    private static long sum(ProcessorReport report, LineCategory category, java.util.function.ToLongFunction<ProcessorLine> amount) {
        return report.lines().stream().filter(l -> l.category() == category).mapToLong(amount).sum();
    }

    private static ProcessorReport accepted(String file) {
        Parsed<ProcessorReport> parsed = file.endsWith(".csv") ? AdyenSettlementDetails.parse(Samples.bytes(file))
                : AdyenSettlementDetails.parse(file.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isInstanceOf(Parsed.Accepted.class);
        return ((Parsed.Accepted<ProcessorReport>) parsed).value();
    }

    private static Parsed.Refused<ProcessorReport> refused(String content) {
        Parsed<ProcessorReport> parsed = AdyenSettlementDetails.parse(content.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isInstanceOf(Parsed.Refused.class);
        return (Parsed.Refused<ProcessorReport>) parsed;
    }
}

package io.selvedge.reconciliation.bai2;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.reconciliation.Samples;
import io.selvedge.reconciliation.domain.BankEntry;
import io.selvedge.reconciliation.domain.BankStatementFile;
import io.selvedge.reconciliation.domain.Parsed;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class Bai2FilesTest {

    private static final String SAMPLE4 = "bai2/sample4-continuations-newline-delimited.txt";

    @Test
    void readsEverySampleFileAndRefusesTheOneWhoseTrailersDoNotAddUp() {
        List<String> files = Samples.files("bai2");
        assertThat(files).hasSize(6);
        for (String file : files) {
            assertThat(Bai2Files.looksLike(Samples.text(file))).as(file).isTrue();
            Parsed<BankStatementFile> parsed = Bai2Files.parse(Samples.bytes(file));
            assertThat(parsed).as(file).isInstanceOf(file.equals(SAMPLE4) ? Parsed.Refused.class : Parsed.Accepted.class);
        }
    }

    @Test
    void readsSvbGroupsAsDaysAndChecksTheirControlTotals() {
        BankStatementFile file = accepted(Samples.text("bai2/svb_us_example.bai2"));
        assertThat(file.statements()).extracting(BankStatementFile.Statement::date)
                .containsExactly(LocalDate.of(2022, 2, 1), LocalDate.of(2022, 2, 2));
        assertThat(file.statements().get(0).opening().toString()).isEqualTo("347269.79 USD");
        assertThat(file.statements().get(0).closing().toString()).isEqualTo("352171.75 USD");
        assertThat(file.entries()).extracting(e -> e.bookingDate() + " " + e.direction() + " " + e.amount() + " " + e.bankReference() + " " + e.text())
                .containsExactly("2022-02-01 CRDT 4901.96 USD 172629 SOME PAYMENT ACH OFFSET",
                        "2022-02-02 CRDT 9058.00 USD 150675 SOME PAYMENT ACH OFFSET");
        assertThat(file.entries().get(0).account()).isEqualTo("1234567890");
        assertThat(file.entries().get(0).typeCode()).isEqualTo("142");
    }

    @Test
    void readsValueDatedFundsContinuationsAndTextWithSlashes() {
        BankStatementFile citi = accepted(Samples.text("bai2/citi_example.bai2"));
        BankEntry payment = citi.entries().get(0);
        assertThat(payment.amount().toString()).isEqualTo("0.01 GBP");
        assertThat(payment.valueDate()).isEqualTo(LocalDate.of(2015, 7, 15));
        assertThat(payment.bankReference()).isEqualTo("1234567890");
        assertThat(payment.references()).containsExactly("RP12312312312312");
        assertThat(payment.text()).startsWith("FR:FP SIP INCOMING ENDT:20150715 TRID:RP12312312312312").contains("OB3:BARCLAYS BANK PLC");

        BankStatementFile canada = accepted(Samples.text("bai2/sample1.txt"));
        assertThat(canada.entries()).hasSize(17);
        assertThat(canada.entries().get(0).text()).isEqualTo("RETURNED CHEQUE");
        assertThat(canada.entries().get(0).direction()).isEqualTo(BankEntry.Direction.DBIT);
        assertThat(canada.entries().get(3).amount().toString()).isEqualTo("2035.00 CAD");
        assertThat(canada.entries().get(3).direction()).isEqualTo(BankEntry.Direction.CRDT);
        assertThat(canada.entries().get(3).valueDate()).isEqualTo(LocalDate.of(2006, 3, 16));

        BankStatementFile natwest = accepted(Samples.text("bai2/nwb_example.bai2"));
        assertThat(natwest.statements().get(0).currency()).isEqualTo("GBP");
        assertThat(natwest.statements().get(0).opening().toDecimalString()).isEqualTo("365.21");
        assertThat(natwest.entries()).extracting(e -> e.direction() + " " + e.amount().toDecimalString())
                .containsExactly("DBIT 9.71", "DBIT 1.00", "DBIT 1.23", "DBIT 15.71", "CRDT 0.89");
        assertThat(natwest.entries().get(4).text()).isEqualTo("TFR XBANKGO24007680SJ CAT JPY 2 GBPXBANKGO24007680BGC INTERNATIONAL-5373 CLIE NT SECCY AC TFR");
    }

    @Test
    void readsSeveralRecordsOnALineAndTextThatSpillsOntoTheNext() {
        BankStatementFile messy = accepted(Samples.text("bai2/sample3.txt"));
        assertThat(messy.statements()).hasSize(15);
        assertThat(messy.statements().get(0).opening().toString()).isEqualTo("-35.00 USD");
        assertThat(messy.entries().get(0).text()).isEqualTo("TRANSFER PAYPAL PPD");
        assertThat(messy.entries().get(1).amount().toDecimalString()).isEqualTo("5.00");
        assertThat(messy.entries()).anySatisfy(e -> assertThat(e.text()).isEqualTo("Visa Billing Sept 22"));
        // a 16 whose text ran onto the next physical line, then an 88
        assertThat(messy.entries()).anySatisfy(e -> assertThat(e.text())
                .isEqualTo("111111 ACH_SETL 1111111111 111111111111111 1111111111"));
        assertThat(messy.entries()).anySatisfy(e -> assertThat(e.text())
                .isEqualTo("Wire Transfer Credit VISA INTERNATIONAL 900 METRO CENTER BLVD FOSTER CITY CA 94404"));
    }

    @Test
    void refusesSample4WhoseTrailersCountRecordsItDoesNotHave() {
        Parsed.Refused<BankStatementFile> refused = refused(Samples.text(SAMPLE4));
        assertThat(refused.location()).isEqualTo("line 22");
        assertThat(refused.reason()).isEqualTo("account trailer (49) of account 107049932 counts 26 records, but the account has 18"
                + " (from its 03 on line 5 to this 49)");
    }

    /** Sample 4 with its trailers recomputed by hand: newline-ended records, commas in text, key:value continuations. */
    @Test
    void readsNewlineDelimitedRecordsWithCommasInTheirText() {
        String fixed = Samples.text(SAMPLE4)
                .replace("49,-1260161341762,26/", "49,7999960,18/")
                .replace("49,6869722,8/", "49,666917818,88/")
                .replace("98,13060195162,4,16/", "98,13728243218,5,114/")
                .replace("99,13060195162,1,18/", "99,13728243218,1,116/");
        BankStatementFile file = accepted(fixed);
        assertThat(file.statements()).hasSize(5);
        BankEntry first = file.entries().get(0);
        assertThat(first.typeCode()).isEqualTo("447");
        assertThat(first.amount().toString()).isEqualTo("600.00 USD");
        assertThat(first.bankReference()).isEqualTo("SPB2322984714570");
        assertThat(first.references()).containsExactly("1111");
        assertThat(first.text()).isEqualTo("ACH Credit Payment,Entry Description: EXP; -, SEC: CCD, Client Ref ID: 1111, GS ID: SPB2322984714570"
                + " EREF: 1111 DBNM: TEST INC CACT: ACHCONTROLOUTUSD01");
        assertThat(first.bookingDate()).isEqualTo(LocalDate.of(2023, 9, 6));
        assertThat(file.entries()).anySatisfy(e -> assertThat(e.text()).startsWith("Incoming Wire,-"));
    }

    @Test
    void refusesBadCountsTotalsAndTruncationNamingTheLine() {
        String svb = Samples.text("bai2/svb_us_example.bai2");
        Parsed.Refused<BankStatementFile> count = refused(svb.replace("49,138884258,7/", "49,138884258,8/"));
        assertThat(count.location()).isEqualTo("line 9");
        assertThat(count.reason()).contains("counts 8 records, but the account has 7");

        Parsed.Refused<BankStatementFile> total = refused(svb.replace("16,142,490196,,172629,/", "16,142,490197,,172629,/"));
        assertThat(total.location()).isEqualTo("line 9");
        assertThat(total.reason()).contains("control total 138884258, but its 03 and 16 amounts add up to 138884259");

        Parsed.Refused<BankStatementFile> group = refused(svb.replace("98,143145938,1,9/", "98,143145938,1,10/"));
        assertThat(group.location()).isEqualTo("line 19");
        assertThat(group.reason()).contains("group trailer (98) counts 10 records, but the group has 9");

        Parsed.Refused<BankStatementFile> file = refused(svb.replace("99,282030196,2,20", "99,282030196,2,21"));
        assertThat(file.location()).isEqualTo("line 20");

        Parsed.Refused<BankStatementFile> truncated = refused(svb.substring(0, svb.indexOf("49,143145938")));
        assertThat(truncated.location()).isEqualTo("line 17");
        assertThat(truncated.reason()).contains("truncated");

        Parsed.Refused<BankStatementFile> version = refused(svb.replace("01,121140399,121140399,230214,0754,1,,,2/", "01,121140399,121140399,230214,0754,1,,,1/"));
        assertThat(version.location()).isEqualTo("line 1");
        assertThat(version.reason()).contains("only BAI version 2");

        Parsed.Refused<BankStatementFile> garbage = refused(svb.replace("49,138884258,7/\n", "49,138884258,7/\nXX,1/\n"));
        assertThat(garbage.location()).isEqualTo("line 10");
        assertThat(garbage.reason()).contains("not a BAI record");
    }

    private static BankStatementFile accepted(String content) {
        Parsed<BankStatementFile> parsed = Bai2Files.parse(content.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isInstanceOf(Parsed.Accepted.class);
        return ((Parsed.Accepted<BankStatementFile>) parsed).value();
    }

    private static Parsed.Refused<BankStatementFile> refused(String content) {
        Parsed<BankStatementFile> parsed = Bai2Files.parse(content.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isInstanceOf(Parsed.Refused.class);
        return (Parsed.Refused<BankStatementFile>) parsed;
    }
}

package io.selvedge.reconciliation.camt053;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.reconciliation.Samples;
import io.selvedge.reconciliation.domain.BankEntry;
import io.selvedge.reconciliation.domain.BankStatementFile;
import io.selvedge.reconciliation.domain.Parsed;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class Camt053StatementsTest {

    @Test
    void readsEverySampleStatement() {
        List<String> files = Samples.files("camt053");
        assertThat(files).hasSize(6);
        for (String file : files) {
            assertThat(Camt053Statements.looksLike(Samples.text(file))).as(file).isTrue();
            assertThat(Camt053Statements.parse(Samples.bytes(file))).as(file).isInstanceOf(Parsed.Accepted.class);
        }
    }

    @Test
    void readsAVersion02StatementWhoseBalancesReconcile() {
        BankStatementFile file = accepted(Samples.bytes("camt053/valid_example.xml"));
        assertThat(file.version()).isEqualTo("camt.053.001.02");
        assertThat(file.statements()).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("0352C5320131227220503");
            assertThat(s.account()).isEqualTo("DE14740618130000033626");
            assertThat(s.currency()).isEqualTo("EUR");
            assertThat(s.opening().toDecimalString()).isEqualTo("33.06");
            assertThat(s.closing().toDecimalString()).isEqualTo("23.06");
            assertThat(s.entries()).isEqualTo(4);
        });
        assertThat(file.warnings()).isEmpty();
        assertThat(file.entries()).extracting(e -> e.direction() + " " + e.amount().toDecimalString())
                .containsExactly("DBIT 2.00", "DBIT 3.00", "CRDT 1.00", "DBIT 6.00");
        BankEntry first = file.entries().get(0);
        assertThat(first.bankReference()).isEqualTo("2013122710583450000");
        assertThat(first.references()).contains("1234567890sdfghjk", "EndToEndReference", "BankReference");
        assertThat(first.text()).contains("TEST BERWEISUNG MITTELS BLZUND KONTONUMMER - DTA");
        assertThat(first.bookingDate()).isEqualTo(LocalDate.of(2013, 12, 27));
        assertThat(first.status()).isEqualTo("BOOK");
        assertThat(first.naturalKey()).isEqualTo("CAMT053|DE14740618130000033626|2013122710583450000");
        assertThat(first.location()).isEqualTo("/Document/BkToCstmrStmt/Stmt[1]/Ntry[1] (line 60)");
        BankEntry batch = file.entries().get(3);
        assertThat(batch.references()).contains("STZV-EtE27122013-11:02-1", "STZV-EtE27122013-11:02-2");
        assertThat(batch.text()).contains("batch of 2");
    }

    @Test
    void readsVersion08StatusCodesAndBookingDateTimes() {
        BankStatementFile file = accepted(Samples.bytes("camt053/camt053.v8.xml"));
        assertThat(file.version()).isEqualTo("camt.053.001.08");
        BankEntry entry = file.entries().get(0);
        assertThat(entry.status()).isEqualTo("BOOK");
        assertThat(entry.amount().toString()).isEqualTo("8.85 EUR");
        assertThat(entry.direction()).isEqualTo(BankEntry.Direction.CRDT);
        assertThat(entry.bookingDate()).isEqualTo(LocalDate.of(2014, 12, 31));
        assertThat(entry.valueDate()).isEqualTo(LocalDate.of(2015, 1, 2));
        assertThat(entry.bankReference()).isEqualTo("AAAASESS-FP-CN_98765/01");
        assertThat(entry.references()).contains("MUELL/FINP/RA12345", "4654654654654654");
        assertThat(entry.typeCode()).isEqualTo("PMNT/RCDT/BOOK");
        assertThat(file.statements().get(0).account()).isEqualTo("NL26VAYB8060476890");
    }

    @Test
    void readsExtraDecimalsDateTimesInDtAndBatchesWithTrimmedSummaries() {
        BankStatementFile five = accepted(Samples.bytes("camt053/camt053.v2.five.decimals.xml"));
        assertThat(five.entries().get(0).amount().toString()).isEqualTo("8.85 EUR");
        assertThat(five.statements().get(0).opening().toDecimalString()).isEqualTo("18.15");
        assertThat(five.statements().get(0).closing().toDecimalString()).isEqualTo("27.05");
        // 18.15 + 8.85 is 27.00, not the 27.05 the file closes with
        assertThat(five.warnings()).singleElement().asString().contains("is not the closing balance 27.05");

        BankStatementFile dtTm = accepted(Samples.bytes("camt053/camt53.only-Dt-with-DtTm.xml"));
        assertThat(dtTm.entries()).isEmpty();
        assertThat(dtTm.statements().get(0).opening().toString()).isEqualTo("5442.09 RON");
        assertThat(dtTm.statements().get(0).account()).isEqualTo("GB33BUKB20201555555555");

        BankStatementFile batch = accepted(Samples.bytes("camt053/valid_example_with_batch.xml"));
        assertThat(batch.entries()).extracting(e -> e.direction() + " " + e.amount().toDecimalString())
                .containsExactly("DBIT 4753.74", "CRDT 2688.00", "CRDT 5000.00");
        assertThat(batch.entries().get(0).text()).isEqualTo("batch of 3");
        assertThat(batch.entries().get(0).typeCode()).isEqualTo("PMNT/ICDT/ESCT");
        // the file was trimmed: 35 entries summarised, 3 present, and balances that no longer add up
        assertThat(batch.warnings()).anySatisfy(w -> assertThat(w).contains("TxsSummry counts 35 entries, the statement holds 3"));
        assertThat(batch.warnings()).anySatisfy(w -> assertThat(w).contains("is not the closing balance 23038.20"));

        BankStatementFile abn = accepted(Samples.bytes("camt053/test-camt053"));
        assertThat(abn.statements().get(0).account()).isEqualTo("NL77ABNA0574908765");
        assertThat(abn.entries()).extracting(e -> e.direction() + " " + e.amount().toDecimalString())
                .containsExactly("DBIT 754.25", "DBIT 664.05", "CRDT 1405.31");
        assertThat(abn.entries().get(0).naturalKey()).isNull();
    }

    @Test
    void refusesADoctypeSoNoExternalEntityIsEverRead() {
        String xxe = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>&xxe;</Id></Stmt></BkToCstmrStmt></Document>
                """;
        Parsed.Refused<BankStatementFile> refused = refused(xxe);
        assertThat(refused.location()).isEqualTo("line 2");
        assertThat(refused.reason()).contains("DOCTYPE is not accepted");

        String entityWithoutDoctype = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>&xxe;</Id></Stmt></BkToCstmrStmt></Document>
                """;
        Parsed.Refused<BankStatementFile> entity = refused(entityWithoutDoctype);
        assertThat(entity.location()).isEqualTo("/Document/BkToCstmrStmt/Stmt[1]/Id (line 2)");
        assertThat(entity.reason()).isEqualTo("entity reference &xxe; is not accepted");
    }

    @Test
    void readsPredefinedAndCharacterEntitiesAsText() {
        String valid = Samples.text("camt053/valid_example.xml");
        BankStatementFile file = accepted(valid.replace("<Ustrd>R CKBUCHUNG</Ustrd>", "<Ustrd>R&#220;CKBUCHUNG &amp; CO &lt;1&gt;</Ustrd>")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(file.entries().get(2).text()).isEqualTo("R\u00dcCKBUCHUNG & CO <1>");
    }

    @Test
    void refusesABadEntryNamingItsElementAndLine() {
        String valid = Samples.text("camt053/valid_example.xml");
        Parsed.Refused<BankStatementFile> amount = refused(valid.replace("<Amt Ccy=\"EUR\">3.00</Amt>", "<Amt Ccy=\"EUR\">3,00</Amt>"));
        assertThat(amount.location()).isEqualTo("/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt (line 159)");
        assertThat(amount.reason()).isEqualTo("Amt '3,00' is not a decimal amount");

        Parsed.Refused<BankStatementFile> indicator = refused(valid.replace("<CdtDbtInd>CRDT</CdtDbtInd>\n      <Sts>BOOK</Sts>",
                "<CdtDbtInd>CREDIT</CdtDbtInd>\n      <Sts>BOOK</Sts>"));
        assertThat(indicator.location()).isEqualTo("/Document/BkToCstmrStmt/Stmt[1]/Ntry[3] (line 219)");
        assertThat(indicator.reason()).contains("CdtDbtInd 'CREDIT' is not CRDT or DBIT");

        Parsed.Refused<BankStatementFile> decimals = refused(valid.replace(">1.00</Amt>", ">1.005</Amt>"));
        assertThat(decimals.reason()).contains("more decimals than EUR allows");

        Parsed.Refused<BankStatementFile> truncated = refused(valid.substring(0, valid.indexOf("<Ntry>") + 200));
        assertThat(truncated.location()).startsWith("line ");
        assertThat(truncated.reason()).startsWith("not well-formed XML");

        Parsed.Refused<BankStatementFile> camt054 = refused(valid.replace("camt.053.001.02", "camt.054.001.02"));
        assertThat(camt054.location()).isEqualTo("/Document (line 2)");
        assertThat(camt054.reason()).contains("camt.054.001.02");
    }

    private static BankStatementFile accepted(byte[] content) {
        Parsed<BankStatementFile> parsed = Camt053Statements.parse(content);
        assertThat(parsed).isInstanceOf(Parsed.Accepted.class);
        return ((Parsed.Accepted<BankStatementFile>) parsed).value();
    }

    private static Parsed.Refused<BankStatementFile> refused(String content) {
        Parsed<BankStatementFile> parsed = Camt053Statements.parse(content.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).as(content.length() > 300 ? content.substring(0, 300) : content).isInstanceOf(Parsed.Refused.class);
        return (Parsed.Refused<BankStatementFile>) parsed;
    }
}

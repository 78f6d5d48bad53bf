package io.selvedge.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Api;
import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The tie-out through the public API: POS card and cash sales posted as a POS posts them, a day closed with its drawer
 * counts, an Adyen settlement file shaped like Adyen's (built here, with PSP references the sales carry), a Stripe
 * payout, and a camt.053 or BAI2 statement with the payout and the cash deposit; then the reconciliation read back,
 * row by row and exception by exception. Each test uses days of its own: the tests share one database.
 */
class ReconciliationIntegrationTest extends IntegrationTest {

    private static final String ADYEN_HEADER = Samples.text("adyen/settlement_detail_report_batch_380.csv").split("\n")[0].trim();

    private String sku;

    @BeforeEach
    void catalogueAndStock() {
        String style = unique("REC");
        sku = Fixtures.sku(style, "M");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        for (String store : List.of("STORE-ABK", "STORE-MEL")) {
            assertThat(api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", store, sku, 50)).status())
                    .isEqualTo(201);
        }
    }

    @Test
    void tiesPosTendersToTheProcessorAndTheBankAndListsEveryExceptionByKind() {
        String day = "2026-06-02";
        String psp1 = unique("PSP");
        String psp2 = unique("PSP");
        String psp3 = unique("PSP");
        String psp8 = unique("PSP");
        String s1 = sale("STORE-ABK", day, card("VISA", "97.45", psp1, "4242"));
        String s2 = sale("STORE-ABK", day, card("MASTERCARD", "65.70", psp2, "5454"));
        String s3 = sale("STORE-ABK", day, card("VISA", "89.00", psp3, "4242"));
        String s4 = sale("STORE-ABK", day, card("VISA", "31.40", null, "1881"));
        String s6 = sale("STORE-ABK", day, card("AMEX", "50.00", psp8, "0005"));
        sale("STORE-ABK", day, cash("100.00"));
        sale("STORE-MEL", day, cash("20.00"));
        assertThat(close("STORE-ABK", day, "100.00").status()).isEqualTo(201);
        assertThat(close("STORE-MEL", day, "20.00").status()).isEqualTo(201);

        String batch = digits();
        String payoutRef = "TX" + batch + "XT";
        String adyen = adyenFile(
                settled(psp1, "visa", day, batch, "97.45", "96.95", "0.30", "0.05", "0.15"),
                settled(psp2, "mc", day, batch, "60.00", "59.40", "0.36", "0.08", "0.16"),
                settled(unique("PSP"), "visa", day, batch, "31.40", "31.10", "0.18", "0.04", "0.08"),
                settled(unique("PSP"), "visa", day, batch, "45.00", "44.60", "0.24", "0.05", "0.11"),
                settled(psp8, "amex", day, batch, "50.00", "49.50", "0.30", "0.06", "0.14"),
                row(cells("Psp Reference", unique("PSP"), "Merchant Reference", "WEB-1", "Payment Method", "visa", "Creation Date", day + " 20:00:00",
                        "Type", "Refunded", "Modification Reference", unique("MOD"), "Gross Currency", "USD", "Gross Debit (GC)", "10.00",
                        "Net Currency", "USD", "Net Debit (NC)", "10.00", "Batch Number", batch)),
                row(cells("Psp Reference", unique("PSP"), "Merchant Reference", "WEB-2", "Payment Method", "mc", "Creation Date", day + " 21:00:00",
                        "Type", "Chargeback", "Modification Reference", unique("MOD"), "Gross Currency", "USD", "Gross Debit (GC)", "20.00",
                        "Net Currency", "USD", "Net Debit (NC)", "27.50", "Commission (NC)", "7.50", "Batch Number", batch)),
                row(cells("Creation Date", "2026-06-04 00:40:00", "Type", "Fee", "Modification Reference", "Transaction Fees June 03 2026",
                        "Net Currency", "USD", "Net Debit (NC)", "1.00", "Batch Number", batch)),
                row(cells("Creation Date", "2026-06-04 00:46:38", "Type", "MerchantPayout",
                        "Modification Reference", payoutRef + " batch " + batch + ", SELVEDGE_STORES", "Net Currency", "USD",
                        "Net Debit (NC)", "243.05", "Batch Number", batch, "Booking Date", "2026-06-04 00:46:38", "Booking Date TimeZone", "CET")));

        var imported = finance().send("POST", "/api/v1/reconciliation/processor-reports", "text/csv", adyen);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        JsonNode report = imported.json();
        assertThat(report.get("format").asString()).isEqualTo("ADYEN_SETTLEMENT_DETAIL");
        assertThat(report.get("lines").asInt()).isEqualTo(9);
        assertThat(report.get("recorded").asInt()).isEqualTo(9);
        JsonNode batchView = report.get("batches").get(0);
        assertThat(batchView.get("batch").asString()).isEqualTo(batch);
        assertThat(batchView.get("fees").asString()).as("2.30 of card fees, the chargeback's 7.50 and the 1.00 fee line").isEqualTo("10.80");
        assertThat(batchView.get("payouts").get(0).get("reference").asString()).isEqualTo(payoutRef);
        assertThat(batchView.get("payouts").get(0).get("amount").asString()).isEqualTo("243.05");
        assertThat(report.get("warnings")).isEmpty();

        // every line as recorded, with the fees itemised
        var recorded = finance().get("/api/v1/reconciliation/processor-reports/" + report.get("importId").asString() + "/lines");
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(200);
        JsonNode first = recorded.json().get("lines").get(0);
        assertThat(first.get("pspReference").asString()).isEqualTo(psp1);
        assertThat(first.get("merchantReference").asString()).isEqualTo("POS-" + psp1);
        assertThat(first.get("batch").asString()).isEqualTo(batch);
        assertThat(first.get("gross").asString()).isEqualTo("97.45");
        assertThat(first.get("markup").asString()).isEqualTo("0.30");
        assertThat(first.get("schemeFees").asString()).isEqualTo("0.05");
        assertThat(first.get("interchange").asString()).isEqualTo("0.15");
        assertThat(first.get("fees").asString()).isEqualTo("0.50");
        assertThat(first.get("net").asString()).isEqualTo("96.95");
        assertThat(first.has("commission")).isFalse();
        JsonNode chargeback = recorded.json().get("lines").get(6);
        assertThat(chargeback.get("commission").asString()).isEqualTo("7.50");
        assertThat(chargeback.get("net").asString()).isEqualTo("-27.50");
        JsonNode payoutLine = recorded.json().get("lines").get(8);
        assertThat(payoutLine.get("payoutReference").asString()).isEqualTo(payoutRef);
        assertThat(payoutLine.get("payoutDate").asString()).isEqualTo("2026-06-04");
        assertThat(finance().get("/api/v1/reconciliation/processor-reports/PR-nope/lines").status()).isEqualTo(404);

        // a Stripe payout the bank never shows
        String stripePayout = unique("po");
        var stripe = finance().send("POST", "/api/v1/reconciliation/processor-reports", "application/json", """
                {"object": "list", "data": [{"id": "%s", "object": "payout", "amount": 1234, "currency": "usd", "arrival_date": 1780358400,
                  "created": 1780358400, "status": "paid", "trace_id": {"status": "supported", "value": null}}]}""".formatted(stripePayout));
        assertThat(stripe.status()).as(stripe.body()).isEqualTo(201);
        assertThat(stripe.json().get("format").asString()).isEqualTo("STRIPE_BALANCE_TRANSACTIONS");

        String payoutCredit = unique("ACCTSVCR");
        String cashCredit = unique("ACCTSVCR");
        String strayCredit = unique("ACCTSVCR");
        String camt = camt053(unique("STMT"),
                entry("CRDT", "243.05", "2026-06-05", payoutCredit, "ADYEN " + payoutRef + " BATCH " + batch),
                entry("CRDT", "100.00", "2026-06-03", cashCredit, "CASH DEPOSIT STORE-ABK " + day),
                entry("DBIT", "100.00", "2026-06-03", unique("ACCTSVCR"), "RENT"),
                entry("CRDT", "55.55", "2026-06-04", strayCredit, "INSURANCE REFUND"));
        var statement = finance().send("POST", "/api/v1/reconciliation/bank-statements", "application/xml", camt);
        assertThat(statement.status()).as(statement.body()).isEqualTo(201);
        assertThat(statement.json().get("format").asString()).isEqualTo("CAMT053");
        assertThat(statement.json().get("entries").asInt()).isEqualTo(4);
        assertThat(statement.json().get("statements").get(0).get("credits").asString()).isEqualTo("398.60");

        var read = finance().get("/api/v1/reconciliation?from=2026-06-01&to=2026-06-07");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        JsonNode tieOut = read.json();

        JsonNode amex = row(tieOut, "STORE-ABK", day, "CARD-AMEX");
        assertThat(amex.get("status").asString()).isEqualTo("TIED");
        assertThat(amex.get("pos").get("total").asString()).isEqualTo("50.00");
        assertThat(amex.get("processor").get("gross").asString()).isEqualTo("50.00");
        assertThat(amex.get("processor").get("fees").asString()).isEqualTo("0.50");
        assertThat(amex.get("processor").get("net").asString()).isEqualTo("49.50");
        assertThat(amex.get("bank").get("deposited").asString()).isEqualTo("49.50");
        assertThat(amex.get("bank").get("payouts").get(0).asString()).isEqualTo(payoutRef);
        assertThat(amex.get("bank").get("references").get(0).asString()).isEqualTo(payoutCredit);

        JsonNode visa = row(tieOut, "STORE-ABK", day, "CARD-VISA");
        assertThat(visa.get("status").asString()).isEqualTo("OPEN");
        assertThat(visa.get("pos").get("count").asInt()).isEqualTo(3);
        assertThat(visa.get("pos").get("total").asString()).isEqualTo("217.85");
        assertThat(visa.get("processor").get("matchedByReference").asInt()).isEqualTo(1);
        assertThat(visa.get("processor").get("matchedByFallback").asInt()).as("31.40 without a reference: amount, day, brand").isEqualTo(1);
        assertThat(visa.get("processor").get("gross").asString()).isEqualTo("128.85");
        assertThat(visa.get("processor").get("net").asString()).isEqualTo("128.05");
        assertThat(visa.get("bank").get("deposited").asString()).isEqualTo("128.05");
        assertThat(visa.get("differences").get("posVsGross").asString()).isEqualTo("89.00");
        assertThat(visa.get("differences").get("netVsBank").asString()).isEqualTo("0.00");
        assertThat(visa.get("exceptions").asInt()).isEqualTo(1);

        JsonNode mastercard = row(tieOut, "STORE-ABK", day, "CARD-MASTERCARD");
        assertThat(mastercard.get("processor").get("gross").asString()).isEqualTo("60.00");
        assertThat(mastercard.get("differences").get("posVsGross").asString()).isEqualTo("5.70");

        JsonNode abkCash = row(tieOut, "STORE-ABK", day, "CASH");
        assertThat(abkCash.get("status").asString()).isEqualTo("TIED");
        assertThat(abkCash.get("counted").asString()).isEqualTo("100.00");
        assertThat(abkCash.get("bank").get("deposited").asString()).isEqualTo("100.00");
        assertThat(abkCash.get("bank").get("references").get(0).asString()).isEqualTo(cashCredit);
        JsonNode melCash = row(tieOut, "STORE-MEL", day, "CASH");
        assertThat(melCash.get("status").asString()).isEqualTo("OPEN");
        assertThat(melCash.get("bank").get("deposited").asString()).isEqualTo("0.00");

        JsonNode payouts = tieOut.get("payouts");
        assertThat(payouts).hasSize(2);
        JsonNode adyenPayout = find(payouts, "reference", payoutRef);
        assertThat(adyenPayout.get("amount").asString()).isEqualTo("243.05");
        assertThat(adyenPayout.get("bankCredit").get("bankReference").asString()).isEqualTo(payoutCredit);
        assertThat(adyenPayout.get("bankCredit").get("matchedBy").asString()).isEqualTo("REFERENCE");
        assertThat(find(payouts, "reference", stripePayout).get("bankCredit").isNull()).isTrue();

        Map<String, List<JsonNode>> byKind = byKind(tieOut.get("exceptions"));
        assertThat(byKind.keySet()).containsExactlyInAnyOrder("CARD_TENDER_WITHOUT_SETTLEMENT", "SETTLEMENT_WITHOUT_POS_TENDER",
                "AMOUNT_MISMATCH", "CHARGEBACK_OR_REFUND", "PAYOUT_WITHOUT_BANK_CREDIT", "DEPOSIT_WITHOUT_PAYOUT", "CASH_WITHOUT_BANK_DEPOSIT");
        assertThat(byKind.get("CARD_TENDER_WITHOUT_SETTLEMENT")).singleElement().satisfies(e -> {
            assertThat(e.get("transactionId").asString()).isEqualTo(s3);
            assertThat(e.get("reference").asString()).isEqualTo(psp3);
            assertThat(e.get("amount").asString()).isEqualTo("89.00");
            assertThat(e.get("store").asString()).isEqualTo("STORE-ABK");
        });
        assertThat(byKind.get("AMOUNT_MISMATCH")).singleElement().satisfies(e -> {
            assertThat(e.get("transactionId").asString()).isEqualTo(s2);
            assertThat(e.get("posAmount").asString()).isEqualTo("65.70");
            assertThat(e.get("processorAmount").asString()).isEqualTo("60.00");
            assertThat(e.get("pspReference").asString()).isEqualTo(psp2);
        });
        assertThat(byKind.get("SETTLEMENT_WITHOUT_POS_TENDER")).singleElement().satisfies(e -> {
            assertThat(e.get("amount").asString()).isEqualTo("45.00");
            assertThat(e.get("batch").asString()).isEqualTo(batch);
        });
        assertThat(byKind.get("CHARGEBACK_OR_REFUND")).extracting(e -> e.get("processorType").asString() + " " + e.get("amount").asString())
                .containsExactlyInAnyOrder("Refunded -10.00", "Chargeback -20.00");
        assertThat(byKind.get("PAYOUT_WITHOUT_BANK_CREDIT")).singleElement().satisfies(e -> {
            assertThat(e.get("reference").asString()).isEqualTo(stripePayout);
            assertThat(e.get("amount").asString()).isEqualTo("12.34");
        });
        assertThat(byKind.get("DEPOSIT_WITHOUT_PAYOUT")).singleElement().satisfies(e -> {
            assertThat(e.get("bankReference").asString()).isEqualTo(strayCredit);
            assertThat(e.get("amount").asString()).isEqualTo("55.55");
        });
        assertThat(byKind.get("CASH_WITHOUT_BANK_DEPOSIT")).singleElement().satisfies(e -> {
            assertThat(e.get("store").asString()).isEqualTo("STORE-MEL");
            assertThat(e.get("amount").asString()).isEqualTo("20.00");
        });
        assertThat(tieOut.get("summary").get("exceptions").asInt()).isEqualTo(8);
        assertThat(List.of(s1, s4, s6)).allSatisfy(id -> assertThat(read.body()).doesNotContain("\"transactionId\":\"" + id + "\""));

        // the same files again change nothing
        var again = finance().send("POST", "/api/v1/reconciliation/processor-reports", "text/csv", adyen);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(again.json()).isEqualTo(report);
        var statementAgain = finance().send("POST", "/api/v1/reconciliation/bank-statements", "application/xml", camt);
        assertThat(statementAgain.status()).isEqualTo(200);
        assertThat(statementAgain.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(finance().get("/api/v1/reconciliation?from=2026-06-01&to=2026-06-07").json()).isEqualTo(tieOut);

        // a store filter keeps that store's rows and exceptions
        JsonNode mel = finance().get("/api/v1/reconciliation?from=2026-06-01&to=2026-06-07&store=STORE-MEL").json();
        assertThat(mel.get("rows")).hasSize(1);
        assertThat(mel.get("exceptions").findValuesAsString("store")).containsOnly("STORE-MEL");
    }

    @Test
    void aBai2StatementTiesThePayoutAndAnOverlappingFileRecordsOnlyWhatIsNew() {
        String day = "2026-07-02";
        String psp = unique("PSP");
        sale("STORE-ABK", day, card("VISA", "120.00", psp, "4242"));
        String batch = digits();
        String payoutRef = "TX" + batch + "XT";
        String settledLine = settled(psp, "visa", day, batch, "120.00", "118.80", "0.70", "0.20", "0.30");
        String payoutLine = row(cells("Creation Date", "2026-07-03 01:00:00", "Type", "MerchantPayout",
                "Modification Reference", payoutRef + " batch " + batch, "Net Currency", "USD", "Net Debit (NC)", "118.80", "Batch Number", batch));
        var first = finance().send("POST", "/api/v1/reconciliation/processor-reports", "text/csv", adyenFile(settledLine));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("warnings").get(0).asString()).contains("batch " + batch).contains("118.80");
        // the batch's full report later: the settled line is already recorded, only the payout is new
        var full = finance().send("POST", "/api/v1/reconciliation/processor-reports", "text/csv", adyenFile(settledLine, payoutLine));
        assertThat(full.status()).as(full.body()).isEqualTo(201);
        assertThat(full.json().get("recorded").asInt()).isEqualTo(1);
        assertThat(full.json().get("alreadyRecorded").asInt()).isEqualTo(1);

        String bankRef = digits();
        String bai2 = String.join("\n",
                "01,SELVEDGEBANK,SELVEDGE,260706,0800,1,,,2/",
                "02,SELVEDGE,SELVEDGEBANK,1,260706,,USD,2/",
                "03,9988776655,USD,010,500000,,,015,511880,,/",
                "16,142,11880,," + bankRef + ",,ADYEN PAYOUT",
                "88," + payoutRef + " BATCH " + batch + "/",
                "49,1023760,4/",
                "98,1023760,1,6/",
                "99,1023760,1,8/") + "\n";
        var bank = finance().send("POST", "/api/v1/reconciliation/bank-statements", "text/plain", bai2);
        assertThat(bank.status()).as(bank.body()).isEqualTo(201);
        assertThat(bank.json().get("format").asString()).isEqualTo("BAI2");
        var replay = finance().send("POST", "/api/v1/reconciliation/bank-statements", "text/plain", bai2);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.header("Idempotent-Replay")).isEqualTo("true");
        // the same entry in a statement with other bytes (CRLF line ends) is recognised by its bank reference
        var overlapping = finance().send("POST", "/api/v1/reconciliation/bank-statements", "text/plain", bai2.replace("\n", "\r\n"));
        assertThat(overlapping.status()).as(overlapping.body()).isEqualTo(201);
        assertThat(overlapping.json().get("recorded").asInt()).isZero();
        assertThat(overlapping.json().get("alreadyRecorded").asInt()).isEqualTo(1);

        JsonNode tieOut = finance().get("/api/v1/reconciliation?from=" + day + "&to=2026-07-09").json();
        JsonNode visa = row(tieOut, "STORE-ABK", day, "CARD-VISA");
        assertThat(visa.get("status").asString()).isEqualTo("TIED");
        assertThat(visa.get("processor").get("net").asString()).isEqualTo("118.80");
        assertThat(visa.get("bank").get("deposited").asString()).isEqualTo("118.80");
        assertThat(visa.get("bank").get("references").get(0).asString()).isEqualTo(bankRef);
        assertThat(tieOut.get("exceptions")).isEmpty();
        assertThat(tieOut.get("payouts").get(0).get("bankCredit").get("matchedBy").asString()).isEqualTo("REFERENCE");
    }

    @Test
    void refusesMalformedFilesNamingWhereAndImportsNothingOfThem() {
        String day = "2026-08-04";
        String psp = unique("PSP");
        String batch = digits();
        String good = settled(psp, "visa", day, batch, "40.00", "39.60", "0.24", "0.05", "0.11");
        String truncated = adyenFile(good, settled(unique("PSP"), "visa", day, batch, "50.00", "49.50", "0.30", "0.06", "0.14"));
        truncated = truncated.substring(0, truncated.lastIndexOf(",USD,") + 7);
        var refused = finance().send("POST", "/api/v1/reconciliation/processor-reports", "text/csv", truncated);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("location").asString()).isEqualTo("line 3");
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("line 3");
        assertThat(refused.json().get("detail").asString()).contains("nothing was imported");
        // nothing of the valid first line was kept: the tie-out of the day knows no settlement
        assertThat(finance().get("/api/v1/reconciliation?from=" + day + "&to=" + day).json().get("exceptions")).isEmpty();

        var xxe = finance().send("POST", "/api/v1/reconciliation/bank-statements", "application/xml", """
                <?xml version="1.0"?>
                <!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>&xxe;</Id></Stmt></BkToCstmrStmt></Document>
                """);
        assertThat(xxe.status()).isEqualTo(422);
        assertThat(xxe.json().get("location").asString()).isEqualTo("line 2");
        assertThat(xxe.body()).doesNotContain("root:");

        String svb = Samples.text("bai2/svb_us_example.bai2").replace("49,138884258,7/", "49,138884258,6/");
        var badCount = finance().send("POST", "/api/v1/reconciliation/bank-statements", "text/plain", svb);
        assertThat(badCount.status()).isEqualTo(422);
        assertThat(badCount.json().get("errors").get(0).get("field").asString()).isEqualTo("line 9");
        assertThat(badCount.json().get("errors").get(0).get("message").asString()).contains("counts 6 records, but the account has 7");

        var unknown = finance().send("POST", "/api/v1/reconciliation/processor-reports", "application/octet-stream", "hello");
        assertThat(unknown.status()).isEqualTo(415);
        var empty = finance().send("POST", "/api/v1/reconciliation/bank-statements", "text/plain", "");
        assertThat(empty.status()).isEqualTo(422);

        var pos = api(POS).send("POST", "/api/v1/reconciliation/processor-reports", "text/csv", adyenFile(good));
        assertThat(pos.status()).isEqualTo(403);
        assertThat(api(WEB).get("/api/v1/reconciliation?from=" + day + "&to=" + day).status()).isEqualTo(403);
        var noDates = finance().get("/api/v1/reconciliation");
        assertThat(noDates.status()).isEqualTo(422);
        assertThat(noDates.json().get("errors").findValuesAsString("field")).containsExactly("from", "to");
    }

    @Test
    void importsEverySampleFileThroughTheApi() {
        // three of batch 380's card payments, rung up at the flagship the evening before (Los Angeles time), the day closed
        String sampleDay = "2021-01-04";
        sale("STORE-ABK", sampleDay, card("MASTERCARD", "31.45", "1829098024817852", "0001"));
        sale("STORE-ABK", sampleDay, card("VISA", "21.95", "4636098029442802", "0002"));
        sale("STORE-ABK", sampleDay, card("VISA", "26.45", "1736098031315223", "0003"));
        assertThat(api(OPS).post("/api/v1/stores/STORE-ABK/days/" + sampleDay + "/close", Map.of("drawerCounts", List.of())).status())
                .isEqualTo(201);

        JsonNode batch380 = null;
        for (String file : Samples.files("adyen")) {
            var response = api(OPS).send("POST", "/api/v1/reconciliation/processor-reports", "text/csv", Samples.text(file));
            assertThat(response.status()).as(file + " " + response.body()).isIn(200, 201);
            if (file.endsWith("batch_380.csv")) {
                batch380 = response.json();
            }
        }
        // their fees (markup, scheme fees, interchange of the real rows) post as the day's card fee entries, one per brand
        assertThat(batch380.get("cardFees")).extracting(f -> f.get("tender").asString() + " " + f.get("payments").asInt() + " "
                + f.get("fees").asString() + " " + f.get("status").asString() + " " + f.get("entryId").asString()).containsExactly(
                "CARD-MASTERCARD 1 0.30 POSTED JE-STORE-ABK-20210104-CARD-MASTERCARD-FEES-1",
                "CARD-VISA 2 0.46 POSTED JE-STORE-ABK-20210104-CARD-VISA-FEES-2");
        JsonNode sampleJournal = api(FINANCE).get("/api/v1/stores/STORE-ABK/days/" + sampleDay + "/journal").json();
        JsonNode sampleFees = entry(sampleJournal, "JE-STORE-ABK-20210104-CARD-VISA-FEES-2");
        assertThat(lines(sampleFees)).containsExactly("6200 0.46 0.00", "1121 0.00 0.46");
        assertThat(sampleFees.get("lines").get(0).get("memo").asString()).startsWith("card fees ADYEN batch 380, 2 payments");
        assertThat(sampleJournal.get("totalDebit").asString()).isEqualTo("80.61");
        assertThat(sampleJournal.get("totalCredit").asString()).isEqualTo("80.61");
        String stripeList = "{\"object\": \"list\", \"data\": [" + Api.JSON.readTree(Samples.bytes("stripe/fixtures3.json")).get("resources")
                .get("balance_transaction") + "]}";
        var stripe = api(OPS).send("POST", "/api/v1/reconciliation/processor-reports", "application/json", stripeList);
        assertThat(stripe.status()).as(stripe.body()).isIn(200, 201);
        for (String file : Samples.files("camt053")) {
            var response = api(OPS).send("POST", "/api/v1/reconciliation/bank-statements", "application/xml", Samples.text(file));
            assertThat(response.status()).as(file + " " + response.body()).isIn(200, 201);
        }
        for (String file : Samples.files("bai2")) {
            var response = api(OPS).send("POST", "/api/v1/reconciliation/bank-statements", "text/plain", Samples.text(file));
            assertThat(response.status()).as(file + " " + response.body()).isEqualTo(file.contains("sample4") ? 422 : 201);
        }
        // Adyen's batch 380 against a hub that never saw those payments: every one is a settlement without a POS tender
        JsonNode tieOut = api(OPS).get("/api/v1/reconciliation?from=2021-01-04&to=2021-01-08").json();
        JsonNode byKind = tieOut.get("summary").get("exceptionsByKind");
        assertThat(byKind.get("SETTLEMENT_WITHOUT_POS_TENDER").asInt()).as("220 payments, 3 of them rung up at the flagship").isEqualTo(217);
        assertThat(byKind.get("CHARGEBACK_OR_REFUND").asInt()).isEqualTo(6);
        assertThat(byKind.get("PAYOUT_WITHOUT_BANK_CREDIT").asInt()).isEqualTo(1);
        assertThat(tieOut.get("payouts").get(0).get("reference").asString()).isEqualTo("TX635094301XT");
        assertThat(tieOut.get("payouts").get(0).get("amount").asString()).isEqualTo("55308.07");
        JsonNode visa = row(tieOut, "STORE-ABK", sampleDay, "CARD-VISA");
        assertThat(visa.get("processor").get("gross").asString()).isEqualTo("48.40");
        assertThat(visa.get("processor").get("fees").asString()).isEqualTo("0.46");
    }

    @Test
    void cardFeesPostAsTheirOwnBalancedJournalEntryOfTheDayWhenTheProcessorFileArrivesAndOnceOnly() {
        String day = "2026-09-01";
        String psp1 = unique("PSP");
        String psp2 = unique("PSP");
        String psp3 = unique("PSP");
        sale("STORE-ABK", day, card("VISA", "97.45", psp1, "4242"));
        sale("STORE-ABK", day, card("VISA", "31.40", psp2, "4242"));
        sale("STORE-ABK", day, card("MASTERCARD", "60.00", psp3, "5454"));
        sale("STORE-ABK", day, cash("100.00"));
        assertThat(close("STORE-ABK", day, "100.00").status()).isEqualTo(201);
        JsonNode closedJournal = finance().get("/api/v1/stores/STORE-ABK/days/" + day + "/journal").json();

        String batch = digits();
        String adyen = adyenFile(
                settled(psp1, "visa", day, batch, "97.45", "96.95", "0.30", "0.05", "0.15"),
                settled(psp2, "visa", day, batch, "31.40", "31.10", "0.18", "0.04", "0.08"),
                settled(psp3, "mc", day, batch, "60.00", "59.40", "0.36", "0.08", "0.16"),
                settled(unique("PSP"), "visa", day, batch, "45.00", "44.60", "0.24", "0.05", "0.11"),
                row(cells("Creation Date", "2026-09-03 00:40:00", "Type", "Fee", "Modification Reference", "Transaction Fees September 02 2026",
                        "Net Currency", "USD", "Net Debit (NC)", "1.00", "Batch Number", batch)));
        var imported = finance().send("POST", "/api/v1/reconciliation/processor-reports", "text/csv", adyen);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        // a web payment no store tender carries and the monthly fee line have no store day to post to
        assertThat(imported.json().get("cardFees")).extracting(f -> f.get("store").asString() + " " + f.get("businessDay").asString() + " "
                + f.get("tender").asString() + " " + f.get("payments").asInt() + " " + f.get("fees").asString() + " " + f.get("status").asString()
                + " " + f.get("entryId").asString() + " " + f.get("postedOn").asString()).containsExactly(
                "STORE-ABK 2026-09-01 CARD-MASTERCARD 1 0.60 POSTED JE-STORE-ABK-20260901-CARD-MASTERCARD-FEES-1 2026-09-01",
                "STORE-ABK 2026-09-01 CARD-VISA 2 0.80 POSTED JE-STORE-ABK-20260901-CARD-VISA-FEES-2 2026-09-01");

        var response = finance().get("/api/v1/stores/STORE-ABK/days/" + day + "/journal");
        assertThat(response.status()).isEqualTo(200);
        JsonNode journal = response.json();
        assertThat(journal.get("entries").findValuesAsString("entryId")).containsExactly("JE-STORE-ABK-20260901-CASH",
                "JE-STORE-ABK-20260901-CARD-MASTERCARD", "JE-STORE-ABK-20260901-CARD-VISA",
                "JE-STORE-ABK-20260901-CARD-MASTERCARD-FEES-1", "JE-STORE-ABK-20260901-CARD-VISA-FEES-2");
        for (int i = 0; i < 3; i++) {
            assertThat(journal.get("entries").get(i)).as("the close's own entries are untouched").isEqualTo(closedJournal.get("entries").get(i));
        }
        JsonNode visaFees = entry(journal, "JE-STORE-ABK-20260901-CARD-VISA-FEES-2");
        assertThat(visaFees.get("kind").asString()).isEqualTo("ADJUSTMENT");
        assertThat(visaFees.get("tender").asString()).isEqualTo("CARD-VISA");
        assertThat(lines(visaFees)).as("card fees expense debited, the VISA clearing account credited").containsExactly("6200 0.80 0.00",
                "1121 0.00 0.80");
        assertThat(visaFees.get("lines").findValuesAsString("role")).containsExactly("FEES", "TENDER");
        assertThat(visaFees.get("lines").findValuesAsString("adjustsDay")).containsOnly(day);
        assertThat(visaFees.get("lines").get(0).get("memo").asString()).isEqualTo("card fees ADYEN batch " + batch + ", 2 payments ("
                + imported.json().get("importId").asString() + ")");
        assertThat(lines(entry(journal, "JE-STORE-ABK-20260901-CARD-MASTERCARD-FEES-1"))).containsExactly("6200 0.60 0.00", "1122 0.00 0.60");
        assertThat(new BigDecimal(journal.get("totalDebit").asString()))
                .isEqualByComparingTo(new BigDecimal(closedJournal.get("totalDebit").asString()).add(new BigDecimal("1.40")));
        assertThat(journal.get("totalDebit").asString()).isEqualTo(journal.get("totalCredit").asString());
        String csv = finance().get("/api/v1/stores/STORE-ABK/days/" + day + "/journal?format=csv").body();
        assertThat(csv).contains("JE-STORE-ABK-20260901-CARD-VISA-FEES-2,2026-09-01,6200,0.80,0.00,\"card fees ADYEN batch " + batch
                + ", 2 payments (" + imported.json().get("importId").asString() + ")\",STORE-ABK,CARD-VISA,USD,1,ADJUSTMENT,2026-09-01\r\n");
        assertThat(csv).contains("JE-STORE-ABK-20260901-CARD-VISA-FEES-2,2026-09-01,1121,0.00,0.80,");

        // the same file again posts nothing; an overlapping export posts only the fees of the payment it adds
        var again = finance().send("POST", "/api/v1/reconciliation/processor-reports", "text/csv", adyen);
        assertThat(again.status()).isEqualTo(200);
        assertThat(finance().get("/api/v1/stores/STORE-ABK/days/" + day + "/journal").json()).isEqualTo(journal);
        String psp4 = unique("PSP");
        sale("STORE-ABK", day, card("VISA", "20.00", psp4, "4242"));
        var overlapping = finance().send("POST", "/api/v1/reconciliation/processor-reports", "text/csv", adyenFile(
                settled(psp1, "visa", day, batch, "97.45", "96.95", "0.30", "0.05", "0.15"),
                settled(psp4, "visa", day, batch, "20.00", "19.89", "0.06", "0.02", "0.03")));
        assertThat(overlapping.status()).as(overlapping.body()).isEqualTo(201);
        assertThat(overlapping.json().get("cardFees")).singleElement().satisfies(f -> {
            assertThat(f.get("fees").asString()).isEqualTo("0.11");
            assertThat(f.get("payments").asInt()).isEqualTo(1);
            assertThat(f.get("entryId").asString()).isEqualTo("JE-STORE-ABK-20260901-CARD-VISA-FEES-3");
        });
        JsonNode after = finance().get("/api/v1/stores/STORE-ABK/days/" + day + "/journal").json();
        assertThat(after.get("entries")).hasSize(6);
        assertThat(new BigDecimal(after.get("totalDebit").asString()))
                .isEqualByComparingTo(new BigDecimal(journal.get("totalDebit").asString()).add(new BigDecimal("0.11")));

        // finance approves the day with its fee entries
        var approved = finance().post("/api/v1/stores/STORE-ABK/days/" + day + "/journal/approval", Map.of());
        assertThat(approved.status()).as(approved.body()).isEqualTo(201);
        assertThat(approved.json().get("entries").asInt()).isEqualTo(6);
    }

    @Test
    void feesOfAnOpenDayPostWithItsCloseAndFeesOfAnApprovedDayWithTheStoresNextClose() {
        String open = "2026-09-02";
        String pspOpen = unique("PSP");
        sale("STORE-MEL", open, card("VISA", "50.00", pspOpen, "4242"));
        String approvedDay = "2026-09-03";
        String next = "2026-09-04";
        String pspApproved = unique("PSP");
        sale("STORE-ABK", approvedDay, card("AMEX", "40.00", pspApproved, "0005"));
        assertThat(close("STORE-ABK", approvedDay, "0.00").status()).isEqualTo(201);
        assertThat(finance().post("/api/v1/stores/STORE-ABK/days/" + approvedDay + "/journal/approval", Map.of()).status()).isEqualTo(201);
        String approvedCsv = finance().get("/api/v1/stores/STORE-ABK/days/" + approvedDay + "/journal?format=csv").body();

        String batch = digits();
        var imported = finance().send("POST", "/api/v1/reconciliation/processor-reports", "text/csv", adyenFile(
                settled(pspOpen, "visa", open, batch, "50.00", "49.70", "0.15", "0.05", "0.10"),
                settled(pspApproved, "amex", approvedDay, batch, "40.00", "39.20", "0.50", "0.10", "0.20")));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("cardFees")).extracting(f -> f.get("store").asString() + " " + f.get("status").asString() + " "
                + f.get("fees").asString()).containsExactly("STORE-ABK PENDING 0.80", "STORE-MEL PENDING 0.30");
        assertThat(imported.json().get("cardFees").get(0).get("reason").asString()).contains("approved").contains("next close");
        assertThat(finance().get("/api/v1/stores/STORE-ABK/days/" + approvedDay + "/journal?format=csv").body())
                .as("an approved journal never changes").isEqualTo(approvedCsv);
        JsonNode waiting = api(OPS).get("/api/v1/stores/STORE-ABK/late-transactions").json().get("adjustments");
        assertThat(waiting).anySatisfy(a -> {
            assertThat(a.get("adjustsDay").asString()).isEqualTo(approvedDay);
            assertThat(a.get("amount").asString()).isEqualTo("0.80");
            assertThat(a.get("kind").asString()).isEqualTo("CARD_FEES");
        });

        // the open day's close posts its fees in its own journal
        var closedOpen = close("STORE-MEL", open, "0.00");
        assertThat(closedOpen.status()).as(closedOpen.body()).isEqualTo(201);
        assertThat(closedOpen.json().get("adjustingEntries")).singleElement().satisfies(a -> {
            assertThat(a.get("adjustsDay").asString()).isEqualTo(open);
            assertThat(a.get("amount").asString()).isEqualTo("0.30");
        });
        JsonNode mel = finance().get("/api/v1/stores/STORE-MEL/days/" + open + "/journal").json();
        assertThat(lines(entry(mel, "JE-STORE-MEL-20260902-CARD-VISA-FEES-1"))).containsExactly("6200 0.30 0.00", "1121 0.00 0.30");

        // the approved day's fees wait for the store's next close, and post there naming the day they adjust
        assertThat(close("STORE-ABK", next, "0.00").status()).isEqualTo(201);
        JsonNode nextJournal = finance().get("/api/v1/stores/STORE-ABK/days/" + next + "/journal").json();
        JsonNode fees = entry(nextJournal, "JE-STORE-ABK-20260904-CARD-AMEX-FEES-1");
        assertThat(lines(fees)).containsExactly("6200 0.80 0.00", "1123 0.00 0.80");
        assertThat(fees.get("lines").findValuesAsString("adjustsDay")).containsOnly(approvedDay);
        assertThat(fees.get("date").asString()).isEqualTo(next);
        assertThat(api(OPS).get("/api/v1/stores/STORE-ABK/late-transactions").json().get("adjustments").findValuesAsString("adjustsDay"))
                .doesNotContain(approvedDay);
        assertThat(finance().get("/api/v1/stores/STORE-ABK/days/" + approvedDay + "/journal?format=csv").body()).isEqualTo(approvedCsv);
    }

    @Test
    void stripeFeesOnAStoreCardPaymentPostToo() {
        String day = "2026-09-05";
        String charge = "ch_" + unique("S").replace("-", "");
        sale("STORE-SOHO", day, card("VISA", "25.00", charge, "4242"));
        assertThat(close("STORE-SOHO", day, "0.00").status()).isEqualTo(201);
        long created = java.time.LocalDate.parse(day).atTime(20, 0).toEpochSecond(java.time.ZoneOffset.UTC);
        var imported = finance().send("POST", "/api/v1/reconciliation/processor-reports", "application/json", """
                {"object": "list", "data": [{"id": "%s", "object": "balance_transaction", "amount": 2500, "fee": 103, "net": 2397,
                  "currency": "usd", "type": "charge", "reporting_category": "charge", "source": "%s", "created": %d, "available_on": %d,
                  "status": "available", "fee_details": [{"amount": 103, "currency": "usd", "type": "stripe_fee"}]}]}"""
                .formatted(unique("txn").replace("-", ""), charge, created, created + 172800));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("cardFees")).singleElement().satisfies(f -> {
            assertThat(f.get("status").asString()).isEqualTo("POSTED");
            assertThat(f.get("entryId").asString()).isEqualTo("JE-STORE-SOHO-20260905-CARD-VISA-FEES-1");
        });
        JsonNode journal = finance().get("/api/v1/stores/STORE-SOHO/days/" + day + "/journal").json();
        JsonNode fees = entry(journal, "JE-STORE-SOHO-20260905-CARD-VISA-FEES-1");
        assertThat(lines(fees)).containsExactly("6200 1.03 0.00", "1121 0.00 1.03");
        assertThat(fees.get("lines").get(0).get("memo").asString()).startsWith("card fees STRIPE, 1 payment (");
    }

    // --- sales, close, files ---

    private Api finance() {
        return api(FINANCE);
    }

    private String sale(String store, String day, Map<String, Object> tender) {
        String id = unique(store.substring(6) + "-R1");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", id);
        body.put("store", store);
        body.put("register", "R1");
        body.put("businessDay", day);
        body.put("occurredAt", day + "T19:00:00Z");
        body.put("type", "SALE");
        body.put("currency", "USD");
        body.put("lines", List.of(Map.of("lineNo", 1, "sku", sku, "quantity", 1, "unitPrice", tender.get("amount"), "discount", "0.00",
                "tax", "0.00")));
        body.put("tenders", List.of(tender));
        var response = api(POS).post("/api/v1/pos/transactions", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return id;
    }

    private static Map<String, Object> card(String brand, String amount, String reference, String last4) {
        Map<String, Object> tender = new LinkedHashMap<>();
        tender.put("type", "CARD");
        tender.put("brand", brand);
        tender.put("amount", amount);
        if (reference != null) {
            tender.put("reference", reference);
        }
        tender.put("last4", last4);
        return tender;
    }

    private static Map<String, Object> cash(String amount) {
        return Map.of("type", "CASH", "amount", amount);
    }

    private Api.Response close(String store, String day, String cash) {
        return api(OPS).post("/api/v1/stores/" + store + "/days/" + day + "/close",
                Map.of("drawerCounts", List.of(Map.of("register", "R1", "cash", cash))));
    }

    /** A numeric id no other test of this run uses (Adyen batch numbers are digits). */
    private static String digits() {
        return unique("9").replaceAll("\\D", "");
    }

    private static String adyenFile(String... rows) {
        return ADYEN_HEADER + "\n" + String.join("\n", rows) + "\n";
    }

    private static String settled(String psp, String method, String day, String batch, String gross, String net, String markup,
                                  String scheme, String interchange) {
        Map<String, String> cells = new LinkedHashMap<>();
        cells.put("Psp Reference", psp);
        cells.put("Merchant Reference", "POS-" + psp);
        cells.put("Payment Method", method);
        cells.put("Creation Date", day + " 21:00:00");
        cells.put("Type", "Settled");
        cells.put("Modification Reference", "M" + psp);
        cells.put("Gross Currency", "USD");
        cells.put("Gross Credit (GC)", gross);
        cells.put("Exchange Rate", "1");
        cells.put("Net Currency", "USD");
        cells.put("Net Credit (NC)", net);
        cells.put("Markup (NC)", markup);
        cells.put("Scheme Fees (NC)", scheme);
        cells.put("Interchange (NC)", interchange);
        cells.put("Batch Number", batch);
        return row(cells);
    }

    private static Map<String, String> cells(String... columnValue) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (int i = 0; i < columnValue.length; i += 2) {
            cells.put(columnValue[i], columnValue[i + 1]);
        }
        return cells;
    }

    /** A row in the sample's column order, with the company, account and time zone of a store merchant account. */
    private static String row(Map<String, String> given) {
        Map<String, String> cells = new LinkedHashMap<>(given);
        cells.putIfAbsent("Company Account", "SelvedgeCo");
        cells.putIfAbsent("Merchant Account", "SELVEDGE_STORES");
        cells.putIfAbsent("TimeZone", "CET");
        List<String> out = new ArrayList<>();
        for (String column : ADYEN_HEADER.split(",")) {
            String value = cells.getOrDefault(column, "");
            out.add(value.contains(",") ? "\"" + value + "\"" : value);
        }
        return String.join(",", out);
    }

    private static String camt053(String statementId, String... entries) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>%s</MsgId><CreDtTm>2026-06-06T06:00:00Z</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>%s</Id>
                      <Acct><Id><IBAN>US00SELV0000001234</IBAN></Id><Ccy>USD</Ccy></Acct>
                %s
                    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(statementId, statementId, String.join("\n", entries));
    }

    private static String entry(String direction, String amount, String date, String servicerRef, String remittance) {
        return """
                      <Ntry>
                        <Amt Ccy="USD">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>%s</Dt></BookgDt><ValDt><Dt>%s</Dt></ValDt><AcctSvcrRef>%s</AcctSvcrRef>
                        <NtryDtls><TxDtls><RmtInf><Ustrd>%s</Ustrd></RmtInf></TxDtls></NtryDtls>
                      </Ntry>""".formatted(amount, direction, date, date, servicerRef, remittance);
    }

    // --- reading journals and the tie-out ---

    private static JsonNode entry(JsonNode journal, String entryId) {
        return find(journal.get("entries"), "entryId", entryId);
    }

    /** "account debit credit" per line. */
    private static List<String> lines(JsonNode entry) {
        List<String> out = new ArrayList<>();
        entry.get("lines").forEach(l -> out.add(l.get("account").asString() + " " + l.get("debit").asString() + " " + l.get("credit").asString()));
        return out;
    }

    private static JsonNode row(JsonNode tieOut, String store, String day, String tender) {
        for (JsonNode row : tieOut.get("rows")) {
            if (store.equals(text(row, "store")) && day.equals(text(row, "businessDay")) && tender.equals(text(row, "tender"))) {
                return row;
            }
        }
        throw new AssertionError("no row " + store + " " + day + " " + tender + " in " + tieOut.get("rows"));
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(text(node, field))) {
                return node;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    private static Map<String, List<JsonNode>> byKind(JsonNode exceptions) {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (JsonNode e : exceptions) {
            out.computeIfAbsent(e.get("kind").asString(), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}

package io.selvedge.sales.poslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.contract.Contract;
import io.selvedge.contract.TradingHours;
import io.selvedge.sales.TransactionRequest;
import io.selvedge.shared.ErrorCode;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The mapping of every vendor sample and of this suite's own documents, without Spring: stores and catalogue are maps. */
class PosLogMappingTest {

    private static final Contract.Location ABK = store("STORE-ABK", "America/Los_Angeles");
    private static final Contract.Location SOHO = store("STORE-SOHO", "America/New_York");
    private static final Contract.Location MEL = store("STORE-MEL", "America/Los_Angeles");
    /** The samples' store ids as the integration test's contract maps them. */
    private static final Map<String, Contract.Location> STORES = Map.of("100", ABK, "300", SOHO, "9", SOHO, "3004", MEL, "3000", MEL,
            "STORE-SOHO", SOHO);
    private static final Map<String, String> GTINS = Map.of(
            "8718824914435", "PUMA-TOP-XS-GREY", "8718824914497", "PUMA-TOP-S-BLACK", "4022847522022", "BULLS-MOTEX",
            "4022847518216", "BULLS-BSTAR", "4025929673704", "PONCHO-M", "00000000067591", "ACS-APPLE", "2000000501031", "PLOG-TEE-L",
            "7046265478027", "OVESTERIN");
    private static final List<String> SKUS = List.of("100000", "PLOG-TEE-S", "PLOG-TEE-M", "PLOG-TEE-L");

    private final PosLogMapping mapping = new PosLogMapping(id -> Optional.ofNullable(STORES.get(id)),
            id -> GTINS.containsKey(id) ? Optional.of(GTINS.get(id)) : SKUS.contains(id) ? Optional.of(id) : Optional.empty());

    @Test
    void everySharedSampleIsCoveredHere() {
        assertThat(PosLogSamples.all()).containsExactlyInAnyOrderElementsOf(PosLogSamples.VENDOR);
    }

    @Test
    void roqqioCashSaleWithChangeGivenBack() {
        TransactionRequest r = post(only("roqqio_sale_with_tenderChange.xml"));
        assertThat(r.transactionId()).isEqualTo("STORE-ABK:10001:3");
        assertThat(r.type()).isEqualTo("SALE");
        assertThat(r.register()).isEqualTo("10001");
        assertThat(r.businessDay()).isEqualTo(LocalDate.parse("2024-07-31"));
        assertThat(r.occurredAt()).as("EndDateTime carries Z; POSLogDateTime (local, no zone) is not used").isEqualTo(Instant.parse("2024-07-31T10:21:47.539Z"));
        assertThat(r.currency()).as("no CurrencyCode: the amounts' Currency").isEqualTo("EUR");
        // VAT is in the price (grand total 26.99 = the line): net unit price plus the transaction's tax
        assertThat(r.lines()).containsExactly(line(1, "PUMA-TOP-XS-GREY", 1, "22.68", "0.00", "4.31", null));
        assertThat(r.tenders()).extracting(TransactionRequest.Tender::type, TransactionRequest.Tender::amount)
                .containsExactly(tuple("CASH", "27.00"), tuple("CASH", "-0.01"));
        assertThat(r.customer()).isNull();
    }

    @Test
    void roqqioSaleWithCustomerAndLoyaltyAccount() {
        TransactionRequest r = post(only("roqqio_sale_with_customer.xml"));
        assertThat(r.transactionId()).isEqualTo("STORE-ABK:10001:2");
        assertThat(r.customer()).isEqualTo(new TransactionRequest.Customer(null, null, "Erika", "Mustermann", "22000129"));
        assertThat(r.lines()).containsExactly(line(1, "PUMA-TOP-S-BLACK", 1, "22.68", "0.00", "4.31", null));
        assertThat(r.tenders()).extracting(TransactionRequest.Tender::amount).containsExactly("26.99");
    }

    @Test
    void roqqioStornoLeavesGapsAndTheTaxIsSpreadOverTheLinesLeft() {
        TransactionRequest r = post(only("roqqio_sale_with_posStorno.xml"));
        // line items 13 (and others) were voided in the basket: they are simply missing, and the numbers keep their gaps
        assertThat(r.lines()).containsExactly(line(11, "BULLS-BSTAR", 1, "1.25", "0.00", "0.24", null),
                line(12, "BULLS-MOTEX", 1, "1.09", "0.00", "0.20", null));
        assertThat(r.tenders()).extracting(TransactionRequest.Tender::amount).containsExactly("2.78");
    }

    @Test
    void roqqioReturnWithoutReceiptIsASaleLineWithNegativeQuantity() {
        TransactionRequest r = post(only("roqqio_retoure.xml"));
        assertThat(r.transactionId()).isEqualTo("STORE-SOHO:30001:1888");
        assertThat(r.type()).isEqualTo("RETURN");
        assertThat(r.lines()).containsExactly(line(1, "PONCHO-M", 1, "2.51", "0.00", "0.48", null));
        assertThat(r.tenders()).extracting(TransactionRequest.Tender::type, TransactionRequest.Tender::amount)
                .as("TypeCode Refund pays out").containsExactly(tuple("CASH", "-2.99"));
    }

    @Test
    void roqqioReturnLinksToTheOriginalByTheSameIdScheme() {
        TransactionRequest r = post(only("roqqio_retoure_with_link.xml"));
        assertThat(r.type()).isEqualTo("RETURN");
        assertThat(r.lines()).containsExactly(line(1, "BULLS-MOTEX", 1, "1.08", "0.00", "0.21",
                new TransactionRequest.ReturnOf("STORE-ABK:10001:3569", 4)));
        assertThat(post(only("roqqio_original_3569.xml", true)).transactionId()).as("the original the link names")
                .isEqualTo("STORE-ABK:10001:3569");
    }

    @Test
    void ncrSmallSkipsTheSignOnAndRefusesTheWeighedItemByItsElement() {
        List<Mapped> mapped = mapAll(PosLogSamples.vendor("SMALL.xml"));
        assertThat(mapped).hasSize(2);
        assertThat(mapped.get(0)).isInstanceOf(Mapped.Skip.class);
        assertThat(((Mapped.Skip) mapped.get(0)).reason()).contains("ControlTransaction");
        Mapped.Refuse refused = (Mapped.Refuse) mapped.get(1);
        assertThat(refused.transactionId()).as("RetailStoreID (v2.1) names the store").isEqualTo("STORE-SOHO:34:161");
        assertThat(refused.field()).isEqualTo("/POSLog/Transaction[2]/RetailTransaction/LineItem[1]/Sale/Quantity");
        assertThat(refused.message()).contains("0.42").contains("not a whole number");
    }

    @Test
    void ncrCardSaleWithALoyaltyRewardCountedOnce() {
        TransactionRequest r = post(only("ncr_acs_card_sale.xml", true));
        assertThat(r.transactionId()).isEqualTo("STORE-SOHO:34:162");
        assertThat(r.businessDay()).as("the day opened before midnight").isEqualTo(LocalDate.parse("2017-09-30"));
        assertThat(r.occurredAt()).as("no zone: the store's wall clock").isEqualTo(Instant.parse("2017-10-01T06:04:10Z"));
        // the per-item reward (OperatorSequenceReference 2) is the discount; the summary record (reference 0) is the same money
        assertThat(r.lines()).containsExactly(line(1, "ACS-APPLE", 1, "1.26", "0.19", "0.00", null));
        assertThat(r.tenders()).containsExactly(new TransactionRequest.Tender("CARD", "DEBIT", "1.07", "344665", null));
    }

    @Test
    void vismaCashSaleWithASeparateRoundingLine() {
        TransactionRequest r = post(only("visma_arts1.xml"));
        assertThat(r.transactionId()).isEqualTo("STORE-MEL:1:3619");
        assertThat(r.currency()).isEqualTo("SEK");
        assertThat(r.businessDay()).as("no BusinessDayDate: the store's date of EndDateTime").isEqualTo(LocalDate.parse("2019-07-22"));
        assertThat(r.occurredAt()).isEqualTo(Instant.parse("2019-07-22T22:53:21Z"));
        assertThat(r.lines()).as("POSIdentity GTIN 100000 is no GTIN: found as a SKU")
                .containsExactly(line(1, "100000", 1, "22041.88", "0.00", "0.00", null));
        // 22042.00 in cash for 22041.88, rounded up by 0.12
        assertThat(r.tenders()).extracting(TransactionRequest.Tender::type, TransactionRequest.Tender::amount)
                .containsExactly(tuple("CASH", "22042.00"), tuple("CASH", "-0.12"));
    }

    @Test
    void vismaCanceledTransactionPostsNothing() {
        Mapped mapped = only("visma_arts4.xml");
        assertThat(mapped).isInstanceOf(Mapped.Skip.class);
        assertThat(mapped.transactionId()).isEqualTo("STORE-MEL:37:4");
        assertThat(((Mapped.Skip) mapped).reason()).contains("Canceled");
    }

    @Test
    void artsV6UnderAPrefixWithModifiersVoidsDiscountsReturnsAndAPostVoid() {
        List<Mapped> mapped = mapAll(PosLogSamples.own("arts_v6_features.xml"));
        assertThat(mapped).hasSize(5);

        Mapped.Post sale = (Mapped.Post) mapped.get(0);
        TransactionRequest r = sale.request();
        assertThat(r.transactionId()).as("the location code names the store; leading zeros go").isEqualTo("STORE-SOHO:R7:501");
        assertThat(r.occurredAt()).isEqualTo(Instant.parse("2026-03-14T19:00:00Z"));
        // line 1: 2 × 30.00 less the 10.00 modifier (already in ExtendedAmount) less 5.00 of the 8.00 discount; tax on top
        assertThat(r.lines()).containsExactly(line(1, "PLOG-TEE-M", 2, "30.00", "15.00", "4.00", null),
                line(3, "PLOG-TEE-L", 1, "30.00", "3.00", "2.40", null));
        assertThat(sale.voidedLines()).containsExactly(2);
        assertThat(r.overrides()).containsExactly(new TransactionRequest.Override("VOID", null, "CLERK-3", "line item 2 voided at the till"));
        assertThat(r.tenders()).containsExactly(new TransactionRequest.Tender("CARD", "VISA", "78.40", "AUTH-501", "4242"));
        assertThat(r.customer()).isEqualTo(new TransactionRequest.Customer("ana.lima.poslog@example.com", "+12125550177", "Ana", "Lima",
                "PLOG-C-77"));
        assertThat(sale.elementOf("lines[1].sku", "?")).isEqualTo("/POSLog/Transaction[1]/RetailTransaction/LineItem[3]/Sale/POSIdentity/POSItemID");
        assertThat(sale.elementOf("lines[0].returnOf.orderRef", "?")).isEqualTo("/POSLog/Transaction[1]/RetailTransaction/LineItem[1]/Sale");

        TransactionRequest back = post(mapped.get(1));
        assertThat(back.type()).isEqualTo("RETURN");
        assertThat(back.lines()).containsExactly(new TransactionRequest.Line(1, "PLOG-TEE-M", 1L, "24.50", "0.00", "2.00",
                new TransactionRequest.ReturnOf("STORE-SOHO:R7:501", 1), "DAMAGED"));
        assertThat(back.tenders()).as("a refund names the payment by brand and last four, not by its own authorization")
                .containsExactly(new TransactionRequest.Tender("CARD", "VISA", "-26.50", null, "4242"));

        assertThat(((Mapped.Skip) mapped.get(2)).reason()).contains("TrainingModeFlag");
        assertThat(post(mapped.get(3)).tenders()).extracting(TransactionRequest.Tender::amount).containsExactly("40.00", "-7.60");
        TransactionRequest postVoid = post(mapped.get(4));
        assertThat(postVoid.type()).isEqualTo("VOID");
        assertThat(postVoid.voidOf()).isEqualTo("STORE-SOHO:R7:504");
        assertThat(postVoid.lines()).isEmpty();
    }

    @Test
    void aPostVoidedReturnLoggedAgainIsSkippedNotTakenForAVoidOfItsOriginal() {
        String voidedReturn = PosLogSamples.vendor("roqqio_retoure_with_link.xml").replace("<RetailTransaction>",
                "<RetailTransaction TransactionStatus=\"PostVoided\"><TransactionLink ReasonCode=\"Return\"><SequenceNumber>3569</SequenceNumber>"
                        + "</TransactionLink>");
        Mapped mapped = mapAll(voidedReturn).get(0);
        assertThat(mapped).isInstanceOf(Mapped.Skip.class);
        assertThat(((Mapped.Skip) mapped).reason()).contains("PostVoided");
    }

    @Test
    void readsTheSameTransactionWithoutANamespaceAsWithOne() {
        String plain = PosLogSamples.vendor("roqqio_sale_with_tenderChange.xml").replace("xmlns=\"http://www.nrf-arts.org/IXRetail/namespace/\"", "");
        assertThat(post(mapAll(plain).get(0))).isEqualTo(post(only("roqqio_sale_with_tenderChange.xml")));
    }

    @Test
    void refusesByElementWhatCannotBePosted() {
        String sample = PosLogSamples.vendor("roqqio_sale_with_tenderChange.xml");
        assertRefused(sample.replace(">100</UnitID>", ">999</UnitID>"), "/POSLog/Transaction[1]/BusinessUnit/UnitID", "names no location");
        assertRefused(sample.replace(">8718824914435</ItemID>", ">8718824914442</ItemID>"),
                "/POSLog/Transaction[1]/RetailTransaction/LineItem[1]/Sale/ItemID", "matches no GTIN or SKU");
        assertRefused(sample.replace("26.990</ExtendedAmount>", "26.995</ExtendedAmount>"),
                "/POSLog/Transaction[1]/RetailTransaction/LineItem[1]/Sale/ExtendedAmount", "more decimals than EUR allows");
        assertRefused(sample.replace("<Amount Currency=\"EUR\">27.000</Amount>", "<Amount Currency=\"USD\">27.000</Amount>"),
                "/POSLog/Transaction[1]/RetailTransaction/LineItem[2]/Tender/Amount", "is in USD, but the transaction is in EUR");
        assertRefused(sample.replace("26.990</ExtendedAmount>", "26,99</ExtendedAmount>"),
                "/POSLog/Transaction[1]/RetailTransaction/LineItem[1]/Sale/ExtendedAmount", "not a decimal number");
        assertRefused(sample.replace("26.990</ExtendedAmount>", "1E999</ExtendedAmount>"),
                "/POSLog/Transaction[1]/RetailTransaction/LineItem[1]/Sale/ExtendedAmount", "out of range");
        assertRefused(sample.replace("TenderType=\"Cash\" TypeCode=\"Sale\"", "TenderType=\"Check\" TypeCode=\"Sale\""),
                "/POSLog/Transaction[1]/RetailTransaction/LineItem[2]/Tender", "no canonical tender");
        assertRefused(sample.replaceFirst("<SequenceNumber>3</SequenceNumber>\\s*<POSLogDateTime>", "<POSLogDateTime>"),
                "/POSLog/Transaction[1]", "SequenceNumber is required");
        assertRefused(sample.replace("<EndDateTime>2024-07-31T10:21:47.539Z", "<EndDateTime>31.07.2024 10:21"),
                "/POSLog/Transaction[1]/EndDateTime", "not a date-time");
    }

    @Test
    void aFullCardNumberInATenderRefusesTheTransactionWithoutEchoingIt() {
        String withPan = PosLogSamples.own("ncr_acs_card_sale.xml").replace("<CreditDebit CardType=\"Debit\"></CreditDebit>",
                "<CreditDebit CardType=\"Visa\"><PrimaryAccountNumber>4111 1111 1111 1111</PrimaryAccountNumber></CreditDebit>");
        Mapped.Refuse refused = (Mapped.Refuse) mapAll(withPan).get(0);
        assertThat(refused.code()).isEqualTo(ErrorCode.CARD_NUMBER_REFUSED);
        assertThat(refused.field()).isEqualTo("/POSLog/Transaction[1]/RetailTransaction/LineItem[2]/Tender/CreditDebit/PrimaryAccountNumber");
        assertThat(refused.toString()).doesNotContain("1111");
    }

    @Test
    void decimalsAreReadExactlyFromTheirText() {
        XmlNode node = XmlNode.element("Amount", null);
        node.appendText(" 2.5E1 ");
        assertThat(PosLogMapping.decimal(node)).isEqualByComparingTo(new BigDecimal("25"));
        XmlNode padded = XmlNode.element("Amount", null);
        padded.appendText("27.000");
        assertThat(PosLogMapping.decimal(padded)).isEqualByComparingTo("27");
        XmlNode negative = XmlNode.element("Quantity", null);
        negative.appendText("-1.0000");
        assertThat(PosLogMapping.decimal(negative).longValueExact()).isEqualTo(-1);
    }

    @Test
    void proratesToTheMinorUnitAndSumsExactly() {
        assertThat(PosLogMapping.prorate(44, new long[] {149, 129})).containsExactly(24, 20);
        assertThat(PosLogMapping.prorate(800, new long[] {5000, 3000})).containsExactly(500, 300);
        assertThat(PosLogMapping.prorate(10, new long[] {1, 1, 1})).containsExactly(4, 3, 3);
        assertThat(Arrays.stream(PosLogMapping.prorate(9_999, new long[] {7, 13, 29, 0, 51})).sum()).isEqualTo(9_999);
        assertThat(PosLogMapping.prorate(5, new long[] {0, 0})).containsExactly(5, 0);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private void assertRefused(String document, String field, String message) {
        Mapped mapped = mapAll(document).get(0);
        assertThat(mapped).as(field).isInstanceOf(Mapped.Refuse.class);
        assertThat(((Mapped.Refuse) mapped).field()).isEqualTo(field);
        assertThat(((Mapped.Refuse) mapped).message()).contains(message);
    }

    private Mapped only(String vendorSample) {
        return only(vendorSample, false);
    }

    private Mapped only(String name, boolean own) {
        List<Mapped> all = mapAll(own ? PosLogSamples.own(name) : PosLogSamples.vendor(name));
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private List<Mapped> mapAll(String document) {
        List<Mapped> out = new ArrayList<>();
        try (PosLogReader reader = new PosLogReader(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)),
                PosLogReader.Limits.of(1 << 20))) {
            for (PosLogReader.Read read = reader.next(); read != null; read = reader.next()) {
                out.add(mapping.map(read.node()));
            }
        }
        return out;
    }

    private static TransactionRequest post(Mapped mapped) {
        assertThat(mapped).as(String.valueOf(mapped)).isInstanceOf(Mapped.Post.class);
        return ((Mapped.Post) mapped).request();
    }

    private static TransactionRequest.Line line(int lineNo, String sku, long quantity, String unitPrice, String discount, String tax,
                                                TransactionRequest.ReturnOf returnOf) {
        return new TransactionRequest.Line(lineNo, sku, quantity, unitPrice, discount, tax, returnOf, null);
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    private static Contract.Location store(String code, String zone) {
        return new Contract.Location(code, code, Contract.LocationType.STORE, ZoneId.of(zone), "US", TradingHours.always());
    }
}

package io.selvedge.sales;

import static io.selvedge.sales.SalesFixtures.card;
import static io.selvedge.sales.SalesFixtures.list;
import static io.selvedge.sales.SalesFixtures.refund;
import static io.selvedge.sales.SalesFixtures.returnOf;
import static io.selvedge.sales.SalesFixtures.returned;
import static io.selvedge.sales.SalesFixtures.sale;
import static io.selvedge.sales.SalesFixtures.tender;
import static io.selvedge.sales.SalesFixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** A brand whose contract takes blind returns, refunds to store credit or gift cards, and watches parked returns after a second. */
class ReturnPoliciesIntegrationTest extends IntegrationTest {

    private static final String TX = "/api/v1/pos/transactions";

    private String sku;

    @DynamicPropertySource
    static void contract(DynamicPropertyRegistry registry) throws IOException {
        String demo = new ClassPathResource("selvedge-demo.yml").getContentAsString(StandardCharsets.UTF_8);
        String yaml = demo.replace("policies:\n", """
                policies:
                  returns.blind: allowed
                  returns.refundTo: "STORE_CREDIT, GIFT_CARD"
                  returns.parkWindow: 1s
                """);
        assertThat(yaml).contains("returns.blind: allowed");
        Path file = Files.createTempFile("selvedge-returns", ".yml");
        Files.writeString(file, yaml);
        file.toFile().deleteOnExit();
        registry.add("selvedge.contract", file::toString);
    }

    @BeforeEach
    void catalogueAndStock() {
        String style = unique("POL");
        sku = Fixtures.sku(style, "M");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        assertThat(api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", "STORE-ABK", sku, 5)).status())
                .isEqualTo(201);
    }

    @Test
    void aBlindReturnIsRecordedAsUnreferencedAndRefundedToStoreCredit() {
        String id = unique("ABK-R2");
        Map<String, Object> blind = tx(id, "RETURN", List.of(returned(1, sku, 1, null, null, null)), List.of(tender("STORE_CREDIT", refund(1))));
        blind.put("overrides", List.of(Map.of("kind", "RETURN_WITHOUT_RECEIPT", "lineNo", 1, "approvedBy", "MGR-7", "reason", "no receipt")));
        var response = api(POS).post(TX, blind);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().get("unreferenced").get(0).asInt()).isEqualTo(1);
        assertThat(onHand()).isEqualTo(6);

        JsonNode listed = row(api(OPS).get("/api/v1/returns/unreferenced?store=STORE-ABK&businessDay=2026-11-28").json(), id);
        assertThat(listed.get("sku").asString()).isEqualTo(sku);
        assertThat(listed.get("amount").asString()).isEqualTo("97.45");
        JsonNode audit = row(api(OPS).get("/api/v1/audit?store=STORE-ABK&kind=UNREFERENCED_RETURN").json(), id);
        assertThat(audit.get("approvedBy").asString()).isEqualTo("MGR-7");
        assertThat(anonymous().get("/actuator/prometheus").body()).containsPattern("selvedge_returns_unreferenced [1-9]");

        var toCash = api(POS).post(TX, tx(unique("ABK-R2"), "RETURN", List.of(returned(1, sku, 1, null, null, null)),
                List.of(tender("CASH", refund(1)))));
        assertThat(toCash.status()).as("blind returns refund to returns.blindRefundTo only").isEqualTo(422);
        assertThat(toCash.json().get("errors").get(0).get("field").asString()).isEqualTo("tenders[0]");
    }

    @Test
    void aManagerMayTakeBackAnItemWhoseReceiptNamesNoOrderWeKnow() {
        String id = unique("ABK-R2");
        Map<String, Object> body = returnOf(id, unique("PRE-HUB"), 1, sku, 1, list(tender("GIFT_CARD", refund(1))));
        body.put("overrides", List.of(Map.of("kind", "RETURN_WITHOUT_RECEIPT", "approvedBy", "MGR-7")));
        var response = api(POS).post(TX, body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(row(api(OPS).get("/api/v1/returns/unreferenced?store=STORE-ABK").json(), id)).isNotNull();
        assertThat(onHand()).isEqualTo(6);
    }

    @Test
    void storeCreditRefundsStillComeOutOfWhatThePaymentPaid() {
        String saleId = unique("ABK-R1");
        String ref = unique("PAY");
        assertThat(api(POS).post(TX, sale(saleId, sku, 2, ref)).status()).isEqualTo(201);

        assertThat(api(POS).post(TX, returnOf(unique("ABK-R2"), saleId, 1, sku, 1, list(tender("STORE_CREDIT", refund(1))))).status())
                .isEqualTo(201);
        JsonNode payment = api(POS).get("/api/v1/returns/returnable?orderRef=" + saleId).json().get("payments").get(0);
        assertThat(payment.get("refundable").asString()).isEqualTo("97.45");
        var toCash = api(POS).post(TX, returnOf(unique("ABK-R2"), saleId, 1, sku, 1, list(tender("CASH", refund(1)))));
        assertThat(toCash.status()).as("cash is not in returns.refundTo").isEqualTo(422);
        assertThat(api(POS).post(TX, returnOf(unique("ABK-R2"), saleId, 1, sku, 1, list(card(refund(1), ref)))).status()).isEqualTo(201);
        payment = api(POS).get("/api/v1/returns/returnable?orderRef=" + saleId).json().get("payments").get(0);
        assertThat(payment.get("refundable").asString()).isEqualTo("0.00");
    }

    @Test
    void aReturnStillParkedAfterTheWindowIsOverdueOnMonitoring() throws InterruptedException {
        String id = unique("ABK-R2");
        var parked = api(POS).post(TX, returnOf(id, unique("ABK-R1"), 1, sku, 1, list(card(refund(1), "X"))));
        assertThat(parked.status()).isEqualTo(202);
        assertThat(row(api(OPS).get("/api/v1/returns/parked?overdue=true").json(), id)).as("not yet").isNull();
        Thread.sleep(1_200);
        JsonNode overdue = row(api(OPS).get("/api/v1/returns/parked?overdue=true&store=STORE-ABK").json(), id);
        assertThat(overdue.get("overdue").asBoolean()).isTrue();
        assertThat(overdue.get("parkedSeconds").asLong()).isPositive();
        assertThat(anonymous().get("/actuator/prometheus").body()).containsPattern("selvedge_returns_parked_overdue [1-9]");
    }

    private static JsonNode row(JsonNode rows, String transactionId) {
        for (JsonNode row : rows) {
            if (row.get(row.has("transactionId") ? "transactionId" : "orderRef").asString().equals(transactionId)) {
                return row;
            }
        }
        return null;
    }

    private long onHand() {
        return api(OPS).get("/api/v1/inventory/availability?location=STORE-ABK&sku=" + sku).json().get(0).get("onHand").asLong();
    }
}

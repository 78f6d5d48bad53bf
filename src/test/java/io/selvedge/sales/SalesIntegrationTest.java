package io.selvedge.sales;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SalesIntegrationTest extends IntegrationTest {

    private String style;
    private String skuM;
    private String skuL;

    @BeforeEach
    void catalogueAndStock() {
        style = unique("OVS");
        skuM = Fixtures.sku(style, "M");
        skuL = Fixtures.sku(style, "L");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        assertThat(api(ERP).post("/api/v1/inventory/movements",
                Fixtures.movement(unique("RCV"), "RECEIPT", "STORE-ABK", skuM, 2, skuL, 1)).status()).isEqualTo(201);
        assertThat(api(ERP).post("/api/v1/inventory/movements",
                Fixtures.movement(unique("RCV"), "RECEIPT", "WH1", skuM, 3)).status()).isEqualTo(201);
    }

    @Test
    void aSaleTakesTheUnitFromTheStoreAndAnswersWithItsOrder() {
        String id = unique("ABK-R1");
        var response = api(POS).post("/api/v1/pos/transactions", sale(id, skuM, 1));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().get("transactionId").asString()).isEqualTo(id);
        assertThat(response.json().get("orderRef").asString()).isEqualTo(id);
        assertThat(response.json().get("customerId").asString()).isNotBlank();
        assertThat(response.json().get("sequence").asLong()).isPositive();
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(1);
    }

    @Test
    void theSameTransactionTwiceHasTheEffectOfOnceAndAnotherBodyIsAConflict() {
        String id = unique("ABK-R1");
        var first = api(POS).post("/api/v1/pos/transactions", sale(id, skuM, 1));
        var again = api(POS).post("/api/v1/pos/transactions", sale(id, skuM, 1));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(1);

        var other = api(POS).post("/api/v1/pos/transactions", sale(id, skuM, 2));
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().get("type").asString()).endsWith("/idempotency-conflict");
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(1);
    }

    @Test
    void aSaleIsNeverRefusedForLackOfStockButFlaggedAsAnOversell() {
        var response = api(POS).post("/api/v1/pos/transactions", sale(unique("ABK-R1"), skuL, 3));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().get("oversold").get(0).asString()).isEqualTo(skuL);
        assertThat(onHand("STORE-ABK", skuL)).isEqualTo(-2);
        assertThat(available("STORE-ABK", skuL)).as("never broadcast below zero").isZero();
    }

    @Test
    void namesEveryBadFieldAndWritesNothing() {
        String id = unique("ABK-R1");
        Map<String, Object> body = sale(id, skuM, 1);
        body.put("store", "STORE-NOPE");
        Map<String, Object> line = new LinkedHashMap<>(line(1, "NO-SUCH-SKU", 1));
        line.put("quantity", -1);
        line.put("unitPrice", "89.001");
        body.put("lines", List.of(line));
        var response = api(POS).post("/api/v1/pos/transactions", body);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(fields(response.json())).contains("store", "lines[0].sku", "lines[0].quantity", "lines[0].unitPrice");

        // nothing was kept under that id: the corrected transaction is a first write
        assertThat(api(POS).post("/api/v1/pos/transactions", sale(id, skuM, 1)).status()).isEqualTo(201);
    }

    @Test
    void refusesTendersThatDoNotCoverTheTotalAndMoneyAsANumber() {
        Map<String, Object> body = sale(unique("ABK-R1"), skuM, 1);
        body.put("tenders", List.of(Map.of("type", "CARD", "brand", "VISA", "amount", "90.00", "last4", "4242")));
        var short_ = api(POS).post("/api/v1/pos/transactions", body);
        assertThat(short_.status()).isEqualTo(422);
        assertThat(fields(short_.json())).containsExactly("tenders");

        Map<String, Object> floaty = sale(unique("ABK-R1"), skuM, 1);
        floaty.put("tenders", List.of(Map.of("type", "CARD", "brand", "VISA", "amount", 97.45)));
        var number = api(POS).post("/api/v1/pos/transactions", floaty);
        assertThat(number.status()).isEqualTo(422);
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(2);
    }

    @Test
    void refusesAFullCardNumberAnywhereAndKeepsNothing() {
        String id = unique("ABK-R1");
        Map<String, Object> body = sale(id, skuM, 1);
        body.put("tenders", List.of(Map.of("type", "CARD", "brand", "VISA", "amount", "97.45", "reference", "4111 1111 1111 1111")));
        var response = api(POS).post("/api/v1/pos/transactions", body);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("type").asString()).endsWith("/card-number-refused");
        assertThat(response.body()).doesNotContain("4111");
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(2);
        assertThat(api(POS).post("/api/v1/pos/transactions", sale(id, skuM, 1)).status()).isEqualTo(201);
    }

    @Test
    void onlyThePosMayPostStoreTransactionsAndOnlyForItsStores() {
        var fromWeb = api(WEB).post("/api/v1/pos/transactions", sale(unique("ABK-R1"), skuM, 1));
        assertThat(fromWeb.status()).isEqualTo(403);
        assertThat(fromWeb.json().get("detail").asString()).contains("sale.");

        Map<String, Object> atWarehouse = sale(unique("WH-R1"), skuM, 1);
        atWarehouse.put("store", "WH1");
        var response = api(POS).post("/api/v1/pos/transactions", atWarehouse);
        assertThat(response.status()).isEqualTo(403);
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(2);
    }

    @Test
    void aVoidPutsTheUnitBackOnceAndOnlyOnTheSameBusinessDay() {
        String saleId = unique("ABK-R1");
        api(POS).post("/api/v1/pos/transactions", sale(saleId, skuM, 1));
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(1);

        var voided = api(POS).post("/api/v1/pos/transactions", voidOf(unique("ABK-R1"), saleId, "2026-11-28"));
        assertThat(voided.status()).as(voided.body()).isEqualTo(201);
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(2);

        var twice = api(POS).post("/api/v1/pos/transactions", voidOf(unique("ABK-R1"), saleId, "2026-11-28"));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(2);

        String other = unique("ABK-R1");
        api(POS).post("/api/v1/pos/transactions", sale(other, skuM, 1));
        Map<String, Object> nextDay = voidOf(unique("ABK-R1"), other, "2026-11-29");
        nextDay.put("occurredAt", "2026-11-29T19:00:00Z");
        var late = api(POS).post("/api/v1/pos/transactions", nextDay);
        assertThat(late.status()).isEqualTo(422);
        assertThat(fields(late.json())).contains("businessDay");

        var unknown = api(POS).post("/api/v1/pos/transactions", voidOf(unique("ABK-R1"), unique("NO-SUCH-SALE"), "2026-11-28"));
        assertThat(unknown.status()).as("a void before its sale waits for it").isEqualTo(202);
        assertThat(unknown.json().get("status").asString()).isEqualTo("PENDING_ORIGINAL");

        var audit = api(OPS).get("/api/v1/audit?store=STORE-ABK&businessDay=2026-11-28&kind=VOID");
        assertThat(audit.json().findValuesAsString("orderRef")).contains(voided.json().get("transactionId").asString());
    }

    @Test
    void anOfflineBacklogPostsEachTransactionOnceWithAResultEach() {
        String a = unique("ABK-R2");
        String b = unique("ABK-R2");
        Map<String, Object> bad = sale(unique("ABK-R2"), "NO-SUCH-SKU", 1);
        List<Object> backlog = List.of(sale(a, skuM, 1), bad, sale(b, skuL, 1), sale(a, skuM, 1));
        var response = api(POS).post("/api/v1/pos/transactions/batch", Map.of("transactions", backlog));
        assertThat(response.status()).isEqualTo(200);
        JsonNode results = response.json().get("results");
        assertThat(results).hasSize(4);
        assertThat(results.get(0).get("status").asInt()).isEqualTo(201);
        assertThat(results.get(1).get("status").asInt()).isEqualTo(422);
        assertThat(results.get(1).get("problem").get("errors").get(0).get("field").asString()).isEqualTo("lines[0].sku");
        assertThat(results.get(2).get("status").asInt()).isEqualTo(201);
        assertThat(results.get(3).get("status").asInt()).as("the same transaction later in the batch replays").isEqualTo(200);
        assertThat(results.get(3).get("replay").asBoolean()).isTrue();
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(1);
        assertThat(onHand("STORE-ABK", skuL)).isEqualTo(0);

        var replayed = api(POS).post("/api/v1/pos/transactions/batch", Map.of("transactions", backlog));
        assertThat(replayed.json().get("results").get(0).get("status").asInt()).isEqualTo(200);
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(1);
    }

    @Test
    void refusesABatchOverAThousand() {
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(Map.of("transactionId", "X" + i));
        }
        var response = api(POS).post("/api/v1/pos/transactions/batch", Map.of("transactions", many));
        assertThat(response.status()).isEqualTo(422);
        assertThat(fields(response.json())).containsExactly("transactions");
    }

    @Test
    void aWebOrderConsumesItsReservationOrIsRefusedWhenShort() {
        String cart = unique("CART");
        var reserved = api(WEB).post("/api/v1/inventory/reservations",
                Map.of("reservationId", cart, "channel", "web", "lines", Fixtures.lines(skuM, 2), "ttlSeconds", 600));
        assertThat(reserved.status()).as(reserved.body()).isEqualTo(201);
        String orderRef = unique("W");
        var order = api(WEB).post("/api/v1/orders", order(orderRef, cart, skuM, 2));
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        assertThat(order.json().get("orderRef").asString()).isEqualTo(orderRef);
        assertThat(onHand("WH1", skuM)).isEqualTo(1);
        assertThat(api(WEB).get("/api/v1/inventory/availability?location=WH1&sku=" + skuM).json().get(0).get("allocated").asLong()).isZero();

        var reused = api(WEB).post("/api/v1/orders", order(unique("W"), cart, skuM, 2));
        assertThat(reused.status()).isEqualTo(409);

        var tooMany = api(WEB).post("/api/v1/orders", order(unique("W"), null, skuM, 5));
        assertThat(tooMany.status()).isEqualTo(409);
        assertThat(tooMany.json().get("shortages").get(0).get("sku").asString()).isEqualTo(skuM);
        assertThat(onHand("WH1", skuM)).isEqualTo(1);

        var fromPos = api(POS).post("/api/v1/orders", order(unique("W"), null, skuM, 1));
        assertThat(fromPos.status()).isEqualTo(403);
    }

    @Test
    void keepsOverridesDiscountsAndEmployeeSalesInTheAuditTrail() {
        String id = unique("ABK-R3");
        Map<String, Object> body = sale(id, skuM, 1);
        Map<String, Object> discounted = new LinkedHashMap<>(line(1, skuM, 1));
        discounted.put("discount", "20.00");
        body.put("lines", List.of(discounted));
        body.put("tenders", List.of(Map.of("type", "CASH", "amount", "77.45")));
        body.put("employeeSale", true);
        body.put("overrides", List.of(Map.of("kind", "PRICE", "lineNo", 1, "approvedBy", "MGR-7", "reason", "damaged hem")));
        var response = api(POS).post("/api/v1/pos/transactions", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);

        JsonNode audit = api(FINANCE).get("/api/v1/audit?store=STORE-ABK&businessDay=2026-11-28").json();
        List<String> kinds = new ArrayList<>();
        audit.forEach(row -> {
            if (row.get("orderRef").asString().equals(id)) {
                kinds.add(row.get("kind").asString());
            }
        });
        assertThat(kinds).containsExactlyInAnyOrder("OVERRIDE_PRICE", "DISCOUNT", "EMPLOYEE_SALE");
    }

    // --- request bodies shaped as API.md shows them ---

    private static Map<String, Object> sale(String transactionId, String sku, int quantity) {
        String total = new java.math.BigDecimal("97.45").multiply(java.math.BigDecimal.valueOf(quantity)).toPlainString();
        Map<String, Object> body = io.selvedge.testing.Fixtures.posTransaction(transactionId, "SALE", List.of(line(1, sku, quantity)),
                List.of(Map.of("type", "CARD", "brand", "VISA", "amount", total, "reference", "8815", "last4", "4242")));
        body.put("employeeSale", false);
        body.put("customer", Map.of("email", "ana@example.com", "phone", "+13105550100"));
        return body;
    }

    private static Map<String, Object> line(int lineNo, String sku, int quantity) {
        String tax = new java.math.BigDecimal("8.45").multiply(java.math.BigDecimal.valueOf(quantity)).toPlainString();
        return Map.of("lineNo", lineNo, "sku", sku, "quantity", quantity, "unitPrice", "89.00", "discount", "0.00", "tax", tax);
    }

    private static Map<String, Object> voidOf(String transactionId, String voided, String businessDay) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", transactionId);
        body.put("store", "STORE-ABK");
        body.put("register", "R1");
        body.put("businessDay", businessDay);
        body.put("occurredAt", "2026-11-28T22:30:00Z");
        body.put("type", "VOID");
        body.put("currency", "USD");
        body.put("voidOf", voided);
        body.put("overrides", List.of(Map.of("kind", "VOID", "approvedBy", "MGR-7", "reason", "wrong size rung up")));
        return body;
    }

    private static Map<String, Object> order(String orderRef, String reservationId, String sku, int quantity) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderRef", orderRef);
        body.put("channel", "web");
        body.put("occurredAt", "2026-11-28T23:30:00Z");
        body.put("currency", "USD");
        if (reservationId != null) {
            body.put("reservationId", reservationId);
        }
        body.put("customer", Map.of("email", "bo@example.com"));
        body.put("lines", List.of(line(1, sku, quantity)));
        String total = new java.math.BigDecimal("97.45").multiply(java.math.BigDecimal.valueOf(quantity)).toPlainString();
        body.put("tenders", List.of(Map.of("type", "CARD", "brand", "MASTERCARD", "amount", total, "last4", "4444")));
        return body;
    }

    private long onHand(String location, String sku) {
        return row(location, sku).get("onHand").asLong();
    }

    private long available(String location, String sku) {
        return row(location, sku).get("available").asLong();
    }

    private JsonNode row(String location, String sku) {
        var response = api(OPS).get("/api/v1/inventory/availability?location=" + location + "&sku=" + sku);
        assertThat(response.status()).isEqualTo(200);
        return response.json().get(0);
    }

    private static List<String> fields(JsonNode problem) {
        return problem.get("errors").findValuesAsString("field");
    }
}

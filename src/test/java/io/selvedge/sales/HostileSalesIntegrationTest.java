package io.selvedge.sales;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What hostile input the fault suite found answered 500 (docs/faults.md, finding 4) is a 422 naming the field, and writes nothing. */
class HostileSalesIntegrationTest extends IntegrationTest {

    private String sku;

    @BeforeEach
    void catalogueAndStock() {
        String style = unique("HSX");
        sku = Fixtures.sku(style, "M");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        assertThat(api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", "STORE-ABK", sku, 5))
                .status()).isEqualTo(201);
    }

    @Test
    void refusesTextLongerThanItsColumnAndControlCharacters() {
        refused(s -> s.put("register", "R".repeat(65)), "register");
        refused(s -> s.put("register", "R\u00001"), "register");
        refused(s -> tender(s).put("brand", "V".repeat(33)), "tenders[0].brand");
        refused(s -> tender(s).put("reference", "PAY\u0000"), "tenders[0].reference");
        refused(s -> s.put("customer", Map.of("email", "ana@example.com", "firstName", "A\u0000na")), "customer.firstName");
    }

    @Test
    void refusesMomentsOutOfRangeAndNumbersForMoments() {
        refused(s -> s.put("occurredAt", "+999999999-12-31T23:59:59Z"), "occurredAt");
        refused(s -> s.put("occurredAt", "4000000085683581"), "occurredAt");
        refused(s -> s.put("occurredAt", 1764367270), "occurredAt");
        refused(s -> s.put("occurredAt", "1999-12-31T23:00:00Z"), "occurredAt");
    }

    @Test
    void refusesQuantitiesAndAmountsThatWouldOverflow() {
        refused(s -> line(s).put("quantity", Long.MAX_VALUE), "lines[0].quantity");
        refused(s -> line(s).put("quantity", 1_000_001), "lines[0].quantity");
        refused(s -> {
            line(s).put("quantity", 1_000_000);
            line(s).put("unitPrice", "92233720368547.75");
        }, "lines[0].unitPrice");
        refused(s -> tender(s).put("amount", "92233720368547758.07"), "tenders[0].amount");
    }

    @Test
    void refusesALineWithoutItsNumber() {
        refused(s -> line(s).put("lineNo", null), "lines[0].lineNo");
    }

    @Test
    void refusesANullTransactionInABatchAloneAndRecordsTheOthers() {
        String id = unique("ABK-R1");
        List<Object> transactions = new ArrayList<>();
        transactions.add(null);
        transactions.add(sale(id));
        var response = api(POS).post("/api/v1/pos/transactions/batch", Map.of("transactions", transactions));
        assertThat(response.status()).isEqualTo(200);
        JsonNode results = response.json().get("results");
        assertThat(results.get(0).get("status").asInt()).isEqualTo(422);
        assertThat(results.get(0).get("problem").get("errors").findValuesAsString("field")).containsExactly("transactions[0]");
        assertThat(results.get(1).get("status").asInt()).isEqualTo(201);
        assertThat(onHand()).isEqualTo(4);
    }

    private void refused(Consumer<Map<String, Object>> mutation, String field) {
        String id = unique("ABK-R1");
        Map<String, Object> sale = sale(id);
        mutation.accept(sale);
        var response = api(POS).post("/api/v1/pos/transactions", sale);
        assertThat(response.status()).as("%s: %s", field, response).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsString("field")).as(response.body()).contains(field);
        assertThat(onHand()).isEqualTo(5);
        // nothing was kept under the id: the same id with a sound body is a first write
        assertThat(api(POS).post("/api/v1/pos/transactions", sale(id)).status()).isEqualTo(201);
        restock();
    }

    private void restock() {
        long missing = 5 - onHand();
        if (missing > 0) {
            assertThat(api(ERP).post("/api/v1/inventory/movements",
                    Fixtures.movement(unique("RCV"), "RECEIPT", "STORE-ABK", sku, (int) missing)).status()).isEqualTo(201);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> sale(String id) {
        Map<String, Object> sale = new LinkedHashMap<>(SalesFixtures.sale(id, sku, 1, "PAY-1"));
        sale.put("lines", new ArrayList<>(List.of(new HashMap<>(((List<Map<String, Object>>) sale.get("lines")).get(0)))));
        sale.put("tenders", new ArrayList<>(List.of(new HashMap<>(((List<Map<String, Object>>) sale.get("tenders")).get(0)))));
        return sale;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> line(Map<String, Object> sale) {
        return ((List<Map<String, Object>>) sale.get("lines")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tender(Map<String, Object> sale) {
        return ((List<Map<String, Object>>) sale.get("tenders")).get(0);
    }

    private long onHand() {
        var response = api(OPS).get("/api/v1/inventory/availability?location=STORE-ABK&sku=" + sku);
        return response.json().get(0).get("onHand").asLong();
    }
}

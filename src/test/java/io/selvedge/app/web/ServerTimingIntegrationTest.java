package io.selvedge.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Server-Timing header: where a request's time went inside the hub, phase by phase. */
class ServerTimingIntegrationTest extends IntegrationTest {

    private static final List<String> SEQUENTIAL = List.of("parse", "validate", "queue", "work", "commit", "wake");

    @Test
    void aSaleWithACustomerAnswersItsPhasesWithinItsTotal() {
        var sold = api(POS).post("/api/v1/pos/transactions", sale(Map.of("email", "timing." + unique("c") + "@example.com")));
        assertThat(sold.status()).as(sold.toString()).isEqualTo(201);

        Map<String, Double> phases = phases(sold.header("Server-Timing"));
        assertThat(phases.keySet()).as(sold.header("Server-Timing"))
                .startsWith("total").containsAll(SEQUENTIAL).contains("stock", "customer", "order", "lookahead");
        assertThat(phases.values()).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(0.0));
        double sequential = SEQUENTIAL.stream().mapToDouble(phases::get).sum();
        // one after another inside the request, so together no longer than it (each rounded to a microsecond)
        assertThat(sequential).isLessThanOrEqualTo(phases.get("total") + 0.01);
        assertThat(phases.get("stock") + phases.get("customer") + phases.get("order")).as("all three run inside the work")
                .isLessThanOrEqualTo(phases.get("work") + 0.01);
        assertThat(phases.get("customer")).isGreaterThan(0.0);
        assertThat(phases.get("lookahead")).as("the request's own lookup of the customer, beside the work").isGreaterThan(0.0)
                .isLessThanOrEqualTo(phases.get("total") + 0.01);
    }

    @Test
    void aSaleWithoutACustomerHasNoCustomerPhase() {
        var sold = api(POS).post("/api/v1/pos/transactions", sale(null));
        assertThat(sold.status()).as(sold.toString()).isEqualTo(201);
        assertThat(phases(sold.header("Server-Timing"))).containsKeys("total", "work", "stock").doesNotContainKey("customer")
                .doesNotContainKey("lookahead");
    }

    @Test
    void aRefusalIsTimedToo() {
        Map<String, Object> body = sale(null);
        body.put("currency", "NOPE");
        var refused = api(POS).post("/api/v1/pos/transactions", body);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(phases(refused.header("Server-Timing"))).containsKeys("total", "parse").doesNotContainKey("work");
    }

    private Map<String, Object> sale(Map<String, Object> customer) {
        String style = unique("TIME");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        Map<String, Object> body = Fixtures.posTransaction(unique("ABK-R1"), "SALE", List.of(Map.of("lineNo", 1, "sku",
                Fixtures.sku(style, "M"), "quantity", 1, "unitPrice", "89.00", "discount", "0.00", "tax", "0.00")),
                List.of(Map.of("type", "CASH", "amount", "89.00")));
        if (customer != null) {
            body.put("customer", customer);
        }
        return body;
    }

    /** {@code name;dur=1.234, ...} in the order given. */
    private static Map<String, Double> phases(String header) {
        assertThat(header).as("Server-Timing").isNotNull();
        Map<String, Double> phases = new LinkedHashMap<>();
        for (String part : header.split(",\\s*")) {
            String[] nameAndDuration = part.split(";dur=");
            phases.put(nameAndDuration[0], Double.parseDouble(nameAndDuration[1]));
        }
        return phases;
    }
}

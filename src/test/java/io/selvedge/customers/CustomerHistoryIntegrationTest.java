package io.selvedge.customers;

import static io.selvedge.customers.CustomerFixtures.anyEmail;
import static io.selvedge.customers.CustomerFixtures.anyUsNumber;
import static io.selvedge.customers.CustomerFixtures.customer;
import static io.selvedge.customers.CustomerFixtures.e164;
import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Transaction history across a merge. Orders keep the customer id they were recorded under; what makes one customer's
 * history is {@link CustomerDirectory#records}: after a merge it names both records, after the unmerge each its own.
 * (Sales depends on customers, so the orders view itself belongs to sales: {@code GET /api/v1/customers/{id}/orders},
 * tested by {@code sales.CustomerOrdersIntegrationTest}; here the orders are read straight from the sales tables.)
 */
class CustomerHistoryIntegrationTest extends IntegrationTest {

    @Autowired
    CustomerDirectory directory;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theOrdersOfBothMergedCustomersAreOneHistoryAndSplitBackOnUnmerge() {
        String style = unique("HST");
        String sku = Fixtures.sku(style, "M");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        assertThat(api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", "STORE-ABK", sku, 10))
                .status()).isEqualTo(201);

        String emailA = anyEmail();
        String emailB = anyEmail();
        String phoneB = anyUsNumber();
        String saleA = unique("ABK-R1");
        String saleB = unique("ABK-R2");
        String a = sale(saleA, sku, Map.of("email", emailA));
        String b = sale(saleB, sku, Map.of("email", emailB, "phone", e164(phoneB)));
        assertThat(b).isNotEqualTo(a);
        assertThat(history(a)).containsExactly(saleA);

        api(POS).post("/api/v1/customers", customer("source", "pos", "email", emailA, "phone", e164(phoneB)));   // one person
        CustomerRecords merged = directory.records(b).orElseThrow();
        assertThat(merged.customerId()).isEqualTo(a);
        assertThat(merged.recordIds()).containsExactly(a, b);
        assertThat(history(a)).containsExactlyInAnyOrder(saleA, saleB);
        assertThat(history(b)).as("asked by the merged id, the same history").containsExactlyInAnyOrder(saleA, saleB);

        String during = unique("ABK-R3");
        assertThat(sale(during, sku, Map.of("email", emailB))).as("a sale while merged goes to the survivor").isEqualTo(a);

        assertThat(api(OPS).send("POST", "/api/v1/customers/" + b + "/unmerge", null, null).status()).isEqualTo(200);
        assertThat(directory.records(b).orElseThrow().recordIds()).containsExactly(b);
        assertThat(history(b)).containsExactly(saleB);
        assertThat(history(a)).as("what was recorded under the survivor stays with it").containsExactlyInAnyOrder(saleA, during);
        assertThat(directory.records("C-NOSUCHCUSTOMER")).isEmpty();
    }

    @Test
    void aTransactionsResolutionTimeIsCountedInBucketsAroundTheOneMillisecondBudget() {
        String style = unique("HSB");
        String sku = Fixtures.sku(style, "M");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        sale(unique("ABK-R4"), sku, Map.of("email", anyEmail()));
        String scrape = anonymous().get("/actuator/prometheus").body();
        List<String> buckets = scrape.lines().filter(l -> l.startsWith("selvedge_customers_resolve_seconds_bucket{")
                && l.contains("matchedBy=\"NEW\"")).toList();
        assertThat(buckets).as("cumulative buckets around the budget, so the share within 1 ms over any span is the "
                + "difference of two readings").anyMatch(l -> l.contains("le=\"0.001\""))
                .anyMatch(l -> l.contains("le=\"+Inf\"") && !l.endsWith(" 0"));
    }

    /** Posts a one-unit sale with the customer; answers the customer id it was linked to. */
    private String sale(String transactionId, String sku, Map<String, Object> customer) {
        Map<String, Object> body = Fixtures.posTransaction(transactionId, "SALE", List.of(Map.of("lineNo", 1, "sku", sku, "quantity", 1,
                "unitPrice", "89.00", "discount", "0.00", "tax", "8.45")), List.of(Map.of("type", "CASH", "amount", "97.45")));
        body.put("customer", customer);
        var response = api(POS).post("/api/v1/pos/transactions", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("customerId").asString();
    }

    /** The orders of the customer's records, as a history view would select them. */
    private List<String> history(String customerId) {
        List<String> ids = directory.records(customerId).orElseThrow().recordIds();
        return jdbc.sql("SELECT order_ref FROM sales_order WHERE customer_id IN (:ids) ORDER BY order_ref")
                .param("ids", ids).query(String.class).list();
    }
}

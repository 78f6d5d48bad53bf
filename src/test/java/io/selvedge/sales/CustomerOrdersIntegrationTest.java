package io.selvedge.sales;

import static io.selvedge.sales.SalesFixtures.card;
import static io.selvedge.sales.SalesFixtures.list;
import static io.selvedge.sales.SalesFixtures.order;
import static io.selvedge.sales.SalesFixtures.refund;
import static io.selvedge.sales.SalesFixtures.returnOf;
import static io.selvedge.sales.SalesFixtures.sale;
import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Api;
import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/customers/{id}/orders}: one customer's store transactions and channel orders across a merge, newest
 * first, in keyset pages; split back by an unmerge, kept whole by an erasure.
 */
class CustomerOrdersIntegrationTest extends IntegrationTest {

    private static final String TX = "/api/v1/pos/transactions";
    private static final AtomicLong PHONES = new AtomicLong(ThreadLocalRandom.current().nextLong(0, 7_000_000));

    private String sku;

    @BeforeEach
    void catalogueAndStock() {
        String style = unique("COH");
        sku = Fixtures.sku(style, "M");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        for (String location : List.of("STORE-ABK", "WH1")) {
            assertThat(api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", location, sku, 50))
                    .status()).isEqualTo(201);
        }
    }

    @Test
    void aMergedCustomersHistoryHoldsBothRecordsOrdersAskedByEitherIdAndAnUnmergeSplitsItBack() {
        String emailA = anyEmail();
        String emailB = anyEmail();
        String phoneB = anyPhone();

        String saleA = unique("ABK-R1");
        String paid = unique("PAY");
        String a = customerOf(api(POS).post(TX, withCustomer(sale(saleA, sku, 2, paid), "email", emailA, null, null)));
        String returnA = unique("ABK-R1");
        Map<String, Object> giveBack = returnOf(returnA, saleA, 1, sku, 1, list(card(refund(1), paid)));
        giveBack.put("occurredAt", "2026-11-28T22:30:00Z");
        assertThat(customerOf(api(POS).post(TX, withCustomer(giveBack, "email", emailA, null, null)))).isEqualTo(a);
        String webB = unique("W");
        Map<String, Object> webOrder = order(webB, sku, 1, "1111");
        webOrder.put("occurredAt", "2026-11-28T23:00:00Z");
        String b = customerOf(api(WEB).post("/api/v1/orders", withCustomer(webOrder, "email", emailB, "phone", phoneB)));
        assertThat(b).isNotEqualTo(a);

        JsonNode historyA = history(a);
        assertThat(refs(historyA)).containsExactly(returnA, saleA);
        assertThat(refs(history(b))).containsExactly(webB);
        JsonNode theReturn = historyA.get("orders").get(0);
        assertThat(theReturn.get("transactionId").asString()).isEqualTo(returnA);
        assertThat(theReturn.get("type").asString()).isEqualTo("RETURN");
        assertThat(theReturn.get("channel").asString()).as("a store transaction's channel is its store").isEqualTo("STORE-ABK");
        assertThat(theReturn.get("location").asString()).isEqualTo("STORE-ABK");
        assertThat(theReturn.get("businessDay").asString()).isEqualTo("2026-11-28");
        assertThat(theReturn.get("currency").asString()).isEqualTo("USD");
        assertThat(theReturn.get("total").asString()).as("a refund is negative").isEqualTo("-97.45");
        assertThat(theReturn.get("tax").asString()).isEqualTo("-8.45");
        assertThat(historyA.get("orders").get(1).get("total").asString()).isEqualTo("194.90");

        // One submission names A's email and B's phone: one person, merged into the older (A).
        assertThat(api(POS).post("/api/v1/customers", Map.of("source", "pos", "email", emailA, "phone", phoneB)).status()).isEqualTo(200);
        JsonNode survivor = history(a);
        JsonNode alias = history(b);
        assertThat(refs(survivor)).containsExactly(webB, returnA, saleA);
        assertThat(refs(alias)).as("the merged id answers with the survivor's history").containsExactly(webB, returnA, saleA);
        assertThat(alias.get("customerId").asString()).isEqualTo(a);
        assertThat(alias.get("resolvedFrom").asString()).isEqualTo(b);
        assertThat(survivor.has("resolvedFrom")).isFalse();
        assertThat(texts(alias.get("records"))).containsExactly(a, b);
        JsonNode web = survivor.get("orders").get(0);
        assertThat(web.get("customerId").asString()).as("each order keeps the id it was recorded under").isEqualTo(b);
        assertThat(web.get("channel").asString()).isEqualTo("web");
        assertThat(web.has("transactionId")).isFalse();
        assertThat(web.get("orderRef").asString()).isEqualTo(webB);

        String during = unique("ABK-R2");
        Map<String, Object> later = sale(during, sku, 1, unique("PAY"));
        later.put("occurredAt", "2026-11-28T23:30:00Z");
        assertThat(customerOf(api(POS).post(TX, withCustomer(later, "phone", phoneB, null, null)))).isEqualTo(a);
        assertThat(refs(history(b))).containsExactly(during, webB, returnA, saleA);

        assertThat(api(OPS).send("POST", "/api/v1/customers/" + b + "/unmerge", null, null).status()).isEqualTo(200);
        JsonNode split = history(b);
        assertThat(split.get("customerId").asString()).isEqualTo(b);
        assertThat(texts(split.get("records"))).containsExactly(b);
        assertThat(refs(split)).containsExactly(webB);
        assertThat(refs(history(a))).as("what was recorded under the survivor while merged stays with it").containsExactly(during, returnA, saleA);
    }

    @Test
    void pagesAreNewestFirstAndNeitherRepeatNorSkipWhatArrivesBetweenThem() {
        String email = anyEmail();
        List<String> posted = new ArrayList<>();
        String customer = null;
        // Nine sales at five moments, two at each but the last: ties on the moment are ordered by the ref.
        for (int i = 0; i < 9; i++) {
            String id = "ABK-P" + (i % 2) + "-" + unique("H");
            Map<String, Object> body = sale(id, sku, 1, null);
            body.put("occurredAt", "2026-11-28T1" + (i / 2) + ":00:00Z");
            customer = customerOf(api(POS).post(TX, withCustomer(body, "email", email, null, null)));
            posted.add(id);
        }
        List<String> expected = new ArrayList<>(posted);
        expected.sort((x, y) -> {
            int moment = Integer.compare(posted.indexOf(y) / 2, posted.indexOf(x) / 2);
            return moment != 0 ? moment : y.compareTo(x);
        });

        List<String> walked = new ArrayList<>();
        JsonNode page = api(POS).get("/api/v1/customers/" + customer + "/orders?limit=4").json();
        walked.addAll(refs(page));
        assertThat(refs(page)).hasSize(4);
        // A newer sale arrives between the pages: the walk neither repeats a row nor skips one.
        String newer = unique("ABK-N");
        Map<String, Object> newest = sale(newer, sku, 1, null);
        newest.put("occurredAt", "2026-11-28T23:59:00Z");
        assertThat(customerOf(api(POS).post(TX, withCustomer(newest, "email", email, null, null)))).isEqualTo(customer);
        int pages = 1;
        while (page.has("next")) {
            page = api(POS).get("/api/v1/customers/" + customer + "/orders?limit=4&after=" + page.get("next").asString()).json();
            walked.addAll(refs(page));
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(walked).as("newest first, the later arrival (newer than the first page) not in the walk").isEqualTo(expected);
        List<String> all = refs(api(POS).get("/api/v1/customers/" + customer + "/orders?limit=1000").json());
        assertThat(all.get(0)).isEqualTo(newer);
        assertThat(all.subList(1, all.size())).isEqualTo(expected);
        JsonNode whole = api(POS).get("/api/v1/customers/" + customer + "/orders?limit=10").json();
        assertThat(refs(whole)).hasSize(10);
        assertThat(whole.has("next")).as("a last full page has no next").isFalse();
    }

    @Test
    void anErasedCustomersHistoryStaysWholeWithIdsOnly() {
        String email = anyEmail();
        String phone = anyPhone();
        String saleId = unique("ABK-E");
        String customer = customerOf(api(POS).post(TX, withCustomer(sale(saleId, sku, 1, null), "email", email, "phone", phone)));
        String webId = unique("W");
        assertThat(customerOf(api(WEB).post("/api/v1/orders", withCustomer(order(webId, sku, 1, "2222"), "email", email, null, null))))
                .isEqualTo(customer);

        var erased = api(OPS).send("POST", "/api/v1/customers/" + customer + "/erasure", null, null);
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);

        var response = api(POS).get("/api/v1/customers/" + customer + "/orders");
        assertThat(response.status()).isEqualTo(200);
        assertThat(refs(response.json())).containsExactlyInAnyOrder(saleId, webId);
        assertThat(response.json().get("orders").get(0).get("customerId").asString()).isEqualTo(customer);
        assertThat(response.body()).doesNotContain(email).doesNotContain(phone.substring(2));
        assertThat(response.json().get("orders").get(0).get("total").asString()).isEqualTo("97.45");
    }

    @Test
    void anUnknownCustomerIs404AndBadPagingIs422NamingTheField() {
        var unknown = api(POS).get("/api/v1/customers/C-NOSUCHCUSTOMER1/orders");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");

        String customer = customerOf(api(POS).post(TX, withCustomer(sale(unique("ABK-Q"), sku, 1, null), "email", anyEmail(), null, null)));
        for (String query : List.of("limit=0", "limit=1001", "limit=many", "after=not-a-cursor", "after=" + "eHx5")) {
            var bad = api(POS).get("/api/v1/customers/" + customer + "/orders?" + query);
            assertThat(bad.status()).as(query + ": " + bad.body()).isEqualTo(422);
            assertThat(bad.body()).contains(query.substring(0, query.indexOf('=')));
        }
        assertThat(anonymous().get("/api/v1/customers/" + customer + "/orders").status()).isEqualTo(401);
        for (String key : List.of(ERP, WEB, WHOLESALE, FINANCE, OPS)) {
            assertThat(api(key).get("/api/v1/customers/" + customer + "/orders").status()).as(key).isEqualTo(200);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private JsonNode history(String customerId) {
        var response = api(POS).get("/api/v1/customers/" + customerId + "/orders");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().has("next")).isFalse();
        return response.json();
    }

    private static List<String> refs(JsonNode page) {
        List<String> refs = new ArrayList<>();
        page.get("orders").forEach(o -> refs.add(o.get("orderRef").asString()));
        return refs;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asString()));
        return texts;
    }

    private static Map<String, Object> withCustomer(Map<String, Object> body, String k1, String v1, String k2, String v2) {
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put(k1, v1);
        if (k2 != null) {
            customer.put(k2, v2);
        }
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put("customer", customer);
        return copy;
    }

    private static String customerOf(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("customerId").asString();
    }

    private static String anyEmail() {
        return unique("hist").toLowerCase() + "@example.com";
    }

    /** A possible US number in E.164 that no other test uses (213, a Los Angeles area code the customer tests do not). */
    private static String anyPhone() {
        long n = PHONES.incrementAndGet() % 7_000_000;
        return "+1213" + (300 + n / 10_000) + String.format("%04d", n % 10_000);
    }
}

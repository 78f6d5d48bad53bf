package io.selvedge.sales;

import static io.selvedge.sales.SalesFixtures.card;
import static io.selvedge.sales.SalesFixtures.list;
import static io.selvedge.sales.SalesFixtures.refund;
import static io.selvedge.sales.SalesFixtures.returnOf;
import static io.selvedge.sales.SalesFixtures.sale;
import static io.selvedge.sales.SalesFixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Api;
import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A void that reaches the hub before the transaction it voids is parked, then applied once (DESIGN, sales: out-of-order delivery). */
class ParkedVoidsIntegrationTest extends IntegrationTest {

    private static final String TX = "/api/v1/pos/transactions";

    private final JdbcClient jdbc;
    private String sku;

    @Autowired
    ParkedVoidsIntegrationTest(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @BeforeEach
    void catalogueAndStock() {
        String style = unique("PKV");
        sku = Fixtures.sku(style, "M");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        assertThat(api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", "STORE-ABK", sku, 5))
                .status()).isEqualTo(201);
    }

    @Test
    void aVoidBeforeItsSaleIsParkedThenAppliedOnceWhenTheSaleArrives() throws Exception {
        String saleId = unique("ABK-R1");
        String voidId = unique("ABK-R1");
        Map<String, Object> cancel = voidOf(voidId, saleId);

        List<Api.Response> early = concurrently(6, () -> api(POS).post(TX, cancel));
        assertThat(early).extracting(Api.Response::status).as("every copy waits, as one").containsOnly(202);
        assertThat(early.get(0).json().get("status").asString()).isEqualTo("PENDING_ORIGINAL");
        assertThat(early.get(0).json().get("waitingFor").get(0).asString()).isEqualTo(saleId);
        assertThat(parkedRow("?kind=VOID", voidId).get("kind").asString()).isEqualTo("VOID");
        assertThat(count("SELECT COUNT(*) FROM parked_work WHERE work_id = ?", voidId)).isEqualTo(1);
        Map<String, Object> otherBody = voidOf(voidId, saleId);
        otherBody.put("register", "R2");
        assertThat(api(POS).post(TX, otherBody).status()).as("another body under the same id").isEqualTo(409);
        assertThat(onHand()).as("nothing moves while parked").isEqualTo(5);

        var sold = api(POS).post(TX, sale(saleId, sku, 2, unique("PAY")));
        assertThat(sold.status()).as(sold.body()).isEqualTo(201);
        assertThat(onHand()).as("sold two, and the parked void put them back").isEqualTo(5);
        JsonNode applied = parkedRow("?status=APPLIED", voidId);
        assertThat(applied.get("result").get("transactionId").asString()).isEqualTo(voidId);
        assertThat(parkedRow("", voidId)).as("no longer waiting").isNull();
        assertThat(audit(voidId)).as("the void is in the audit trail").isEqualTo(1);
        assertThat(voidedEvents(saleId)).isEqualTo(1);
        assertThat(api(POS).get("/api/v1/returns/returnable?orderRef=" + saleId).json().get("voided").asBoolean()).isTrue();

        List<Api.Response> again = concurrently(5, () -> api(POS).post(TX, cancel));
        assertThat(again).extracting(Api.Response::status).containsOnly(200);
        assertThat(again.get(0).header("Idempotent-Replay")).isEqualTo("true");
        assertThat(again.get(0).json()).isEqualTo(applied.get("result"));
        assertThat(api(POS).post(TX, sale(saleId, sku, 2, "other")).status()).isEqualTo(409);
        assertThat(onHand()).isEqualTo(5);
        assertThat(voidedEvents(saleId)).as("applied once").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM sales_order WHERE void_of = ?", saleId)).isEqualTo(1);
    }

    @Test
    void anUnknownKindOrStatusInTheParkedListingIsA422NamingTheParameter() {
        for (String query : List.of("kind=EXCHANGE", "status=LOST")) {
            var bad = api(OPS).get("/api/v1/returns/parked?" + query);
            assertThat(bad.status()).as(query + ": " + bad.body()).isEqualTo(422);
            assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo(query.substring(0, query.indexOf('=')));
        }
    }

    @Test
    void aVoidAndItsSaleSentTogetherManyTimesHaveTheEffectOfOneEach() throws Exception {
        for (int round = 0; round < 3; round++) {
            String saleId = unique("ABK-R1");
            String voidId = unique("ABK-R1");
            Map<String, Object> cancel = voidOf(voidId, saleId);
            Map<String, Object> sell = sale(saleId, sku, 1, unique("PAY"));
            List<Api.Response> answers = concurrently(10, i -> api(POS).post(TX, i % 2 == 0 ? cancel : sell));
            assertThat(answers).extracting(Api.Response::status).allMatch(s -> s >= 200 && s < 300);
            assertThat(api(POS).post(TX, cancel).status()).as("applied by now").isEqualTo(200);
            assertThat(voidedEvents(saleId)).isEqualTo(1);
        }
        assertThat(onHand()).as("each sale voided once").isEqualTo(5);
    }

    @Test
    void aVoidOfAParkedReturnWaitsForTheReturnItself() {
        String saleId = unique("ABK-R1");
        String ref = unique("PAY");
        String returnId = unique("ABK-R2");
        String voidId = unique("ABK-R3");
        assertThat(api(POS).post(TX, returnOf(returnId, saleId, 1, sku, 1, list(card(refund(1), ref)))).status()).isEqualTo(202);
        var parked = api(POS).post(TX, voidOf(voidId, returnId));
        assertThat(parked.status()).isEqualTo(202);
        assertThat(parked.json().get("waitingFor").get(0).asString()).isEqualTo(returnId);

        assertThat(api(POS).post(TX, sale(saleId, sku, 1, ref)).status()).isEqualTo(201);
        assertThat(parkedRow("?status=APPLIED", returnId)).isNotNull();
        assertThat(parkedRow("?status=APPLIED", voidId)).as("applied after the return it voids").isNotNull();
        assertThat(onHand()).as("sold one, returned it, and the void took the return back").isEqualTo(4);
        JsonNode left = api(POS).get("/api/v1/returns/returnable?orderRef=" + saleId).json().get("lines").get(0);
        assertThat(left.get("returnable").asLong()).as("the voided return gives the unit back to return").isEqualTo(1);
    }

    private static Map<String, Object> voidOf(String transactionId, String voided) {
        Map<String, Object> body = tx(transactionId, "VOID", null, null);
        body.remove("lines");
        body.remove("tenders");
        body.put("occurredAt", "2026-11-28T22:30:00Z");
        body.put("voidOf", voided);
        body.put("overrides", List.of(Map.of("kind", "VOID", "approvedBy", "MGR-7", "reason", "rung up wrong")));
        return body;
    }

    private long onHand() {
        return api(OPS).get("/api/v1/inventory/availability?location=STORE-ABK&sku=" + sku).json().get(0).get("onHand").asLong();
    }

    private long count(String sql, String id) {
        return jdbc.sql(sql).param(id).query(Long.class).single();
    }

    private JsonNode parkedRow(String query, String transactionId) {
        return listedRow("/api/v1/returns/parked" + query, "transactionId", transactionId);
    }

    private long audit(String orderRef) {
        long n = 0;
        for (JsonNode row : api(FINANCE).get("/api/v1/audit?store=STORE-ABK&businessDay=2026-11-28&kind=VOID").json()) {
            if (row.get("orderRef").asString().equals(orderRef)) {
                n++;
            }
        }
        return n;
    }

    private long voidedEvents(String saleId) {
        return jdbc.sql("SELECT data FROM outbox_event WHERE type = 'order.voided'").query(String.class).list().stream()
                .filter(d -> d.contains("\"" + saleId + "\"")).count();
    }

    private static <T> List<T> concurrently(int copies, Callable<T> call) throws Exception {
        return concurrently(copies, i -> call.call());
    }

    private interface Indexed<T> {
        T call(int i) throws Exception;
    }

    private static <T> List<T> concurrently(int copies, Indexed<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call(n);
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.selvedge.sales;

import static io.selvedge.sales.SalesFixtures.amount;
import static io.selvedge.sales.SalesFixtures.card;
import static io.selvedge.sales.SalesFixtures.line;
import static io.selvedge.sales.SalesFixtures.list;
import static io.selvedge.sales.SalesFixtures.order;
import static io.selvedge.sales.SalesFixtures.refund;
import static io.selvedge.sales.SalesFixtures.returnOf;
import static io.selvedge.sales.SalesFixtures.returned;
import static io.selvedge.sales.SalesFixtures.sale;
import static io.selvedge.sales.SalesFixtures.tender;
import static io.selvedge.sales.SalesFixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Api;
import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/** Returns and exchanges through the public API, with the demo contract's policies (no blind returns; unknown originals park). */
class ReturnsIntegrationTest extends IntegrationTest {

    private static final String TX = "/api/v1/pos/transactions";

    private final JdbcClient jdbc;
    private final SalesDays salesDays;
    private String skuM;
    private String skuL;

    @Autowired
    ReturnsIntegrationTest(JdbcClient jdbc, SalesDays salesDays) {
        this.jdbc = jdbc;
        this.salesDays = salesDays;
    }

    @BeforeEach
    void catalogueAndStock() {
        String style = unique("RTN");
        skuM = Fixtures.sku(style, "M");
        skuL = Fixtures.sku(style, "L");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        for (String location : List.of("STORE-ABK", "STORE-SOHO", "WH1")) {
            assertThat(api(ERP).post("/api/v1/inventory/movements",
                    Fixtures.movement(unique("RCV"), "RECEIPT", location, skuM, 5, skuL, 5)).status()).isEqualTo(201);
        }
    }

    @Test
    void aReturnPutsTheUnitBackOnHandRefundsTheOriginalCardAndTellsTheBackOffice() {
        String saleId = unique("ABK-R1");
        String ref = unique("PAY");
        posted(sale(saleId, skuM, 2, ref), 201);
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(3);

        String returnId = unique("ABK-R2");
        var response = posted(returnOf(returnId, saleId, 1, skuM, 1, list(card(refund(1), ref))), 201);
        assertThat(response.json().get("transactionId").asString()).isEqualTo(returnId);
        assertThat(response.json().get("customerId").isNull()).isTrue();
        assertThat(response.json().get("sequence").asLong()).isPositive();
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(4);

        JsonNode returnable = returnable(saleId);
        assertThat(returnable.get("lines").get(0).get("returned").asLong()).isEqualTo(1);
        assertThat(returnable.get("lines").get(0).get("returnable").asLong()).isEqualTo(1);
        assertThat(returnable.get("payments").get(0).get("refundable").asString()).isEqualTo("97.45");

        JsonNode refunded = event("order.refunded", "STORE-ABK", returnId);
        assertThat(refunded.get("orderRef").asString()).isEqualTo(saleId);
        assertThat(refunded.get("channel").asString()).isEqualTo("STORE-ABK");
        assertThat(refunded.get("store").asString()).isEqualTo("STORE-ABK");
        assertThat(refunded.get("total").asString()).isEqualTo("97.45");
        assertThat(refunded.get("lines").get(0).get("lineNo").asInt()).isEqualTo(1);
        assertThat(refunded.get("lines").get(0).get("quantity").asLong()).isEqualTo(1);
        assertThat(refunded.get("refunds").get(0).get("paidWith").asString()).isEqualTo("CARD");
        assertThat(refunded.get("refunds").get(0).get("amount").asString()).isEqualTo("97.45");

        var again = api(POS).post(TX, returnOf(returnId, saleId, 1, skuM, 1, list(card(refund(1), ref))));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(onHand("STORE-ABK", skuM)).as("a replay has the effect of once").isEqualTo(4);
    }

    @Test
    void aWebOrderIsReturnedInAStoreIntoThatStoresStock() {
        String orderRef = unique("W");
        assertThat(api(WEB).post("/api/v1/orders", order(orderRef, skuM, 1, "4444")).status()).isEqualTo(201);
        assertThat(onHand("WH1", skuM)).isEqualTo(4);

        Map<String, Object> body = returnOf(unique("SOHO-R1"), orderRef, 1, skuM, 1,
                list(Map.of("type", "CARD", "brand", "MASTERCARD", "amount", refund(1), "last4", "4444")));
        body.put("store", "STORE-SOHO");
        String returnId = (String) body.get("transactionId");
        posted(body, 201);
        assertThat(onHand("WH1", skuM)).as("the warehouse it shipped from is untouched").isEqualTo(4);
        assertThat(onHand("STORE-SOHO", skuM)).as("the unit is where the customer brought it").isEqualTo(6);

        JsonNode refunded = event("order.refunded", "STORE-SOHO", returnId);
        assertThat(refunded.get("orderRef").asString()).isEqualTo(orderRef);
        assertThat(refunded.get("channel").asString()).isEqualTo("web");
        assertThat(refunded.get("store").asString()).isEqualTo("STORE-SOHO");
        assertThat(refunded.get("refunds").get(0).get("last4").asString()).isEqualTo("4444");
    }

    @Test
    void refusesAReturnBeyondWhatWasSoldAndWritesNothing() {
        String saleId = unique("ABK-R1");
        String ref = unique("PAY");
        posted(sale(saleId, skuM, 1, ref), 201);

        var tooMany = api(POS).post(TX, returnOf(unique("ABK-R2"), saleId, 1, skuM, 2, list(card(refund(2), ref))));
        assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(409);
        assertThat(fields(tooMany.json())).containsExactly("lines[0].returnOf");
        assertThat(tooMany.json().get("returnable").asLong()).isEqualTo(1);
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(4);

        posted(returnOf(unique("ABK-R2"), saleId, 1, skuM, 1, list(card(refund(1), ref))), 201);
        var again = api(POS).post(TX, returnOf(unique("ABK-R2"), saleId, 1, skuM, 1, list(card(refund(1), ref))));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("returnable").asLong()).isZero();
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(5);
    }

    @Test
    void refusesALineTheOriginalDoesNotHave() {
        String saleId = unique("ABK-R1");
        String ref = unique("PAY");
        posted(sale(saleId, skuM, 1, ref), 201);

        var noLine = api(POS).post(TX, returnOf(unique("ABK-R2"), saleId, 5, skuM, 1, list(card(refund(1), ref))));
        assertThat(noLine.status()).isEqualTo(422);
        assertThat(fields(noLine.json())).containsExactly("lines[0].returnOf");

        var otherSku = api(POS).post(TX, returnOf(unique("ABK-R2"), saleId, 1, skuL, 1, list(card(refund(1), ref))));
        assertThat(otherSku.status()).isEqualTo(422);
        assertThat(fields(otherSku.json())).containsExactly("lines[0].sku");
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(4);
        assertThat(onHand("STORE-ABK", skuL)).isEqualTo(5);
    }

    @Test
    void refundsGoToTheOriginalPaymentsAndNeverBeyondWhatEachPaid() {
        String saleId = unique("ABK-R1");
        String ref = unique("PAY");
        posted(tx(saleId, "SALE", List.of(line(1, skuM, 1)), List.of(card("50.00", ref), tender("CASH", "47.45"))), 201);

        List<List<Map<String, Object>>> refused422 = List.of(
                list(tender("STORE_CREDIT", refund(1))),
                list(card(refund(1), "SOMEONE-ELSES")),
                list(Map.of("type", "CARD", "brand", "VISA", "amount", refund(1))));
        for (List<Map<String, Object>> tenders : refused422) {
            var response = api(POS).post(TX, returnOf(unique("ABK-R2"), saleId, 1, skuM, 1, tenders));
            assertThat(response.status()).as(response.body()).isEqualTo(422);
            assertThat(fields(response.json()).get(0)).startsWith("tenders[0]");
        }
        for (List<Map<String, Object>> tenders : List.of(list(tender("CASH", refund(1))), list(card(refund(1), ref)))) {
            var response = api(POS).post(TX, returnOf(unique("ABK-R2"), saleId, 1, skuM, 1, tenders));
            assertThat(response.status()).as("more than that payment paid: %s", response.body()).isEqualTo(409);
            assertThat(fields(response.json())).containsExactly("tenders[0]");
        }
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(4);

        posted(returnOf(unique("ABK-R2"), saleId, 1, skuM, 1, list(card("-50.00", ref), tender("CASH", "-47.45"))), 201);
        JsonNode payments = returnable(saleId).get("payments");
        assertThat(payments.findValuesAsString("refundable")).containsExactly("0.00", "0.00");
    }

    @Test
    void aDamagedReturnGoesToDamagedNotToTheShelf() {
        String saleId = unique("ABK-R1");
        String ref = unique("PAY");
        posted(sale(saleId, skuM, 1, ref), 201);
        long damagedBefore = balance("damaged", skuM);
        Map<String, Object> body = tx(unique("ABK-R2"), "RETURN", List.of(returned(1, skuM, 1, saleId, 1, "DAMAGED")),
                List.of(card(refund(1), ref)));
        posted(body, 201);
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(4);
        assertThat(balance("damaged", skuM)).isEqualTo(damagedBefore + 1);
        assertThat(balance("customer", skuM)).as("the unit left the customer: it is in exactly one place").isZero();
        assertThat(event("order.refunded", "STORE-ABK", (String) body.get("transactionId")).get("lines").get(0).get("condition").asString())
                .isEqualTo("DAMAGED");
    }

    @Test
    void aReturnBeforeItsSaleIsParkedThenPostedInTheSalesOwnWrite() {
        String saleId = unique("ABK-R1");
        String ref = unique("PAY");
        String returnId = unique("ABK-R2");
        Map<String, Object> early = returnOf(returnId, saleId, 1, skuM, 1, list(card(refund(1), ref)));
        early.put("customer", Map.of("email", "early@example.com", "phone", "+13105550199"));

        var parked = posted(early, 202);
        assertThat(parked.json().get("status").asString()).isEqualTo("PENDING_ORIGINAL");
        assertThat(parked.json().get("waitingFor").get(0).asString()).isEqualTo(saleId);
        assertThat(onHand("STORE-ABK", skuM)).as("nothing moves while parked").isEqualTo(5);
        JsonNode listed = parkedRow("", returnId);
        assertThat(listed.get("status").asString()).isEqualTo("PENDING_ORIGINAL");
        assertThat(listed.get("overdue").asBoolean()).isFalse();

        var replay = api(POS).post(TX, early);
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(replay.json()).isEqualTo(parked.json());
        var otherBody = api(POS).post(TX, returnOf(returnId, saleId, 1, skuM, 2, list(card(refund(2), ref))));
        assertThat(otherBody.status()).isEqualTo(409);

        posted(sale(saleId, skuM, 1, ref), 201);
        assertThat(onHand("STORE-ABK", skuM)).as("sold one, and the parked return took it back").isEqualTo(5);
        assertThat(returnable(saleId).get("lines").get(0).get("returnable").asLong()).isZero();
        assertThat(parkedRow("", returnId)).as("no longer waiting").isNull();
        JsonNode applied = parkedRow("?status=APPLIED", returnId);
        assertThat(applied.get("result").get("transactionId").asString()).isEqualTo(returnId);
        assertThat(applied.get("result").get("customerId").asString()).as("the parked customer came through").isNotBlank();
        assertThat(event("order.refunded", "STORE-ABK", returnId).get("orderRef").asString()).isEqualTo(saleId);

        var afterwards = api(POS).post(TX, early);
        assertThat(afterwards.status()).isEqualTo(200);
        assertThat(afterwards.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(afterwards.json()).isEqualTo(applied.get("result"));
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(5);
    }

    @Test
    void aParkedReturnThatDoesNotFitItsSaleIsRefusedWhenTheSaleArrives() {
        String saleId = unique("ABK-R1");
        String ref = unique("PAY");
        Map<String, Object> early = returnOf(unique("ABK-R2"), saleId, 1, skuM, 3, list(card(refund(3), ref)));
        posted(early, 202);
        posted(sale(saleId, skuM, 1, ref), 201);
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(4);
        JsonNode refused = parkedRow("?status=REFUSED", (String) early.get("transactionId"));
        assertThat(refused.get("result").get("status").asInt()).isEqualTo(409);
        assertThat(api(POS).post(TX, early).status()).as("the refusal is the answer from now on").isEqualTo(409);
    }

    @Test
    void anOfflineBacklogMayCarryAReturnAheadOfItsSale() {
        String saleId = unique("ABK-R1");
        String ref = unique("PAY");
        String returnId = unique("ABK-R2");
        var response = api(POS).post(TX + "/batch", Map.of("transactions",
                List.of(returnOf(returnId, saleId, 1, skuM, 1, list(card(refund(1), ref))), sale(saleId, skuM, 1, ref))));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("results").get(0).get("status").asInt()).isEqualTo(202);
        assertThat(response.json().get("results").get(1).get("status").asInt()).isEqualTo(201);
        assertThat(parkedRow("?status=APPLIED", returnId)).isNotNull();
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(5);
    }

    @Test
    void anExchangeReturnsOneSizeSellsAnotherAndTendersTheDifference() {
        String saleId = unique("ABK-R1");
        String ref = unique("PAY");
        posted(sale(saleId, skuM, 1, ref), 201);

        String exchangeId = unique("ABK-R2");
        Map<String, Object> dearer = new LinkedHashMap<>(line(2, skuL, 1));
        dearer.put("unitPrice", "99.00");
        dearer.put("tax", "9.40");
        Map<String, Object> exchange = tx(exchangeId, "EXCHANGE", List.of(returned(1, skuM, 1, saleId, 1, null), dearer),
                List.of(tender("CASH", "10.95")));
        posted(exchange, 201);
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(5);
        assertThat(onHand("STORE-ABK", skuL)).isEqualTo(4);
        assertThat(returnable(saleId).get("lines").get(0).get("returnable").asLong()).isZero();
        assertThat(event("order.created", "STORE-ABK", exchangeId).get("lines")).hasSize(1);
        assertThat(event("order.refunded", "STORE-ABK", exchangeId).get("refunds").get(0).get("refundedAs").asString()).isEqualTo("EXCHANGE");

        // the new shirt refunds to what first paid for it: the card, and the cash difference
        JsonNode payments = returnable(exchangeId).get("payments");
        assertThat(payments.findValuesAsString("type")).containsExactlyInAnyOrder("CASH", "CARD");
        Map<String, Object> back = tx(unique("ABK-R3"), "RETURN", List.of(returned(1, skuL, 1, exchangeId, 2, null)),
                List.of(card("-97.45", ref), tender("CASH", "-10.95")));
        back.put("lines", List.of(withPrice(returned(1, skuL, 1, exchangeId, 2, null), "99.00", "9.40")));
        posted(back, 201);
        assertThat(onHand("STORE-ABK", skuL)).isEqualTo(5);

        var returnedLine = api(POS).post(TX, tx(unique("ABK-R4"), "EXCHANGE", List.of(returned(1, skuM, 1, exchangeId, 1, null), line(2, skuM, 1)),
                List.of()));
        assertThat(returnedLine.status()).as("an exchange's returned line is not a sold line").isEqualTo(422);
        assertThat(fields(returnedLine.json())).containsExactly("lines[0].returnOf");
    }

    @Test
    void voidsReverseSalesAndReturnsOnceButNotASaleWithReturns() {
        String saleId = unique("ABK-R1");
        String ref = unique("PAY");
        posted(sale(saleId, skuM, 1, ref), 201);
        String returnId = unique("ABK-R2");
        posted(returnOf(returnId, saleId, 1, skuM, 1, list(card(refund(1), ref))), 201);

        var voidSale = api(POS).post(TX, voidOf(unique("ABK-R3"), saleId));
        assertThat(voidSale.status()).as("its money went back already").isEqualTo(409);

        posted(voidOf(unique("ABK-R3"), returnId), 201);
        assertThat(onHand("STORE-ABK", skuM)).as("the voided return's unit is out again").isEqualTo(4);
        assertThat(returnable(saleId).get("lines").get(0).get("returnable").asLong()).isEqualTo(1);
        assertThat(returnable(saleId).get("payments").get(0).get("refundable").asString()).isEqualTo("97.45");
        assertThat(api(POS).post(TX, voidOf(unique("ABK-R3"), returnId)).status()).isEqualTo(409);

        posted(voidOf(unique("ABK-R3"), saleId), 201);
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(5);
        var ofVoided = api(POS).post(TX, returnOf(unique("ABK-R2"), saleId, 1, skuM, 1, list(card(refund(1), ref))));
        assertThat(ofVoided.status()).isEqualTo(409);
        assertThat(fields(ofVoided.json())).containsExactly("lines[0].returnOf");
        assertThat(api(OPS).get("/api/v1/audit?store=STORE-ABK&kind=VOID").json().findValuesAsString("orderRef")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void keepsEmployeePurchasesAndReturnsWithoutReceiptInTheAuditTrail() {
        String saleId = unique("ABK-R1");
        Map<String, Object> staff = sale(saleId, skuM, 1, unique("PAY"));
        staff.put("employeeSale", true);
        staff.put("employeeId", "EMP-42");
        posted(staff, 201);
        long employee = balance("employee", skuM);
        JsonNode audit = audit(saleId);
        assertThat(audit.get(0).get("kind").asString()).isEqualTo("EMPLOYEE_SALE");
        assertThat(audit.get(0).get("employeeId").asString()).isEqualTo("EMP-42");

        // the unit comes back from the employee account; the manager's approval is kept
        String returnId = unique("ABK-R2");
        Map<String, Object> back = returnOf(returnId, saleId, 1, skuM, 1,
                list(card(refund(1), ((List<Map<String, Object>>) staff.get("tenders")).get(0).get("reference").toString())));
        back.put("overrides", List.of(Map.of("kind", "RETURN_WITHOUT_RECEIPT", "lineNo", 1, "approvedBy", "MGR-7", "reason", "gift")));
        posted(back, 201);
        assertThat(balance("employee", skuM)).isEqualTo(employee - 1);
        assertThat(audit(returnId).findValuesAsString("kind")).containsExactly("OVERRIDE_RETURN_WITHOUT_RECEIPT");

        // the demo contract takes no blind returns: without a receipt, or naming an order nobody sent, with the override
        var noReceipt = api(POS).post(TX, tx(unique("ABK-R2"), "RETURN", List.of(returned(1, skuM, 1, null, null, null)),
                List.of(tender("STORE_CREDIT", refund(1)))));
        assertThat(noReceipt.status()).isEqualTo(422);
        assertThat(fields(noReceipt.json())).containsExactly("lines[0].returnOf");
        Map<String, Object> blind = returnOf(unique("ABK-R2"), unique("LOST"), 1, skuM, 1, list(tender("STORE_CREDIT", refund(1))));
        blind.put("overrides", List.of(Map.of("kind", "RETURN_WITHOUT_RECEIPT", "approvedBy", "MGR-7")));
        var blindRefused = api(POS).post(TX, blind);
        assertThat(blindRefused.status()).isEqualTo(422);
        assertThat(fields(blindRefused.json())).containsExactly("lines[0].returnOf");
        assertThat(parkedRow("", (String) blind.get("transactionId"))).as("not parked either").isNull();
    }

    @Test
    void twoRegistersReturningTheSameLineAtOnceOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 4; round++) {
                String saleId = unique("ABK-R1");
                String ref = unique("PAY");
                posted(sale(saleId, skuM, 1, ref), 201);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> attempts = new ArrayList<>();
                for (int register = 0; register < 6; register++) {
                    Map<String, Object> body = returnOf(unique("ABK-R" + register), saleId, 1, skuM, 1, list(card(refund(1), ref)));
                    body.put("register", "R" + register);
                    Callable<Integer> post = () -> {
                        go.await();
                        return api(POS).post(TX, body).status();
                    };
                    attempts.add(pool.submit(post));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> attempt : attempts) {
                    statuses.add(attempt.get());
                }
                assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
                assertThat(statuses).filteredOn(s -> s == 409).hasSize(5);
                assertThat(onHand("STORE-ABK", skuM)).isEqualTo(5);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void namesEveryBadReturnFieldAndWritesNothing() {
        String saleId = unique("ABK-R1");
        String ref = unique("PAY");
        posted(sale(saleId, skuM, 1, ref), 201);

        Map<String, Object> bad = returned(1, skuM, 1, null, null, "BROKEN");
        bad.put("returnOf", Map.of("lineNo", 0));
        var response = api(POS).post(TX, tx(unique("ABK-R2"), "RETURN", List.of(bad), List.of(card("97.45", ref))));
        assertThat(response.status()).isEqualTo(422);
        assertThat(fields(response.json())).contains("lines[0].returnOf.orderRef", "lines[0].returnOf.lineNo", "lines[0].condition",
                "tenders[0].amount");

        var inASale = api(POS).post(TX, tx(unique("ABK-R2"), "SALE", List.of(returned(1, skuM, 1, saleId, 1, null)), List.of(card("97.45", ref))));
        assertThat(fields(inASale.json())).containsExactly("lines[0].returnOf");
        var halfExchange = api(POS).post(TX, tx(unique("ABK-R2"), "EXCHANGE", List.of(returned(1, skuM, 1, saleId, 1, null)),
                List.of(card(refund(1), ref))));
        assertThat(fields(halfExchange.json())).containsExactly("lines");
        var unbalanced = api(POS).post(TX, returnOf(unique("ABK-R2"), saleId, 1, skuM, 1, list(card("-90.00", ref))));
        assertThat(fields(unbalanced.json())).containsExactly("tenders");
        assertThat(onHand("STORE-ABK", skuM)).isEqualTo(4);
        assertThat(returnable(saleId).get("lines").get(0).get("returned").asLong()).isZero();
    }

    @Test
    void settlementReadsReturnsAndExchangesWithTheirLinesDirections() {
        String saleId = unique("ABK-R1");
        String ref = unique("PAY");
        posted(sale(saleId, skuM, 2, ref), 201);
        String returnId = unique("ABK-R2");
        posted(returnOf(returnId, saleId, 1, skuM, 1, list(card(refund(1), ref))), 201);

        SalesDays.DayTransaction back = salesDays.day("STORE-ABK", LocalDate.parse("2026-11-28")).stream()
                .filter(t -> t.transactionId().equals(returnId)).findFirst().orElseThrow();
        assertThat(back.type()).isEqualTo("RETURN");
        assertThat(back.lines()).singleElement().satisfies(l -> {
            assertThat(l.returned()).isTrue();
            assertThat(l.returnOfOrderRef()).isEqualTo(saleId);
            assertThat(l.returnOfLineNo()).isEqualTo(1);
            assertThat(l.quantity()).isEqualTo(1);
            assertThat(l.condition()).isEqualTo("RESALEABLE");
        });
        assertThat(back.tenders()).singleElement().satisfies(t -> assertThat(t.amount().toDecimalString()).isEqualTo("-97.45"));
    }

    // --- helpers ---

    private Api.Response posted(Map<String, Object> body, int status) {
        var response = api(POS).post(TX, body);
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
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

    private static Map<String, Object> withPrice(Map<String, Object> line, String unitPrice, String tax) {
        line.put("unitPrice", unitPrice);
        line.put("tax", tax);
        return line;
    }

    private JsonNode returnable(String orderRef) {
        var response = api(POS).get("/api/v1/returns/returnable?orderRef=" + orderRef);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode parkedRow(String query, String transactionId) {
        return listedRow("/api/v1/returns/parked" + query, "transactionId", transactionId);
    }

    private JsonNode audit(String orderRef) {
        List<JsonNode> rows = new ArrayList<>();
        api(FINANCE).get("/api/v1/audit?store=STORE-ABK&businessDay=2026-11-28").json().forEach(row -> {
            if (row.get("orderRef").asString().equals(orderRef)) {
                rows.add(row);
            }
        });
        return Api.JSON.valueToTree(rows);
    }

    /** The data of the one event of {@code type} that a transaction caused, from the public pull feed. */
    private JsonNode event(String type, String location, String transactionId) {
        List<JsonNode> found = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = api(OPS).get("/api/v1/events?types=" + type + "&location=" + location + "&limit=1000&after=" + after).json();
            for (JsonNode event : page.get("events")) {
                JsonNode data = event.get("data");
                String id = data.has("transactionId") ? data.get("transactionId").asString() : data.get("orderRef").asString();
                if (id.equals(transactionId)) {
                    found.add(data);
                }
            }
            if (page.get("events").size() < 1000) {
                break;
            }
            after = page.get("next").asLong();
        }
        assertThat(found).as("%s events of %s", type, transactionId).hasSize(1);
        return found.get(0);
    }

    private long onHand(String location, String sku) {
        var response = api(OPS).get("/api/v1/inventory/availability?location=" + location + "&sku=" + sku);
        assertThat(response.status()).isEqualTo(200);
        return response.json().get(0).get("onHand").asLong();
    }

    /** A ledger balance outside the stores (damaged, customer, employee), for one SKU. */
    private long balance(String account, String sku) {
        return jdbc.sql("SELECT COALESCE(SUM(posted), 0) FROM stock_balance WHERE account = ? AND sku = ?").params(account, sku)
                .query(Long.class).single();
    }

    private static List<String> fields(JsonNode problem) {
        return problem.get("errors").findValuesAsString("field");
    }
}

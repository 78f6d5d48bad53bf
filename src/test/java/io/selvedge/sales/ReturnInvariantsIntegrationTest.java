package io.selvedge.sales;

import static io.selvedge.sales.SalesFixtures.amount;
import static io.selvedge.sales.SalesFixtures.line;
import static io.selvedge.sales.SalesFixtures.returned;
import static io.selvedge.sales.SalesFixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.sales.domain.TenderKey;
import io.selvedge.testing.Api;
import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.engine.SourceOfRandomness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * DESIGN invariants 1 and 4 through the public API: random interleavings (jqwik arbitraries, fixed seeds) of store sales,
 * web orders, returns (in two stores, resaleable or damaged, some beyond what is left, some refunded wrongly, some before
 * their sale arrives), exchanges, voids, concurrent returns of one line and replays. A model predicts every answer;
 * after every step the database must say: units conserved per SKU and each in one place (the ledger ties to the sales
 * tables), returned ≤ sold per line, refunds ≤ paid per payment, and no return parked whose original is in.
 */
class ReturnInvariantsIntegrationTest extends IntegrationTest {

    private static final String TX = "/api/v1/pos/transactions";
    private static final List<String> STORES = List.of("STORE-ABK", "STORE-SOHO");
    private static final List<String> LOCATIONS = List.of("STORE-ABK", "STORE-SOHO", "WH1");
    private static final long RECEIVED = 60;
    private static final AtomicInteger LAST4 = new AtomicInteger((int) (System.nanoTime() % 5000));

    enum Kind { SALE, ORDER, EARLY_RETURN, RETURN, EXCHANGE, VOID, CONCURRENT_RETURNS, REPLAY }

    record Op(Kind kind, int pick, int other, int quantity, int flag) {
    }

    /** A transaction the test posted or plans to post, as the model sees it. */
    static final class Tx {
        final String id;
        final String type;
        final String store;
        final Map<Integer, String> skus = new LinkedHashMap<>();   // sold lines: lineNo -> sku
        final Map<Integer, Long> sold = new LinkedHashMap<>();     // sold lines: lineNo -> quantity
        final List<Object[]> claims = new ArrayList<>();           // what it gives back: {Tx original, lineNo, quantity}
        Map<String, Object> body;
        String path = TX;
        boolean posted;
        boolean parked;
        boolean voided;
        int status;
        JsonNode answer;

        Tx(String id, String type, String store) {
            this.id = id;
            this.type = type;
            this.store = store;
        }

        boolean counts() {
            return posted && !voided;
        }
    }

    private final JdbcClient jdbc;
    private List<String> skus;
    private final List<Tx> all = new ArrayList<>();
    private final List<Tx> planned = new ArrayList<>();

    @Autowired
    ReturnInvariantsIntegrationTest(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static Arbitrary<List<Op>> operations() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(Kind.SALE)), Tuple.of(2, Arbitraries.just(Kind.ORDER)),
                Tuple.of(2, Arbitraries.just(Kind.EARLY_RETURN)), Tuple.of(7, Arbitraries.just(Kind.RETURN)),
                Tuple.of(3, Arbitraries.just(Kind.EXCHANGE)), Tuple.of(3, Arbitraries.just(Kind.VOID)),
                Tuple.of(1, Arbitraries.just(Kind.CONCURRENT_RETURNS)), Tuple.of(2, Arbitraries.just(Kind.REPLAY)));
        Arbitrary<Op> op = Combinators.combine(kinds, Arbitraries.integers().between(0, 999), Arbitraries.integers().between(0, 999),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(0, 9)).as(Op::new);
        return op.list().ofMinSize(35).ofMaxSize(45);
    }

    @ParameterizedTest
    @ValueSource(longs = {3, 42, 2026, 77})
    void randomInterleavingsKeepUnitsConservedReturnsWithinSalesAndRefundsWithinPayments(long seed) throws Exception {
        String style = unique("INV");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        skus = List.of(Fixtures.sku(style, "S"), Fixtures.sku(style, "M"), Fixtures.sku(style, "L"));
        for (String location : LOCATIONS) {
            assertThat(api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", location,
                    skus.get(0), RECEIVED, skus.get(1), RECEIVED, skus.get(2), RECEIVED)).status()).isEqualTo(201);
        }
        // jqwik draws samples from the thread's source of randomness: seeding it makes a run reproducible
        SourceOfRandomness.create(Long.toString(seed));
        List<Op> operations = operations().sampleStream().findFirst().orElseThrow();
        for (int i = 0; i < operations.size(); i++) {
            step(operations.get(i));
            checkInvariants(operations.get(i), i == operations.size() - 1);
        }
    }

    private void step(Op op) throws Exception {
        switch (op.kind()) {
            case SALE -> {
                if (!planned.isEmpty() && op.flag() < 5) {
                    Tx sale = planned.remove(0);
                    post(sale, 201);
                    settleParkedFor(sale);
                } else {
                    post(newSale(op), 201);
                }
            }
            case ORDER -> {
                Tx order = new Tx(unique("W"), "SALE", null);
                String sku = skus.get(op.pick() % 3);
                order.skus.put(1, sku);
                order.sold.put(1, (long) op.quantity());
                order.path = "/api/v1/orders";
                order.body = SalesFixtures.order(order.id, sku, op.quantity(), last4());
                post(order, 201);
            }
            case EARLY_RETURN -> {
                // the sale is rung up on a register that is offline: its return reaches the hub first
                Tx sale = newSale(new Op(Kind.SALE, op.pick(), op.other(), op.quantity(), 9));
                planned.add(sale);
                long quantity = Math.max(1, op.quantity() - (op.flag() % 2)) + (op.flag() == 0 ? 3 : 0);
                String card = (String) ((List<Map<String, Object>>) sale.body.get("tenders")).get(0).get("last4");
                Tx back = newReturn(sale, 1, quantity, List.of(cardTender("VISA", card, refundOf(quantity))), op);
                post(back, 202);
            }
            case RETURN -> {
                Object[] target = returnable(op);
                if (target == null) {
                    return;
                }
                Tx original = (Tx) target[0];
                int lineNo = (int) target[1];
                // mostly what is left or less; now and then one more than that
                long left = remaining(original, lineNo);
                long quantity = op.flag() == 8 ? left + 1 : Math.max(1, Math.min(op.quantity(), left));
                BigDecimal refund = unit().multiply(BigDecimal.valueOf(quantity));
                List<Map<String, Object>> payments = payments(original);
                List<Map<String, Object>> tenders;
                int expected;
                if (op.flag() == 9 && !payments.isEmpty()) {
                    // all of it onto the last payment, whatever it has left
                    Map<String, Object> last = payments.get(payments.size() - 1);
                    tenders = List.of(refundTo(last, refund));
                    expected = quantity > remaining(original, lineNo) ? 409
                            : refund.compareTo((BigDecimal) last.get("refundable")) > 0 ? 409 : 201;
                } else {
                    tenders = greedy(payments, refund);
                    expected = quantity > remaining(original, lineNo) ? 409 : 201;
                }
                if (original.voided) {
                    expected = 409;
                }
                post(newReturn(original, lineNo, quantity, tenders, op), expected);
            }
            case EXCHANGE -> {
                Object[] target = returnable(op);
                if (target == null) {
                    return;
                }
                Tx original = (Tx) target[0];
                int lineNo = (int) target[1];
                Tx exchange = new Tx(unique("EX"), "EXCHANGE", STORES.get(op.other() % 2));
                String newSku = skus.get(op.other() % 3);
                long units = op.flag() < 5 ? 1 : 2;
                exchange.skus.put(2, newSku);
                exchange.sold.put(2, units);
                exchange.claims.add(new Object[] {original, lineNo, 1L});
                List<Map<String, Object>> tenders = units == 1 ? List.of() : List.of(cardTender("VISA", last4(), amount(1)));
                exchange.body = tx(exchange.id, "EXCHANGE", List.of(returned(1, original.skus.get(lineNo), 1, original.id, lineNo, null),
                        line(2, newSku, (int) units)), tenders);
                exchange.body.put("store", exchange.store);
                post(exchange, original.voided || remaining(original, lineNo) < 1 ? 409 : 201);
            }
            case VOID -> {
                // a void of a parked return is parked in turn (ParkedVoidsIntegrationTest): here only posted targets
                List<Tx> voidable = all.stream().filter(t -> t.store != null && !t.type.equals("VOID") && t.posted).toList();
                if (voidable.isEmpty()) {
                    return;
                }
                Tx target = voidable.get(op.pick() % voidable.size());
                Tx v = new Tx(unique("VOID"), "VOID", target.store);
                v.body = tx(v.id, "VOID", List.of(), List.of());
                v.body.remove("lines");
                v.body.remove("tenders");
                v.body.put("store", target.store);
                v.body.put("voidOf", target.id);
                boolean hasReturns = all.stream().anyMatch(t -> t.counts() && t.claims.stream().anyMatch(c -> c[0] == target));
                int expected = target.voided || (!target.type.equals("RETURN") && hasReturns) ? 409 : 201;
                if (post(v, expected) == 201) {
                    target.voided = true;
                }
            }
            case CONCURRENT_RETURNS -> concurrentReturns(op);
            case REPLAY -> {
                List<Tx> done = all.stream().filter(t -> t.status == 201 || t.status == 202).toList();
                if (done.isEmpty()) {
                    return;
                }
                Tx again = done.get(op.pick() % done.size());
                Api.Response response = api(again.path.equals(TX) ? POS : WEB).post(again.path, again.body);
                if (again.parked) {
                    assertThat(response.status()).as("replay of parked %s", again.id).isEqualTo(202);
                } else if (again.posted) {
                    assertThat(response.status()).as("replay of %s: %s", again.id, response.body()).isEqualTo(200);
                    assertThat(response.header("Idempotent-Replay")).isEqualTo("true");
                    if (again.status == 201) {
                        assertThat(response.json()).isEqualTo(again.answer);
                    }
                } else {
                    assertThat(response.status()).as("a parked return refused when its sale came is refused again").isEqualTo(409);
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private Tx newSale(Op op) {
        Tx sale = new Tx(unique("S"), "SALE", STORES.get(op.other() % 2));
        String first = skus.get(op.pick() % 3);
        sale.skus.put(1, first);
        sale.sold.put(1, (long) op.quantity());
        List<Map<String, Object>> lines = new ArrayList<>(List.of(line(1, first, op.quantity())));
        long units = op.quantity();
        if (op.flag() % 3 == 1) {
            String second = skus.get((op.pick() + 1) % 3);
            sale.skus.put(2, second);
            sale.sold.put(2, 1L);
            lines.add(line(2, second, 1));
            units++;
        }
        // a card for most of it, and now and then one unit in cash
        boolean split = op.flag() % 2 == 0 && units > 1;
        List<Map<String, Object>> tenders = split
                ? List.of(cardTender("VISA", last4(), amount(units - 1)), Map.of("type", "CASH", "amount", amount(1)))
                : List.of(cardTender("VISA", last4(), amount(units)));
        sale.body = tx(sale.id, "SALE", lines, tenders);
        sale.body.put("store", sale.store);
        return sale;
    }

    private Tx newReturn(Tx original, int lineNo, long quantity, List<Map<String, Object>> tenders, Op op) {
        Tx back = new Tx(unique("R"), "RETURN", STORES.get(op.other() % 2));
        back.claims.add(new Object[] {original, lineNo, quantity});
        back.body = tx(back.id, "RETURN", List.of(returned(1, original.skus.get(lineNo), (int) quantity, original.id, lineNo,
                op.flag() % 4 == 3 ? "DAMAGED" : null)), tenders);
        back.body.put("store", back.store);
        return back;
    }

    /** Three registers return what is left of one line at once: exactly one wins (DESIGN invariant 4). */
    private void concurrentReturns(Op op) throws Exception {
        List<Object[]> open = new ArrayList<>();
        for (Tx t : all) {
            if (t.counts()) {
                t.sold.keySet().stream().filter(l -> remaining(t, l) > 0).forEach(l -> open.add(new Object[] {t, l}));
            }
        }
        if (open.isEmpty()) {
            return;
        }
        Object[] target = open.get(op.pick() % open.size());
        Tx original = (Tx) target[0];
        int lineNo = (int) target[1];
        long left = remaining(original, lineNo);
        List<Map<String, Object>> tenders = greedy(payments(original), unit().multiply(BigDecimal.valueOf(left)));
        List<Tx> racers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            racers.add(newReturn(original, lineNo, left, tenders, new Op(Kind.RETURN, 0, i, 1, 0)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (Tx racer : racers) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return api(POS).post(TX, racer.body);
                }));
            }
            go.countDown();
            int won = 0;
            for (int i = 0; i < racers.size(); i++) {
                Api.Response response = answers.get(i).get();
                assertThat(response.status()).as(response.body()).isIn(201, 409);
                Tx racer = racers.get(i);
                racer.status = response.status();
                if (response.status() == 201) {
                    won++;
                    racer.posted = true;
                    racer.answer = response.json();
                }
                all.add(racer);
            }
            assertThat(won).as("returns racing for %s line %d", original.id, lineNo).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private int post(Tx t, int expected) {
        Api.Response response = api(t.path.equals(TX) ? POS : WEB).post(t.path, t.body);
        assertThat(response.status()).as("%s %s: %s", t.type, t.id, response.body()).isEqualTo(expected);
        t.status = response.status();
        t.answer = response.json();
        t.posted = response.status() == 201;
        t.parked = response.status() == 202;
        all.add(t);
        return response.status();
    }

    /** After a planned sale arrives: its parked returns were posted in its write, in arrival order, or refused. */
    private void settleParkedFor(Tx sale) {
        for (Tx t : all) {
            if (t.parked && t.claims.stream().anyMatch(c -> c[0] == sale)) {
                Object[] claim = t.claims.get(0);
                boolean fits = (long) claim[2] <= remaining(sale, (int) claim[1]);
                String status = jdbc.sql("SELECT status FROM parked_work WHERE kind = 'RETURN' AND work_id = ?").param(t.id).query(String.class).single();
                assertThat(status).as("parked %s after its sale", t.id).isEqualTo(fits ? "APPLIED" : "REFUSED");
                t.parked = false;
                t.posted = fits;
            }
        }
    }

    /** A sold line of a posted order (voided ones too: their returns must be refused), or null. */
    private Object[] returnable(Op op) {
        List<Object[]> lines = new ArrayList<>();
        for (Tx t : all) {
            if (t.posted && !t.sold.isEmpty()) {
                t.sold.keySet().forEach(l -> lines.add(new Object[] {t, l}));
            }
        }
        return lines.isEmpty() ? null : lines.get(op.pick() % lines.size());
    }

    private long remaining(Tx order, int lineNo) {
        long back = 0;
        for (Tx t : all) {
            if (t.counts()) {
                for (Object[] c : t.claims) {
                    if (c[0] == order && (int) c[1] == lineNo) {
                        back += (long) c[2];
                    }
                }
            }
        }
        return order.sold.get(lineNo) - back;
    }

    /** The order's payments and what each can still refund, as the API tells a POS. */
    private List<Map<String, Object>> payments(Tx order) {
        var response = api(POS).get("/api/v1/returns/returnable?orderRef=" + order.id);
        assertThat(response.status()).isEqualTo(200);
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode p : response.json().get("payments")) {
            Map<String, Object> payment = new HashMap<>();
            payment.put("type", p.get("type").asString());
            payment.put("brand", p.get("brand").isNull() ? null : p.get("brand").asString());
            payment.put("last4", p.get("last4").isNull() ? null : p.get("last4").asString());
            payment.put("refundable", new BigDecimal(p.get("refundable").asString()));
            out.add(payment);
        }
        return out;
    }

    /** Refunds spread over the payments in order, each up to what it has left. */
    private static List<Map<String, Object>> greedy(List<Map<String, Object>> payments, BigDecimal refund) {
        List<Map<String, Object>> tenders = new ArrayList<>();
        BigDecimal left = refund;
        for (Map<String, Object> payment : payments) {
            BigDecimal take = left.min((BigDecimal) payment.get("refundable"));
            if (take.signum() > 0) {
                tenders.add(refundTo(payment, take));
                left = left.subtract(take);
            }
        }
        if (left.signum() > 0) {
            tenders.add(Map.of("type", "CASH", "amount", left.negate().toPlainString())); // more than paid: refused by the rules
        }
        return tenders;
    }

    private static Map<String, Object> refundTo(Map<String, Object> payment, BigDecimal amount) {
        Map<String, Object> tender = new LinkedHashMap<>();
        tender.put("type", payment.get("type"));
        if (payment.get("brand") != null) {
            tender.put("brand", payment.get("brand"));
        }
        if (payment.get("last4") != null) {
            tender.put("last4", payment.get("last4"));
        }
        tender.put("amount", amount.negate().toPlainString());
        return tender;
    }

    private static Map<String, Object> cardTender(String brand, String last4, String amount) {
        return Map.of("type", "CARD", "brand", brand, "amount", amount, "last4", last4);
    }

    private static String refundOf(long units) {
        return unit().multiply(BigDecimal.valueOf(units)).negate().toPlainString();
    }

    private static BigDecimal unit() {
        return SalesFixtures.UNIT;
    }

    /** Each card of the run is told apart by its last four digits. */
    private static String last4() {
        return String.format("%04d", LAST4.incrementAndGet() % 10000);
    }

    // --- the invariants, read back from the database ---

    private void checkInvariants(Op op, boolean last) {
        // DESIGN invariant 1: per SKU, over all accounts, units sum to zero
        jdbc.sql("SELECT sku, SUM(posted) FROM stock_balance WHERE sku IN (:skus) GROUP BY sku").param("skus", skus)
                .query(rs -> {
                    assertThat(rs.getLong(2)).as("units of %s after %s", rs.getString(1), op).isZero();
                });
        // each unit in one place: the ledger says what the sales tables say, per SKU and location
        for (String sku : skus) {
            long out = sum("""
                    SELECT COALESCE(SUM(CASE WHEN l.returned THEN -l.quantity ELSE l.quantity END), 0)
                    FROM sales_order_line l JOIN sales_order o ON o.order_ref = l.order_ref
                    WHERE l.sku = ? AND NOT EXISTS (SELECT 1 FROM sales_order v WHERE v.void_of = o.order_ref)""", sku);
            assertThat(balance("customer", sku) + balance("employee", sku)).as("units with customers, %s after %s", sku, op).isEqualTo(out);
            long damaged = sum("""
                    SELECT COALESCE(SUM(l.quantity), 0) FROM sales_order_line l JOIN sales_order o ON o.order_ref = l.order_ref
                    WHERE l.sku = ? AND l.returned AND l.item_condition = 'DAMAGED'
                    AND NOT EXISTS (SELECT 1 FROM sales_order v WHERE v.void_of = o.order_ref)""", sku);
            assertThat(balance("damaged", sku)).as("damaged %s after %s", sku, op).isEqualTo(damaged);
            for (String location : LOCATIONS) {
                long moved = jdbc.sql("""
                        SELECT COALESCE(SUM(CASE WHEN l.returned THEN l.quantity ELSE -l.quantity END), 0)
                        FROM sales_order_line l JOIN sales_order o ON o.order_ref = l.order_ref
                        WHERE l.sku = ? AND o.location = ? AND (NOT l.returned OR l.item_condition = 'RESALEABLE')
                        AND NOT EXISTS (SELECT 1 FROM sales_order v WHERE v.void_of = o.order_ref)""")
                        .params(sku, location).query(Long.class).single();
                assertThat(balance("on_hand@" + location, sku)).as("on hand %s at %s after %s", sku, location, op).isEqualTo(RECEIVED + moved);
            }
        }
        // DESIGN invariant 4: returned ≤ sold per original line
        List<String> over = jdbc.sql("""
                SELECT r.return_of_ref FROM sales_order_line r
                JOIN sales_order_line s ON s.order_ref = r.return_of_ref AND s.line_no = r.return_of_line
                WHERE r.sku IN (:skus) AND NOT EXISTS (SELECT 1 FROM sales_order v WHERE v.void_of = r.order_ref)
                GROUP BY r.return_of_ref, r.return_of_line, s.quantity HAVING SUM(r.quantity) > s.quantity""")
                .param("skus", skus).query(String.class).list();
        assertThat(over).as("lines returned beyond what they sold, after %s", op).isEmpty();
        // ... and refunds ≤ paid per card, told apart by last four digits (a void and what it voids both left out: they
        // cancel), and per payment as the hub books it
        List<String> ids = new ArrayList<>(all.stream().map(t -> t.id).toList());
        ids.add("-"); // never empty: IN () is not SQL
        Map<String, long[]> cards = new HashMap<>();
        jdbc.sql("""
                SELECT t.last4, t.amount_minor, o.type FROM sales_order_tender t JOIN sales_order o ON o.order_ref = t.order_ref
                WHERE t.type = 'CARD' AND o.order_ref IN (:ids) AND o.type <> 'VOID'
                AND NOT EXISTS (SELECT 1 FROM sales_order v WHERE v.void_of = o.order_ref)""")
                .param("ids", ids)
                .query(rs -> {
                    long[] paidRefunded = cards.computeIfAbsent(rs.getString(1), k -> new long[2]);
                    if (rs.getLong(2) > 0) {
                        paidRefunded[0] += rs.getLong(2);
                    } else {
                        paidRefunded[1] -= rs.getLong(2);
                    }
                });
        cards.forEach((card, pr) -> assertThat(pr[1]).as("refunded to card %s after %s", card, op).isLessThanOrEqualTo(pr[0]));
        Map<String, long[]> booked = new HashMap<>();
        jdbc.sql("SELECT order_ref, type, brand, reference, last4, amount_minor FROM sales_order_tender WHERE order_ref IN (:ids) AND amount_minor > 0")
                .param("ids", ids)
                .query(rs -> {
                    String key = rs.getString(1) + " " + new TenderKey(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)).code();
                    booked.computeIfAbsent(key, k -> new long[2])[0] += rs.getLong(6);
                });
        jdbc.sql("""
                SELECT r.order_ref, r.tender_key, r.kind, r.amount_minor FROM sales_refund r WHERE r.order_ref IN (:ids)
                AND NOT EXISTS (SELECT 1 FROM sales_order v WHERE v.void_of = r.return_ref)""")
                .param("ids", ids)
                .query(rs -> {
                    long[] paidDrawn = booked.computeIfAbsent(rs.getString(1) + " " + rs.getString(2), k -> new long[2]);
                    paidDrawn[rs.getString(3).equals("CREDIT") ? 0 : 1] += rs.getLong(4);
                });
        List<String> overdrawn = booked.entrySet().stream().filter(e -> e.getValue()[1] > e.getValue()[0]).map(Map.Entry::getKey).toList();
        assertThat(overdrawn).as("payments that gave back more than they took, after %s", op).isEmpty();
        // a return never waits for an original that is in
        long stuck = jdbc.sql("""
                SELECT COUNT(*) FROM parked_work p WHERE p.status = 'PARKED' AND p.kind IN ('RETURN', 'VOID') AND NOT EXISTS (
                    SELECT 1 FROM parked_wait w WHERE w.kind = p.kind AND w.work_id = p.work_id
                    AND NOT EXISTS (SELECT 1 FROM sales_order o WHERE o.order_ref = w.wait_for))""").query(Long.class).single();
        assertThat(stuck).as("parked returns whose sale is in, after %s", op).isZero();
        // the API tells a POS what the model expects is left to return: of the orders this step touched, and at the end of all
        for (Tx t : all) {
            boolean touched = !all.isEmpty() && (all.get(all.size() - 1) == t
                    || all.get(all.size() - 1).claims.stream().anyMatch(c -> c[0] == t));
            if (t.posted && !t.voided && !t.sold.isEmpty() && (touched || last)) {
                JsonNode lines = api(POS).get("/api/v1/returns/returnable?orderRef=" + t.id).json().get("lines");
                for (JsonNode line : lines) {
                    assertThat(line.get("returnable").asLong()).as("%s line %s after %s", t.id, line.get("lineNo"), op)
                            .isEqualTo(remaining(t, line.get("lineNo").asInt()));
                }
            }
        }
    }

    private long balance(String account, String sku) {
        return jdbc.sql("SELECT COALESCE(SUM(posted), 0) FROM stock_balance WHERE account = ? AND sku = ?").params(account, sku)
                .query(Long.class).single();
    }

    private long sum(String sql, String sku) {
        return jdbc.sql(sql).param(sku).query(Long.class).single();
    }
}

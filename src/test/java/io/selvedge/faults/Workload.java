package io.selvedge.faults;

import io.selvedge.testing.Api;
import io.selvedge.testing.Fixtures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A seeded workload against the public API: store sales (card and cash), returns (some before their sale), voids
 * (some before their sale), offline batches, movements, transfers (some receipts before their shipment, or before the
 * transfer itself; each of those parked, then applied once) and
 * wholesale allocations fulfilled or released. Some requests are sent 2 to 10 times at once. The same seed gives the
 * same requests with the same ids and bodies, and the same {@link Model} of what the hub must end up holding.
 */
final class Workload {

    /** Every transaction happens at this moment (a fixed past day, so bodies and business days do not depend on the clock). */
    static final String AT = "2026-11-20T19:00:00Z";
    static final String DAY = "2026-11-20";
    static final String WAREHOUSE = "WH1";
    static final List<String> STORES = List.of("STORE-ABK", "STORE-SOHO", "STORE-MEL");
    static final List<String> LOCATIONS = List.of("WH1", "STORE-ABK", "STORE-SOHO", "STORE-MEL");
    static final long OPENING_STOCK = 1000;
    static final BigDecimal PRICE = new BigDecimal("89.00");

    enum Expect {
        /** Must end acknowledged (2xx), retried with the same id and body until it is. */
        ACK,
        /** Must be refused (4xx) without effect (out-of-order work is parked, not refused: nothing generates this now). */
        REFUSED
    }

    record Step(String label, String method, String path, String key, String body, Expect expect, int copies) {

        boolean batch() {
            return path.endsWith("/batch");
        }
    }

    record Chain(String kind, List<Step> steps) {
    }

    enum Kind {
        SALE(26), SALE_THEN_RETURN(10), RETURN_BEFORE_SALE(6), SALE_THEN_VOID(8), VOID_BEFORE_SALE(4), OFFLINE_BATCH(5),
        MOVEMENT(15), TRANSFER(8), RECEIPT_BEFORE_SHIPMENT(4), ALLOCATION(10);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    final long seed;
    final String tag;
    final List<String> skus = new ArrayList<>();
    final List<Step> setup = new ArrayList<>();
    final List<Chain> chains = new ArrayList<>();
    final Model model = new Model();

    private final SplittableRandom random;
    private int next;

    private Workload(long seed, String tag) {
        this.seed = seed;
        this.tag = tag;
        this.random = new SplittableRandom(seed);
    }

    /** {@code chains} chains of requests after the setup (catalogue and opening stock), ids prefixed by {@code tag}. */
    static Workload generate(long seed, String tag, int chains, int styles) {
        Workload w = new Workload(seed, tag);
        w.catalogue(styles);
        for (int i = 0; i < chains; i++) {
            w.chain(w.kind());
        }
        return w;
    }

    int steps() {
        return chains.stream().mapToInt(c -> c.steps().size()).sum();
    }

    private void catalogue(int styles) {
        for (int s = 1; s <= styles; s++) {
            String style = tag + "-ST" + s;
            setup.add(new Step("style " + style, "PUT", "/api/v1/catalog/styles/" + style, HubClient.ERP,
                    json(Fixtures.anyStyle(style)), Expect.ACK, 1));
            for (String size : List.of("S", "M", "L")) {
                skus.add(Fixtures.sku(style, size));
            }
        }
        for (String location : LOCATIONS) {
            List<Model.Line> lines = skus.stream().map(sku -> new Model.Line(sku, OPENING_STOCK)).toList();
            String id = tag + "-OPEN-" + location;
            setup.add(movementStep(id, "RECEIPT", location, lines, 1));
            model.movement(id, "RECEIPT", location, lines);
        }
    }

    private Kind kind() {
        int total = 0;
        for (Kind k : Kind.values()) {
            total += k.weight;
        }
        int pick = random.nextInt(total);
        for (Kind k : Kind.values()) {
            pick -= k.weight;
            if (pick < 0) {
                return k;
            }
        }
        throw new IllegalStateException();
    }

    private void chain(Kind kind) {
        int n = ++next;
        List<Step> steps = new ArrayList<>();
        switch (kind) {
            case SALE -> {
                Sale sale = sale(tag + "-S" + n);
                steps.add(sale.step());
                model.sale(sale.id, sale.store, sale.lines);
            }
            case SALE_THEN_RETURN, RETURN_BEFORE_SALE -> {
                Sale sale = sale(tag + "-S" + n);
                String returnId = tag + "-R" + n;
                boolean damaged = random.nextInt(5) == 0;
                Step giveBack = step("return " + returnId, "/api/v1/pos/transactions", HubClient.POS, returnBody(returnId, sale, damaged), Expect.ACK);
                if (kind == Kind.SALE_THEN_RETURN) {
                    steps.add(sale.step());
                    steps.add(giveBack);
                } else {
                    steps.add(giveBack); // parked (202) until its sale arrives, then posted in the sale's write
                    steps.add(sale.step());
                }
                model.sale(sale.id, sale.store, sale.lines);
                model.returned(returnId, sale.id, sale.store, new Model.Line(sale.lines.get(0).sku(), 1), damaged,
                        kind == Kind.RETURN_BEFORE_SALE);
            }
            case SALE_THEN_VOID, VOID_BEFORE_SALE -> {
                Sale sale = sale(tag + "-S" + n);
                String voidId = tag + "-V" + n;
                Map<String, Object> body = transaction(voidId, sale.store, sale.register, "VOID");
                body.put("voidOf", sale.id);
                Step cancel = step("void " + voidId, "/api/v1/pos/transactions", HubClient.POS, json(body), Expect.ACK);
                if (kind == Kind.VOID_BEFORE_SALE) {
                    // parked (202) until its sale arrives, then posted in the sale's write; sometimes sent again after
                    steps.add(cancel);
                    steps.add(sale.step());
                    if (random.nextBoolean()) {
                        steps.add(new Step("void again " + voidId, "POST", cancel.path(), cancel.key(), cancel.body(), Expect.ACK, copies()));
                    }
                } else {
                    steps.add(sale.step());
                    steps.add(cancel);
                }
                model.sale(sale.id, sale.store, sale.lines);
                model.voided(voidId, sale.id, sale.store, sale.lines, kind == Kind.VOID_BEFORE_SALE);
            }
            case OFFLINE_BATCH -> {
                int size = 2 + random.nextInt(4);
                List<Object> transactions = new ArrayList<>();
                for (int i = 1; i <= size; i++) {
                    Sale sale = sale(tag + "-B" + n + "-" + i);
                    transactions.add(sale.body);
                    model.sale(sale.id, sale.store, sale.lines);
                }
                steps.add(step("batch " + tag + "-B" + n, "/api/v1/pos/transactions/batch", HubClient.POS,
                        json(Map.of("transactions", transactions)), Expect.ACK));
            }
            case MOVEMENT -> {
                String id = tag + "-M" + n;
                String location = LOCATIONS.get(random.nextInt(LOCATIONS.size()));
                int roll = random.nextInt(100);
                String type = roll < 40 ? "RECEIPT" : roll < 65 ? "DAMAGE" : roll < 75 ? "SAMPLE" : "ADJUSTMENT";
                List<Model.Line> lines = new ArrayList<>();
                for (String sku : someSkus(1 + random.nextInt(3))) {
                    long q = 1 + random.nextInt(5);
                    lines.add(new Model.Line(sku, type.equals("ADJUSTMENT") && random.nextBoolean() ? -q : q));
                }
                steps.add(movementStep(id, type, location, lines, copies()));
                model.movement(id, type, location, lines);
            }
            case TRANSFER, RECEIPT_BEFORE_SHIPMENT -> {
                String ref = tag + "-T" + n;
                List<String> pair = new ArrayList<>(STORES);
                Collections.shuffle(pair, new java.util.Random(random.nextLong()));
                String from = pair.get(0);
                String to = pair.get(1);
                List<Model.Line> shipped = new ArrayList<>();
                for (String sku : someSkus(1 + random.nextInt(2))) {
                    shipped.add(new Model.Line(sku, 1 + random.nextInt(4)));
                }
                List<Model.Line> received = new ArrayList<>(shipped);
                if (random.nextInt(3) == 0) {
                    Model.Line first = shipped.get(0);
                    received.set(0, new Model.Line(first.sku(), first.quantity() - 1)); // one unit short: to shrink in transit
                }
                Map<String, Object> create = new LinkedHashMap<>();
                create.put("transferRef", ref);
                create.put("from", from);
                create.put("to", to);
                create.put("lines", lines(shipped));
                Step receipt = step("receipt " + ref, "/api/v1/transfers/" + ref + "/receipt", HubClient.ERP,
                        json(Map.of("lines", lines(received))), Expect.ACK);
                Step created = step("transfer " + ref, "/api/v1/transfers", HubClient.ERP, json(create), Expect.ACK);
                Step shipment = step("shipment " + ref, "/api/v1/transfers/" + ref + "/shipment", HubClient.ERP, "{}", Expect.ACK);
                if (kind == Kind.RECEIPT_BEFORE_SHIPMENT) {
                    // parked (202) until the shipment, then received in the shipment's write; one in three before the
                    // transfer itself exists (the back office creates it later)
                    if (random.nextInt(3) == 0) {
                        steps.add(receipt);
                        steps.add(created);
                    } else {
                        steps.add(created);
                        steps.add(receipt);
                    }
                    steps.add(shipment);
                    if (random.nextBoolean()) {
                        steps.add(new Step("receipt again " + ref, "POST", receipt.path(), receipt.key(), receipt.body(), Expect.ACK, copies()));
                    }
                } else {
                    steps.add(created);
                    steps.add(shipment);
                    steps.add(receipt);
                }
                model.transfer(ref, from, to, shipped, received, kind == Kind.RECEIPT_BEFORE_SHIPMENT);
            }
            case ALLOCATION -> {
                String id = tag + "-A" + n;
                List<Model.Line> lines = new ArrayList<>();
                for (String sku : someSkus(1 + random.nextInt(2))) {
                    lines.add(new Model.Line(sku, 1 + random.nextInt(5)));
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("allocationId", id);
                body.put("account", "Nordstrom");
                body.put("location", WAREHOUSE);
                body.put("lines", lines(lines));
                boolean fulfil = random.nextInt(5) < 3;
                steps.add(step("allocation " + id, "/api/v1/inventory/allocations", HubClient.ERP, json(body), Expect.ACK));
                steps.add(step((fulfil ? "fulfil " : "release ") + id, "/api/v1/inventory/allocations/" + id + (fulfil ? "/fulfil" : "/release"),
                        HubClient.ERP, "", Expect.ACK));
                model.allocation(id, WAREHOUSE, lines, fulfil);
            }
        }
        chains.add(new Chain(kind.name(), steps));
    }

    /** A store sale: 1 to 3 SKUs, 1 to 3 units each, paid by card (with the processor's reference, never a card number) or cash. */
    private Sale sale(String id) {
        String store = STORES.get(random.nextInt(STORES.size()));
        String register = "R" + (1 + random.nextInt(4));
        List<Model.Line> lines = new ArrayList<>();
        for (String sku : someSkus(1 + random.nextInt(3))) {
            lines.add(new Model.Line(sku, 1 + random.nextInt(3)));
        }
        long units = lines.stream().mapToLong(Model.Line::quantity).sum();
        Map<String, Object> body = transaction(id, store, register, "SALE");
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            out.add(line(i + 1, lines.get(i).sku(), lines.get(i).quantity()));
        }
        body.put("lines", out);
        Map<String, Object> tender = random.nextInt(10) < 7 ? card(id) : new LinkedHashMap<>(Map.of("type", "CASH"));
        tender.put("amount", money(units));
        body.put("tenders", List.of(tender));
        return new Sale(id, store, register, lines, body, copies());
    }

    private String returnBody(String returnId, Sale sale, boolean damaged) {
        Map<String, Object> body = transaction(returnId, sale.store, sale.register, "RETURN");
        Map<String, Object> line = line(1, sale.lines.get(0).sku(), 1);
        line.put("returnOf", Map.of("orderRef", sale.id, "lineNo", 1));
        line.put("condition", damaged ? "DAMAGED" : "RESALEABLE");
        body.put("lines", List.of(line));
        @SuppressWarnings("unchecked")
        Map<String, Object> paid = new LinkedHashMap<>(((List<Map<String, Object>>) sale.body.get("tenders")).get(0));
        paid.put("amount", money(-1)); // back to the tender that paid
        body.put("tenders", List.of(paid));
        return json(body);
    }

    private Map<String, Object> transaction(String id, String store, String register, String type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", id);
        body.put("store", store);
        body.put("register", register);
        body.put("businessDay", DAY);
        body.put("occurredAt", AT);
        body.put("type", type);
        body.put("currency", "USD");
        return body;
    }

    private static Map<String, Object> line(int lineNo, String sku, long quantity) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("lineNo", lineNo);
        line.put("sku", sku);
        line.put("quantity", quantity);
        line.put("unitPrice", "89.00");
        line.put("discount", "0.00");
        line.put("tax", "0.00");
        return line;
    }

    private static Map<String, Object> card(String id) {
        Map<String, Object> tender = new LinkedHashMap<>();
        tender.put("type", "CARD");
        tender.put("brand", "VISA");
        tender.put("reference", "PAY-" + id);
        tender.put("last4", "4242");
        return tender;
    }

    private static String money(long units) {
        return PRICE.multiply(BigDecimal.valueOf(units)).toPlainString();
    }

    private Step movementStep(String id, String type, String location, List<Model.Line> lines, int copies) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("movementId", id);
        body.put("type", type);
        body.put("location", location);
        body.put("occurredAt", AT);
        body.put("reason", "fault workload");
        body.put("lines", lines(lines));
        return new Step("movement " + id, "POST", "/api/v1/inventory/movements", HubClient.ERP, json(body), Expect.ACK, copies);
    }

    private static List<Map<String, Object>> lines(List<Model.Line> lines) {
        return lines.stream().map(l -> Map.<String, Object>of("sku", l.sku(), "quantity", l.quantity())).toList();
    }

    private List<String> someSkus(int count) {
        List<String> all = new ArrayList<>(skus);
        Collections.shuffle(all, new java.util.Random(random.nextLong()));
        return all.subList(0, Math.min(count, all.size()));
    }

    /** Mostly once; one request in seven is sent 2 to 10 times at once (a POS retrying over a flaky link). */
    private int copies() {
        return random.nextInt(7) == 0 ? 2 + random.nextInt(9) : 1;
    }

    private Step step(String label, String path, String key, String body, Expect expect) {
        return new Step(label, "POST", path, key, body, expect, copies());
    }

    static String json(Object body) {
        return Api.JSON.writeValueAsString(body);
    }

    private record Sale(String id, String store, String register, List<Model.Line> lines, Map<String, Object> body, int copies) {

        Step step() {
            return new Step("sale " + id, "POST", "/api/v1/pos/transactions", HubClient.POS, json(body), Expect.ACK, copies);
        }
    }
}

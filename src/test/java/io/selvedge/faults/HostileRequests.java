package io.selvedge.faults;

import io.selvedge.testing.Api;
import io.selvedge.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The jqwik generator of malformed and adversarial requests: a valid request of one of the write endpoints (a store
 * sale, an offline batch, a web order, a movement, an allocation, a transfer, a style with GTINs, a catalogue CSV import,
 * a customer, a subscription, an inbound Shopify webhook), then one mutation: wrong types, nulls, missing fields, huge
 * strings and bodies, deep nesting, control characters, negative, fractional and overflowing numbers, bad GTINs and
 * dates, card numbers in any field, header or query, truncated or non-JSON or non-UTF-8 bodies, missing, foreign or
 * malformed keys and bad signatures.
 */
final class HostileRequests {

    enum Mutation {
        NONE, WRONG_TYPE, NULL_VALUE, REMOVE_FIELD, HUGE_STRING, LONG_ID, CONTROL_CHARACTERS, NEGATIVE_NUMBER, ZERO, HUGE_NUMBER, FRACTION,
        CARD_NUMBER, CARD_IN_NEW_FIELD, CARD_IN_QUERY, CARD_AS_KEY, BAD_GTIN, BAD_DATE, DEEP_NESTING, DEEP_DOCUMENT, TRUNCATED, NOT_JSON,
        INVALID_UTF8, HUGE_BODY, EMPTY_BODY, NO_KEY, BAD_KEY, OTHER_SYSTEM, WRONG_CONTENT_TYPE
    }

    static final String STYLE = "HX-ST1";
    static final String SKU = Fixtures.sku(STYLE, "M");
    private static final String DEEP = "@@DEEP@@";
    private static final int BASES = 11;
    private static final AtomicLong TOKENS = new AtomicLong();
    private static final AtomicLong PANS = new AtomicLong(1_000);

    private HostileRequests() {
    }

    static Arbitrary<Hostile> hostile() {
        return Combinators.combine(Arbitraries.integers().between(0, BASES - 1), mutations(),
                Arbitraries.integers().between(0, 9999), Arbitraries.integers().between(0, 9999)).as(HostileRequests::build);
    }

    /** Every mutation, card numbers (the sharpest edge: PCI) more often than the rest. */
    private static Arbitrary<Mutation> mutations() {
        List<Tuple.Tuple2<Integer, Arbitrary<? extends Mutation>>> weighted = new ArrayList<>();
        for (Mutation m : Mutation.values()) {
            int weight = switch (m) {
                case CARD_NUMBER -> 6;
                case CARD_IN_NEW_FIELD -> 3;
                default -> 1;
            };
            weighted.add(Tuple.of(weight, Arbitraries.just(m)));
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Tuple.Tuple2<Integer, Arbitrary<? extends Mutation>>[] array = weighted.toArray(new Tuple.Tuple2[0]);
        return Arbitraries.frequencyOf(array);
    }

    /** The style the bases sell and move, with GTINs whose check digits are right. */
    static Map<String, Object> setupStyle() {
        return style(STYLE);
    }

    static Hostile build(int base, Mutation mutation, int where, int what) {
        String token = String.format("HX%07dQ", TOKENS.incrementAndGet());
        Base b = base(base, token);
        List<String> pans = new ArrayList<>();
        String method = b.method;
        String path = b.path;
        String key = b.key;
        String contentType = b.contentType;
        Map<String, String> headers = new LinkedHashMap<>(b.headers);
        byte[] body;
        switch (mutation) {
            case TRUNCATED -> {
                byte[] full = b.render();
                body = java.util.Arrays.copyOf(full, Math.max(1, full.length * (where % 95 + 1) / 100));
            }
            case NOT_JSON -> body = (switch (what % 4) {
                case 0 -> "<transaction id=\"" + token + "\"/>";
                case 1 -> "transactionId=" + token + "&amount=89.00";
                case 2 -> "{\"a\":}";
                default -> "\u0000\u0001\u0002 not json at all";
            }).getBytes(StandardCharsets.UTF_8);
            case INVALID_UTF8 -> {
                byte[] full = b.render();
                body = java.util.Arrays.copyOf(full, full.length);
                int at = Math.min(full.length - 1, where % Math.max(1, full.length));
                body[at] = (byte) 0xC3; // a lead byte followed by ASCII: not UTF-8
                if (at + 1 < body.length) {
                    body[at + 1] = (byte) 0x28;
                }
            }
            case EMPTY_BODY -> body = new byte[0];
            case HUGE_BODY -> {
                if (what % 2 == 0) {
                    b.root.put("padding", "x".repeat(3 * 1024 * 1024));
                } else {
                    List<Object> many = new ArrayList<>();
                    for (int i = 0; i < 40_000; i++) {
                        many.add(Map.of("sku", SKU, "quantity", 1));
                    }
                    b.root.put("lines", many);
                }
                body = b.render();
            }
            case DEEP_DOCUMENT -> body = ("[".repeat(2_000 + where * 10) + "]".repeat(2_000 + where * 10)).getBytes(StandardCharsets.UTF_8);
            case NO_KEY -> {
                key = null;
                body = b.render();
            }
            case BAD_KEY -> {
                key = switch (what % 4) {
                    case 0 -> "not-a-key";
                    case 1 -> "Basic ZGV2OmRldg==";
                    case 2 -> "bearer DEV-POS-KEY";
                    default -> "Bearer";
                };
                body = b.render();
            }
            case CARD_AS_KEY -> {
                String pan = pan(what, pans);
                key = "Bearer " + pan;
                body = b.render();
            }
            case OTHER_SYSTEM -> {
                List<String> keys = List.of(HubClient.ERP, HubClient.POS, HubClient.WEB, HubClient.WHOLESALE, "dev-finance-key", HubClient.OPS);
                String other = keys.get(what % keys.size());
                key = other.equals(key) ? keys.get((what + 1) % keys.size()) : other;
                body = b.render();
            }
            case WRONG_CONTENT_TYPE -> {
                contentType = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                        "application/json; charset=latin1").get(what % 5);
                body = b.render();
            }
            case CARD_IN_QUERY -> {
                String pan = pan(what, pans);
                path = path + (path.contains("?") ? "&" : "?") + "note=" + java.net.URLEncoder.encode(pan, StandardCharsets.UTF_8);
                body = b.render();
            }
            default -> {
                mutate(b, mutation, where, what, pans);
                body = b.render();
            }
        }
        return new Hostile(b.name + " / " + mutation, method, path, key, contentType, body, headers, token, List.copyOf(pans));
    }

    /** A mutation inside the document: at one field (chosen by {@code where}), with a value chosen by {@code what}. */
    private static void mutate(Base b, Mutation mutation, int where, int what, List<String> pans) {
        List<Slot> slots = new ArrayList<>();
        collect(b.root, slots);
        List<Slot> strings = slots.stream().filter(s -> s.get() instanceof String).toList();
        List<Slot> numbers = slots.stream().filter(s -> s.get() instanceof Number || s.get() instanceof String text && text.matches("-?\\d+(\\.\\d+)?"))
                .toList();
        Slot any = slots.get(where % slots.size());
        switch (mutation) {
            case NONE -> {
            }
            case WRONG_TYPE -> any.set(switch (what % 6) {
                case 0 -> any.get() instanceof String ? 42 : "forty-two";
                case 1 -> true;
                case 2 -> List.of(any.get() == null ? "x" : any.get());
                case 3 -> Map.of("value", any.get() == null ? "x" : any.get());
                case 4 -> 1.0e300;
                default -> any.get() instanceof Map || any.get() instanceof List ? "not a container" : new ArrayList<>();
            });
            case NULL_VALUE -> any.set(null);
            case REMOVE_FIELD -> any.remove();
            case HUGE_STRING -> pick(strings, any, where).set("é".repeat(100_000 + what));
            case LONG_ID -> pick(strings, any, where).set("ID" + "A1".repeat(50 + what % 200));
            case CONTROL_CHARACTERS -> pick(strings, any, where).set(List.of("\u0000", "a\u202Eb", "😀🧵", "'; DROP TABLE sales_order; --",
                    "${jndi:ldap://127.0.0.1/x}", "\r\nX-Injected: 1", "../../etc/passwd", "<script>alert(1)</script>").get(what % 8));
            case NEGATIVE_NUMBER -> {
                Slot slot = pick(numbers, any, where);
                slot.set(slot.get() instanceof String ? "-" + (what % 1000) + ".00" : -(1 + what));
            }
            case ZERO -> {
                Slot slot = pick(numbers, any, where);
                slot.set(slot.get() instanceof String ? "0.00" : 0);
            }
            case HUGE_NUMBER -> {
                Slot slot = pick(numbers, any, where);
                slot.set(slot.get() instanceof String ? List.of("99999999999999999999.99", "1e400", "92233720368547758.08").get(what % 3)
                        : List.<Object>of(Long.MAX_VALUE, new java.math.BigInteger("9223372036854775808"), Integer.MAX_VALUE,
                        new java.math.BigDecimal("1e400")).get(what % 4));
            }
            case FRACTION -> {
                Slot slot = pick(numbers, any, where);
                slot.set(slot.get() instanceof String ? "89.001" : 1.5);
            }
            case CARD_NUMBER -> pick(strings, any, where).set(pan(what, pans));
            case CARD_IN_NEW_FIELD -> b.root.put(List.of("note", "cardNumber", "pan", "comment").get(what % 4), pan(what, pans));
            case BAD_GTIN -> {
                String gtin = List.of("00012345678906", "0001234567890", "000123456789055", "0001234567890X", "ABCDEFGHIJKLMN", "", "-1",
                        "00000000000000").get(what % 8);
                List<Slot> gtins = slots.stream().filter(s -> "gtin".equals(s.name())).toList();
                (gtins.isEmpty() ? pick(strings, any, where) : gtins.get(where % gtins.size())).set(gtin);
            }
            case BAD_DATE -> {
                List<Slot> dates = slots.stream().filter(s -> s.get() instanceof String text && text.matches("\\d{4}-\\d{2}-\\d{2}.*")).toList();
                pick(dates, any, where).set(List.of("2026-13-45", "0000-00-00T00:00:00Z", "+999999999-12-31T23:59:59Z", "yesterday",
                        "2026-11-20T19:00:00", "2026-11-20T25:61:61Z", "-2026-11-20").get(what % 7));
            }
            case DEEP_NESTING -> any.set(DEEP + (1_000 + what * 5));
            default -> throw new IllegalArgumentException(mutation.name());
        }
    }

    private static Slot pick(List<Slot> preferred, Slot fallback, int where) {
        return preferred.isEmpty() ? fallback : preferred.get(where % preferred.size());
    }

    /**
     * A card number of one of the schemes, unique to this request (so a finding names the request that left it), with a
     * valid Luhn digit, grouped one of five ways; remembered as sent.
     */
    private static String pan(int what, List<String> pans) {
        String prefix = List.of("4", "51", "55", "2221", "34", "37", "6011", "35", "36", "62").get(what % 10);
        int length = prefix.equals("34") || prefix.equals("37") ? 15 : prefix.equals("36") ? 14 : 16;
        String serial = String.format("%018d", PANS.incrementAndGet() * 7919L);
        String body = prefix + serial.substring(serial.length() - (length - 1 - prefix.length()));
        String pan = body + luhnDigit(body);
        pans.add(pan);
        String grouped = pan.replaceAll("(\\d{4})(?=\\d)", "$1 ");
        return switch ((what / 10) % 5) {
            case 0 -> pan;
            case 1 -> grouped;
            case 2 -> grouped.replace(' ', '-');
            case 3 -> "card " + pan + " exp 12/29";
            default -> "x" + pan + "@example.com";
        };
    }

    private static int luhnDigit(String body) {
        for (int d = 0; d <= 9; d++) {
            if (CardNumberScan.luhn(body + d)) {
                return d;
            }
        }
        throw new IllegalStateException();
    }

    /** A place in the document: a field of an object or an element of an array. */
    private record Slot(Object container, Object at) {

        Object get() {
            return container instanceof Map<?, ?> map ? map.get(at) : ((List<?>) container).get((Integer) at);
        }

        @SuppressWarnings("unchecked")
        void set(Object value) {
            if (container instanceof Map<?, ?> map) {
                ((Map<Object, Object>) map).put(at, value);
            } else {
                ((List<Object>) container).set((Integer) at, value);
            }
        }

        void remove() {
            if (container instanceof Map<?, ?> map) {
                map.remove(at);
            } else {
                ((List<?>) container).remove((int) (Integer) at);
            }
        }

        String name() {
            return at instanceof String s ? s : null;
        }
    }

    private static void collect(Object node, List<Slot> slots) {
        if (node instanceof Map<?, ?> map) {
            for (Object k : new ArrayList<>(map.keySet())) {
                slots.add(new Slot(map, k));
                collect(map.get(k), slots);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                slots.add(new Slot(list, i));
                collect(list.get(i), slots);
            }
        }
    }

    /** A valid request, as mutable maps and lists. */
    private static final class Base {
        final String name;
        final String method;
        final String path;
        final String key;
        final String contentType;
        final Map<String, Object> root;
        final Map<String, String> headers;
        final boolean csv;

        Base(String name, String method, String path, String key, String contentType, Map<String, Object> root, Map<String, String> headers,
             boolean csv) {
            this.name = name;
            this.method = method;
            this.path = path;
            this.key = key;
            this.contentType = contentType;
            this.root = root;
            this.headers = headers;
            this.csv = csv;
        }

        byte[] render() {
            String text;
            if (csv) {
                text = "style,name,colour,size,sku,gtin,season,category,tax class,price list,currency,price,effective from\n"
                        + root.values().stream().map(v -> v == null ? "" : "\"" + String.valueOf(v).replace("\"", "\"\"") + "\"")
                        .collect(Collectors.joining(",")) + "\n";
            } else {
                text = Api.JSON.writeValueAsString(root);
            }
            int deep = text.indexOf(DEEP);
            if (deep >= 0) {
                int end = text.indexOf('"', deep);
                int depth = Integer.parseInt(text.substring(deep + DEEP.length(), end));
                String nested = csv ? "[".repeat(depth) : "[".repeat(depth) + "]".repeat(depth);
                text = text.substring(0, csv ? deep : deep - 1) + nested + text.substring(csv ? end : end + 1);
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static Base base(int index, String token) {
        return switch (index) {
            case 0 -> json("store sale", "POST", "/api/v1/pos/transactions", HubClient.POS, sale(token));
            case 1 -> json("offline batch", "POST", "/api/v1/pos/transactions/batch", HubClient.POS,
                    map("transactions", list(sale(token), sale(token + "B"))));
            case 2 -> json("web order", "POST", "/api/v1/orders", HubClient.WEB, map("orderRef", token, "channel", "web",
                    "occurredAt", Workload.AT, "currency", "USD", "customer", map("email", token.toLowerCase() + "@example.com"),
                    "lines", list(line()), "tenders", list(map("type", "CARD", "brand", "MASTERCARD", "amount", "89.00", "last4", "4444"))));
            case 3 -> json("movement", "POST", "/api/v1/inventory/movements", HubClient.ERP, map("movementId", token, "type", "RECEIPT",
                    "location", "WH1", "occurredAt", Workload.AT, "reason", "PO " + token, "lines", list(map("sku", SKU, "quantity", 2))));
            case 4 -> json("allocation", "POST", "/api/v1/inventory/allocations", HubClient.ERP, map("allocationId", token,
                    "account", "Nordstrom", "location", "WH1", "lines", list(map("sku", SKU, "quantity", 1))));
            case 5 -> json("transfer", "POST", "/api/v1/transfers", HubClient.ERP, map("transferRef", token, "from", "STORE-ABK",
                    "to", "STORE-MEL", "lines", list(map("sku", SKU, "quantity", 1))));
            case 6 -> json("style", "PUT", "/api/v1/catalog/styles/" + token, HubClient.ERP, style(token));
            case 7 -> new Base("catalogue import", "POST", "/api/v1/catalog/imports?importId=" + token + "&currency=USD", HubClient.ERP,
                    "text/csv", map("style", token, "name", "Hostile shirt", "colour", "NAVY", "size", "M", "sku", token + "-NAVY-M",
                    "gtin", gtin("000" + token.substring(2, 9) + "777"), "season", "FW26", "category", "Shirts", "tax class", "apparel-standard",
                    "price list", "retail-usd", "currency", "USD", "price", "89.00", "effective from", "2026-01-01T00:00:00Z"), Map.of(), true);
            case 8 -> json("customer", "POST", "/api/v1/customers", HubClient.POS, map("source", "shopify", "sourceId", token,
                    "email", token.toLowerCase() + "@example.com", "firstName", "Ana", "lastName", "Hostile"));
            case 9 -> json("subscription", "POST", "/api/v1/subscriptions", HubClient.OPS, map("subscriptionId", token,
                    "url", "http://127.0.0.1:9/hooks/" + token, "events", list("order.created"), "locations", list(),
                    "secret", "hostile-secret-0123456789"));
            default -> new Base("shopify webhook", "POST", "/webhooks/shopify/orders/create", null, "application/json",
                    map("id", token, "email", token.toLowerCase() + "@example.com", "total_price", "89.00",
                            "line_items", list(map("sku", SKU, "quantity", 1, "price", "89.00")),
                            "payment_details", map("credit_card_bin", "411111", "credit_card_company", "Visa")),
                    Map.of("X-Shopify-Hmac-SHA256", "bm90LWEtc2lnbmF0dXJl", "X-Shopify-Webhook-Id", token, "X-Shopify-Topic", "orders/create"),
                    false);
        };
    }

    private static Base json(String name, String method, String path, String key, Map<String, Object> body) {
        return new Base(name, method, path, key, "application/json", body, Map.of(), false);
    }

    private static Map<String, Object> sale(String token) {
        return map("transactionId", token, "store", "STORE-ABK", "register", "R1", "businessDay", Workload.DAY, "occurredAt", Workload.AT,
                "type", "SALE", "currency", "USD", "customer", map("email", token.toLowerCase() + "@example.com"),
                "lines", list(line()), "tenders", list(map("type", "CARD", "brand", "VISA", "amount", "89.00", "reference", "PAY-" + token,
                        "last4", "4242")));
    }

    private static Map<String, Object> line() {
        return map("lineNo", 1, "sku", SKU, "quantity", 1, "unitPrice", "89.00", "discount", "0.00", "tax", "0.00");
    }

    private static Map<String, Object> style(String code) {
        Map<String, Object> style = new LinkedHashMap<>(Fixtures.anyStyle(code));
        List<Object> variants = new ArrayList<>();
        int n = 0;
        for (String size : List.of("S", "M", "L")) {
            String digits = String.format("%07d", Math.abs(code.hashCode()) % 10_000_000);
            variants.add(map("sku", Fixtures.sku(code, size), "gtin", gtin("0009" + digits + (++n) + "1"), "colour", "NAVY", "size", size));
        }
        style.put("variants", variants);
        style.put("colours", list(map("code", "NAVY", "name", "Navy")));
        style.put("sizes", list("S", "M", "L"));
        style.put("prices", list(map("priceList", "retail-usd", "currency", "USD", "amount", "89.00", "effectiveFrom", "2026-01-01T00:00:00Z")));
        return style;
    }

    /** A GTIN-14 from 13 digits with its GS1 check digit (weights 3 and 1 from the right). */
    static String gtin(String thirteen) {
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            int d = thirteen.charAt(12 - i) - '0';
            sum += i % 2 == 0 ? d * 3 : d;
        }
        return thirteen + (10 - sum % 10) % 10;
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }
}

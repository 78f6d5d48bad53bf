package io.selvedge.shopify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for Shopify's Admin GraphQL API, enforcing its documented limits, for the inventory push's tests.
 * Model (docs/formats/shopify.md):
 * <ul>
 *   <li>a leaky bucket of {@code maximumAvailable} points refilled at {@code restoreRate} a second; a call costs
 *       {@code 1 + ceil(n / 10)} points for n quantities (or ids read); a call that costs more than what is left is
 *       answered {@code THROTTLED} (HTTP 200, {@code errors[].extensions.code}), takes nothing and applies nothing;
 *       every answer states {@code extensions.cost.throttleStatus};</li>
 *   <li>{@code inventorySetQuantities}: at most 250 quantities (more is {@code MAX_INPUT_SIZE_EXCEEDED}, recorded as a
 *       violation); compare-and-set: if any {@code compareQuantity} differs from what is stored, nothing is applied and
 *       each such quantity gets a {@code COMPARE_QUANTITY_STALE} user error; an item not stocked gets
 *       {@code ITEM_NOT_STOCKED_AT_LOCATION};</li>
 *   <li>{@code nodes(ids)} of InventoryLevel ids: the available quantity, null for an item not stocked;</li>
 *   <li>to exercise compare-and-set, every {@code raceEvery}-th mutation first sells one unit of one of its items,
 *       as a Shopify checkout would between the hub's read and its write.</li>
 * </ul>
 */
public final class FakeShopify implements AutoCloseable {

    public static final String TOKEN = "shpat_test_token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One answered call: when (nanos), its cost, its size, the level after it, and whether it was throttled. */
    public record Call(long nanos, double cost, int size, double levelAfter, boolean throttled, boolean mutation) {
    }

    private final HttpServer server;
    private final double maximum;
    private final double restoreRate;
    private final int raceEvery;
    private final String location;
    private final Random random = new Random(42);
    private final Map<String, Long> available = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private double level;
    private long at;
    private int mutations;
    private int maxQuantities;
    private int oversized;
    private int stale;
    private int races;

    public FakeShopify(double maximum, double restoreRate, int raceEvery, String location) throws IOException {
        this.maximum = maximum;
        this.restoreRate = restoreRate;
        this.raceEvery = raceEvery;
        this.location = location;
        this.level = maximum;
        this.at = System.nanoTime();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-shopify");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Shopify stocks this item at the location, with this many available. */
    public synchronized void stock(String inventoryItemId, long quantity) {
        available.put(inventoryItemId, quantity);
    }

    /** Another app of the shop spends points of the same bucket. */
    public synchronized void spend(double points) {
        long now = System.nanoTime();
        level = Math.min(maximum, level + (now - at) / 1e9 * restoreRate) - points;
        at = now;
    }

    public synchronized Long available(String inventoryItemId) {
        return available.get(inventoryItemId);
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized int maxQuantities() {
        return maxQuantities;
    }

    public synchronized int oversized() {
        return oversized;
    }

    public synchronized int stale() {
        return stale;
    }

    public synchronized int races() {
        return races;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().matches("/admin/api/[0-9-]+/graphql\\.json")) {
                respond(exchange, 404, "{\"errors\":\"Not Found\"}");
                return;
            }
            if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token"))) {
                respond(exchange, 401, "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}");
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            respond(exchange, 200, answer(request));
        }
    }

    private synchronized String answer(JsonNode request) {
        String query = request.path("query").asString("");
        JsonNode variables = request.path("variables");
        boolean mutation = query.contains("inventorySetQuantities(");
        JsonNode items = mutation ? variables.path("input").path("quantities") : variables.path("ids");
        int n = items.size();
        double cost = 1 + Math.ceil(n / 10.0);
        long now = System.nanoTime();
        level = Math.min(maximum, level + (now - at) / 1e9 * restoreRate);
        at = now;
        if (cost > level) {
            calls.add(new Call(now, cost, n, level, true, mutation));
            return json(Map.of("errors", List.of(Map.of("message", "Throttled", "extensions", Map.of("code", "THROTTLED",
                    "documentation", "https://shopify.dev/api/usage/rate-limits"))), "extensions", extensions(cost, null)));
        }
        level -= cost;
        calls.add(new Call(now, cost, n, level, false, mutation));
        if (!mutation) {
            List<Object> nodes = new ArrayList<>();
            for (JsonNode id : items) {
                String gid = id.asString("");
                String item = gid.substring(gid.indexOf("inventory_item_id=") + "inventory_item_id=".length());
                Long quantity = gid.startsWith("gid://shopify/InventoryLevel/" + location + "?") ? available.get(item) : null;
                nodes.add(quantity == null ? null : Map.of("id", gid, "quantities", List.of(Map.of("name", "available", "quantity", quantity))));
            }
            Map<String, Object> data = new HashMap<>();
            data.put("nodes", nodes);
            return json(Map.of("data", data, "extensions", extensions(cost, cost)));
        }
        maxQuantities = Math.max(maxQuantities, n);
        if (n > 250) {
            oversized++;
            return json(Map.of("errors", List.of(Map.of("message", "The input array size of " + n + " is greater than the maximum allowed of 250.",
                    "extensions", Map.of("code", "MAX_INPUT_SIZE_EXCEEDED"))), "extensions", extensions(cost, cost)));
        }
        mutations++;
        if (raceEvery > 0 && mutations % raceEvery == 1) {
            // the first mutation and every raceEvery-th after it: sell one unit of an item of the call that has one,
            // so compare-and-set is exercised however few calls a fast run needs
            int start = random.nextInt(n);
            for (int k = 0; k < n; k++) {
                String item = itemOf(items.get((start + k) % n));
                if (available.getOrDefault(item, 0L) > 0) {
                    available.merge(item, -1L, Long::sum);
                    races++;
                    break;
                }
            }
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonNode q = items.get(i);
            String item = itemOf(q);
            Long stored = q.path("locationId").asString("").equals("gid://shopify/Location/" + location) ? available.get(item) : null;
            if (stored == null) {
                errors.add(userError("ITEM_NOT_STOCKED_AT_LOCATION", i, "quantity", "The specified inventory item is not stocked at the location."));
            } else if (!q.path("compareQuantity").isNull() && q.path("compareQuantity").asLong() != stored) {
                errors.add(userError("COMPARE_QUANTITY_STALE", i, "compareQuantity", "The compareQuantity value does not match persisted value."));
                stale++;
            } else if (q.path("quantity").asLong() < 0) {
                errors.add(userError("INVALID_QUANTITY_NEGATIVE", i, "quantity", "The quantity can't be negative."));
            }
        }
        if (errors.isEmpty()) {
            for (JsonNode q : items) {
                available.put(itemOf(q), q.path("quantity").asLong());
            }
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("inventoryAdjustmentGroup", errors.isEmpty() ? Map.of("reason", "correction") : null);
        payload.put("userErrors", errors);
        return json(Map.of("data", Map.of("inventorySetQuantities", payload), "extensions", extensions(cost, cost)));
    }

    private Map<String, Object> extensions(double requested, Double actual) {
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("requestedQueryCost", requested);
        cost.put("actualQueryCost", actual);
        cost.put("throttleStatus", Map.of("maximumAvailable", maximum, "currentlyAvailable", Math.floor(level), "restoreRate", restoreRate));
        return Map.of("cost", cost);
    }

    private static Map<String, Object> userError(String code, int index, String field, String message) {
        return Map.of("code", code, "field", List.of("input", "quantities", Integer.toString(index), field), "message", message);
    }

    private static String itemOf(JsonNode quantity) {
        String gid = quantity.path("inventoryItemId").asString("");
        return gid.substring(gid.lastIndexOf('/') + 1);
    }

    private static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

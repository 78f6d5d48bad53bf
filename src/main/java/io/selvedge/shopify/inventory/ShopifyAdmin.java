package io.selvedge.shopify.inventory;

import io.selvedge.shopify.ShopifySettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shopify's Admin GraphQL API, as much as the push needs: {@code inventorySetQuantities} (at most 250 quantities a
 * call, compare-and-set) and reading levels back ({@code nodes} of InventoryLevel ids). Every call waits for its
 * estimated cost in the {@link LeakyBucket}; every answer's {@code throttleStatus} resets the bucket, and a
 * {@code THROTTLED} answer is sent again after the wait it implies (or a {@code Retry-After}).
 */
final class ShopifyAdmin {

    static final int MAX_QUANTITIES = 250;
    static final String SET = "inventorySetQuantities";
    static final String READ = "inventoryLevels";

    static final String SET_MUTATION = """
            mutation inventorySetQuantities($input: InventorySetQuantitiesInput!) {
              inventorySetQuantities(input: $input) {
                inventoryAdjustmentGroup { reason }
                userErrors { code field message }
              }
            }""";

    static final String READ_QUERY = """
            query inventoryLevels($ids: [ID!]!) {
              nodes(ids: $ids) {
                ... on InventoryLevel { id quantities(names: ["available"]) { name quantity } }
              }
            }""";

    private static final int MAX_THROTTLED_TRIES = 20;

    /** One quantity to set: {@code compareQuantity} is what the hub last knew Shopify to have. */
    record Quantity(String sku, String inventoryItemId, long quantity, long compareQuantity) {
    }

    /** What {@code inventorySetQuantities} answered: applied, or refused (nothing applied) with the reasons per quantity. */
    record SetResult(boolean applied, List<Integer> stale, Map<Integer, String> refused) {
    }

    /** Shopify cannot be reached or will not serve the push now (transport, 5xx, auth): try again later. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final URI endpoint;
    private final String token;
    private final Duration timeout;
    private final JsonMapper json;
    private final LeakyBucket bucket;
    private final CostModel costs = new CostModel(10);
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong waitedMillis = new AtomicLong();

    ShopifyAdmin(ShopifySettings.Push settings, JsonMapper json, LongSupplier nanoTime) {
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
        this.endpoint = settings.endpoint();
        this.token = settings.accessToken();
        this.timeout = settings.requestTimeout();
        this.json = json;
        this.bucket = new LeakyBucket(settings.bucketSize(), settings.restoreRate(), nanoTime);
    }

    SetResult setQuantities(String locationId, List<Quantity> quantities) {
        if (quantities.isEmpty() || quantities.size() > MAX_QUANTITIES) {
            throw new IllegalArgumentException("1 to " + MAX_QUANTITIES + " quantities a call, not " + quantities.size());
        }
        List<Map<String, Object>> input = new ArrayList<>();
        for (Quantity q : quantities) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("inventoryItemId", "gid://shopify/InventoryItem/" + q.inventoryItemId());
            one.put("locationId", "gid://shopify/Location/" + locationId);
            one.put("quantity", q.quantity());
            one.put("compareQuantity", q.compareQuantity());
            input.add(one);
        }
        Map<String, Object> variables = Map.of("input", Map.of("name", "available", "reason", "correction", "quantities", input));
        JsonNode data = call(SET, quantities.size(), SET_MUTATION, variables).path(SET);
        List<Integer> stale = new ArrayList<>();
        Map<Integer, String> refused = new LinkedHashMap<>();
        for (JsonNode error : data.path("userErrors")) {
            String code = error.path("code").asString("");
            Integer index = quantityIndex(error.path("field"));
            if (index == null || index < 0 || index >= quantities.size()) {
                throw new Unavailable("inventorySetQuantities refused the call: " + code + " " + error.path("message").asString(""));
            }
            if (code.endsWith("_QUANTITY_STALE")) {
                stale.add(index);
            } else {
                refused.put(index, code + ": " + error.path("message").asString(""));
            }
        }
        return new SetResult(stale.isEmpty() && refused.isEmpty(), stale, refused);
    }

    /** Shopify's 'available' of each item at the location; an item not stocked there maps to null. */
    Map<String, Long> readLevels(String locationId, List<String> inventoryItemIds) {
        List<String> ids = inventoryItemIds.stream()
                .map(item -> "gid://shopify/InventoryLevel/" + locationId + "?inventory_item_id=" + item).toList();
        JsonNode nodes = call(READ, ids.size(), READ_QUERY, Map.of("ids", ids)).path("nodes");
        Map<String, Long> levels = new HashMap<>();
        for (int i = 0; i < inventoryItemIds.size(); i++) {
            JsonNode node = nodes.path(i);
            Long available = null;
            for (JsonNode q : node.path("quantities")) {
                if ("available".equals(q.path("name").asString("")) && q.path("quantity").isIntegralNumber()) {
                    available = q.path("quantity").longValue();
                }
            }
            levels.put(inventoryItemIds.get(i), available);
        }
        return levels;
    }

    private JsonNode call(String operation, int items, String query, Map<String, Object> variables) {
        String body = json.writeValueAsString(Map.of("query", query, "variables", variables));
        for (int attempt = 1; ; attempt++) {
            double estimate = costs.estimate(operation, items);
            pause((bucket.nanosUntil(estimate) + 999_999) / 1_000_000);
            bucket.take(estimate);
            HttpResponse<String> response = send(body);
            calls.incrementAndGet();
            double retryAfter = retryAfterSeconds(response);
            if (response.statusCode() == 429) {
                throttled.incrementAndGet();
                if (attempt >= MAX_THROTTLED_TRIES) {
                    throw new Unavailable("throttled " + attempt + " times in a row");
                }
                pause((long) (Math.max(retryAfter, 1) * 1000));
                continue;
            }
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new Unavailable("Shopify refused the access token (" + response.statusCode() + ")");
            }
            if (response.statusCode() != 200) {
                throw new Unavailable("Shopify answered " + response.statusCode());
            }
            JsonNode answer;
            try {
                answer = json.readTree(response.body());
            } catch (JacksonException e) {
                throw new Unavailable("Shopify's answer is not JSON");
            }
            JsonNode cost = answer.path("extensions").path("cost");
            JsonNode status = cost.path("throttleStatus");
            if (cost.path("requestedQueryCost").isNumber()) {
                costs.observe(operation, items, cost.path("requestedQueryCost").asDouble());
            }
            if (status.path("currentlyAvailable").isNumber()) {
                bucket.sync(status.path("maximumAvailable").asDouble(0), status.path("currentlyAvailable").asDouble(),
                        status.path("restoreRate").asDouble(0));
            }
            if (isThrottled(answer)) {
                throttled.incrementAndGet();
                if (attempt >= MAX_THROTTLED_TRIES) {
                    throw new Unavailable("throttled " + attempt + " times in a row");
                }
                double wait = LeakyBucket.secondsUntil(cost.path("requestedQueryCost").asDouble(costs.estimate(operation, items)),
                        status.path("currentlyAvailable").asDouble(0), status.path("restoreRate").asDouble(bucket.restoreRate()));
                pause((long) Math.ceil(Math.max(wait, retryAfter) * 1000));
                continue;
            }
            if (answer.path("errors").isArray() && !answer.path("errors").isEmpty()) {
                throw new Unavailable("Shopify's GraphQL errors: " + answer.path("errors").get(0).path("message").asString(""));
            }
            return answer.path("data");
        }
    }

    private HttpResponse<String> send(String body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json").header("X-Shopify-Access-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable("Shopify cannot be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }

    private void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        waitedMillis.addAndGet(millis);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }

    private static boolean isThrottled(JsonNode answer) {
        for (JsonNode error : answer.path("errors")) {
            if ("THROTTLED".equals(error.path("extensions").path("code").asString(""))) {
                return true;
            }
        }
        return false;
    }

    private static double retryAfterSeconds(HttpResponse<String> response) {
        try {
            return response.headers().firstValue("Retry-After").map(Double::parseDouble).orElse(0.0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code ["input", "quantities", "3", "compareQuantity"]} → 3. */
    private static Integer quantityIndex(JsonNode field) {
        for (int i = 0; i + 1 < field.size(); i++) {
            if ("quantities".equals(field.get(i).asString("")) && field.get(i + 1).asString("").matches("\\d{1,3}")) {
                return Integer.parseInt(field.get(i + 1).asString(""));
            }
        }
        return null;
    }

    Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("calls", calls.get());
        s.put("throttled", throttled.get());
        s.put("waitedMillis", waitedMillis.get());
        s.put("bucketSize", bucket.capacity());
        s.put("restoreRate", bucket.restoreRate());
        s.put("available", Math.floor(bucket.available()));
        return s;
    }
}

package io.selvedge.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The inventory push against a local Shopify ({@link FakeShopify}) that enforces a 200-point bucket restored at 10
 * points a second, charges 1 + ceil(n/10) a call, throttles, refuses calls over 250 quantities and races the hub with
 * its own sales. Thousands of availability changes are driven through the public API (movements at WH1, the web
 * channel's location); the SKUs are mapped by products webhooks. Then: every SKU's quantity at Shopify is the hub's web
 * available, no call carried more than 250 quantities, and the bucket was used at ≥ 90% of its restore rate.
 */
class ShopifyInventoryPushIntegrationTest extends IntegrationTest {

    /**
     * A small plan: the limits scaled down from the documented 1000 points at 50 a second, so that the bucket, not this
     * shared test machine's speed, is what limits the push (it needs 0.4 full calls a second to keep up).
     */
    private static final double BUCKET = 200;
    private static final double RESTORE = 10;
    private static final String LOCATION = "24826418";
    private static final FakeShopify SHOPIFY;

    static {
        try {
            SHOPIFY = new FakeShopify(BUCKET, RESTORE, 7, LOCATION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void shopify(DynamicPropertyRegistry registry) {
        registry.add("selvedge.shopify.push.base-url", SHOPIFY::baseUrl);
        registry.add("selvedge.shopify.push.access-token", () -> FakeShopify.TOKEN);
        registry.add("selvedge.shopify.push.poll-interval", () -> "100ms");
    }

    private static final List<String> COLOURS = List.of("NAVY", "BLACK", "OLIVE", "SAND");
    private static final List<String> SIZES = List.of("S", "M", "L", "XL", "2XL");

    @Test
    void pushesEveryChangeCoalescedWithinTheRateLimitAndLosesNone() throws Exception {
        ShopifyWebhooks webhooks = new ShopifyWebhooks(port);
        Random random = new Random(7);
        Map<String, String> items = new LinkedHashMap<>();
        long nextId = 900_000_000_000_000_000L + (System.nanoTime() % 1_000_000) * 10_000;
        List<String> productWebhooks = new ArrayList<>();
        for (int s = 0; s < 50; s++) {
            String style = unique("PUSH");
            Map<String, Object> body = Fixtures.anyStyle(style);
            List<Map<String, Object>> variants = new ArrayList<>();
            ArrayNode shopifyVariants = ShopifySamples.JSON.createArrayNode();
            for (String colour : COLOURS) {
                for (String size : SIZES) {
                    String sku = style + "-" + colour + "-" + size;
                    variants.add(Map.of("sku", sku, "colour", colour, "size", size));
                    String item = Long.toString(nextId++);
                    items.put(sku, item);
                    SHOPIFY.stock(item, random.nextInt(6));
                    shopifyVariants.add(ShopifySamples.JSON.createObjectNode().put("id", new BigInteger(Long.toString(nextId++)))
                            .put("sku", sku).put("inventory_item_id", new BigInteger(item)));
                }
            }
            body.put("colours", COLOURS.stream().map(c -> Map.of("code", c, "name", c)).toList());
            body.put("sizes", SIZES);
            body.put("variants", variants);
            assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, body).status()).isEqualTo(200);
            ObjectNode product = ShopifySamples.JSON.createObjectNode().put("id", new BigInteger(Long.toString(nextId++)));
            product.set("variants", shopifyVariants);
            String webhookId = unique("products");
            assertThat(webhooks.deliver("products/update", webhookId, product).status()).isEqualTo(200);
            productWebhooks.add(webhookId);
        }
        for (String webhookId : productWebhooks) {
            awaitProcessed(webhookId);
        }

        // thousands of changes, every SKU again and again, until the bucket has been the limit for a while
        List<String> skus = new ArrayList<>(items.keySet());
        ExecutorService drivers = Executors.newFixedThreadPool(2);
        long started = System.nanoTime();
        int changes = 0;
        for (int round = 0; round < 200; round++) {
            List<Future<Integer>> posted = new ArrayList<>();
            for (int chunk = 0; chunk < skus.size(); chunk += 100) {
                List<String> part = skus.subList(chunk, Math.min(chunk + 100, skus.size()));
                boolean adjust = round % 3 == 2;
                String movementId = unique(adjust ? "ADJ" : "RCV");
                List<Object> lines = new ArrayList<>();
                for (String sku : part) {
                    lines.add(sku);
                    lines.add(adjust ? -1 : 1 + random.nextInt(3));
                }
                posted.add(drivers.submit(() -> api(ERP).post("/api/v1/inventory/movements",
                        Fixtures.movement(movementId, adjust ? "ADJUSTMENT" : "RECEIPT", "WH1", lines.toArray())).status()));
                changes += part.size();
            }
            for (Future<Integer> status : posted) {
                assertThat(status.get()).isEqualTo(201);
            }
            if (round >= 3 && busySeconds() >= 10) {
                break;
            }
            assertThat(System.nanoTime() - started).as("the bucket never became the limit: %s calls, push %s", SHOPIFY.calls().size(),
                    api(OPS).get("/api/v1/shopify/inventory").body()).isLessThan(150_000_000_000L);
        }
        drivers.shutdown();

        long lastSequence = 0;
        for (JsonNode row : api(ERP).get("/api/v1/inventory/availability?location=WH1").json()) {
            lastSequence = Math.max(lastSequence, row.get("sequence").asLong());
        }
        JsonNode status = awaitCaughtUp(lastSequence);

        Map<String, Long> hub = new HashMap<>();
        for (JsonNode row : api(WEB).get("/api/v1/inventory/availability?channel=web").json()) {
            hub.put(row.get("sku").asString(), row.get("available").asLong());
        }
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> e : items.entrySet()) {
            long want = hub.getOrDefault(e.getKey(), 0L);
            Long got = SHOPIFY.available(e.getValue());
            if (got == null || got != want) {
                wrong.add(e.getKey() + " hub " + want + " shopify " + got);
            }
        }
        assertThat(wrong).as("every SKU at Shopify is the hub's web available").isEmpty();
        assertThat(SHOPIFY.maxQuantities()).isLessThanOrEqualTo(250);
        assertThat(SHOPIFY.oversized()).isZero();
        assertThat(SHOPIFY.races()).as("Shopify sold under the hub's feet").isPositive();
        assertThat(SHOPIFY.stale()).as("and the compare-and-set caught it").isPositive();
        assertThat(status.get("refused").asLong()).isZero();

        Utilisation use = utilisation();
        System.out.printf("shopify push: %d changes driven, %d calls (%d throttled, %d stale), at most %d quantities a call; "
                        + "busy %.1f s after the bucket drained: %.0f points used of %.0f restored = %.1f%% of the restore rate%n",
                changes, SHOPIFY.calls().size(), SHOPIFY.calls().stream().filter(FakeShopify.Call::throttled).count(), SHOPIFY.stale(),
                SHOPIFY.maxQuantities(), use.seconds(), use.used(), use.restored(), 100 * use.share());
        assertThat(use.seconds()).isGreaterThanOrEqualTo(5);
        assertThat(use.share()).as("the limit used at ≥ 90%").isGreaterThanOrEqualTo(0.9);
    }

    /** What a call of 250 quantities costs: 1 + ceil(250 / 10). */
    private static final double FULL_CALL = 26;

    record Utilisation(double seconds, double used, double restored) {

        double share() {
            return used / restored;
        }
    }

    /**
     * The busy period: from the first call that left the bucket with less than a full call's cost (the initial points
     * spent) to the last call. Restored: restore rate × its length. Used: what the calls after its start spent, less the
     * points already in the bucket at its start; so restored − used is what was left in the bucket at the end or lost
     * to a full bucket while the push idled.
     */
    private static Utilisation utilisation() {
        List<FakeShopify.Call> calls = SHOPIFY.calls().stream().filter(c -> !c.throttled()).toList();
        int start = -1;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).levelAfter() < FULL_CALL) {
                start = i;
                break;
            }
        }
        if (start < 0 || start == calls.size() - 1) {
            return new Utilisation(0, 0, 1);
        }
        double used = -calls.get(start).levelAfter();
        for (int i = start + 1; i < calls.size(); i++) {
            used += calls.get(i).cost();
        }
        double seconds = (calls.get(calls.size() - 1).nanos() - calls.get(start).nanos()) / 1e9;
        return new Utilisation(seconds, used, RESTORE * seconds);
    }

    private static double busySeconds() {
        return utilisation().seconds();
    }

    private void awaitProcessed(String webhookId) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            var response = api(OPS).get("/api/v1/shopify/webhooks/" + webhookId);
            if (response.status() == 200 && !response.json().get("status").asString().equals("PENDING")) {
                assertThat(response.json().get("status").asString()).as(response.body()).isEqualTo("PROCESSED");
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("products webhook " + webhookId + " was not processed");
    }

    private JsonNode awaitCaughtUp(long lastSequence) throws InterruptedException {
        JsonNode status = null;
        for (int i = 0; i < 1200; i++) {
            status = api(OPS).get("/api/v1/shopify/inventory").json();
            if (status.get("cursor").asLong() >= lastSequence && status.get("due").asLong() == 0) {
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the push did not catch up: " + status);
    }
}

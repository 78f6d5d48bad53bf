package io.selvedge.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shopify webhooks through {@code POST /webhooks/shopify/{topic}}, on the sample payloads of ../shared/samples/shopify
 * and on hostile input, checked through the public API (the deliveries' outcomes, orders' returnable lines, stock,
 * customers).
 */
class ShopifyWebhooksIntegrationTest extends IntegrationTest {

    private static final String ORDER = "gadget-metadatas-2026-01/orders/create.json";
    private static final String REFUND = "gadget-metadatas-2026-01/refunds/create.json";
    private static final String CUSTOMER = "gadget-metadatas-2026-01/customers/create.json";
    private static final String LEVEL = "gadget-metadatas-2024-04/inventory_levels/update.json";
    private static final String PRODUCT = "gadget-metadatas-2026-01/products/update.json";
    /** The SKUs of the sample order's five lines, in order, and of the classic fixture's three. */
    private static final List<String> SAMPLE_SKUS = List.of("SKU2006-001", "LENS-PROTECT-2YR", "CASE-LEATHER-PREM", "SKU2006-020",
            "SKU2006-035", "IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK");
    /** Ids above 2^53, as Shopify's are, unique per test. */
    private static final AtomicLong IDS = new AtomicLong(820982911946154508L + (System.nanoTime() % 1_000_000) * 1000);

    private final JdbcClient jdbc;
    private ShopifyWebhooks shopify;

    @Autowired
    ShopifyWebhooksIntegrationTest(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @BeforeEach
    void sampleCatalogueWithStock() {
        shopify = new ShopifyWebhooks(port);
        List<String> sizes = List.of("S", "M", "L", "XL", "2XL", "3XL", "4XL", "5XL");
        List<Map<String, Object>> variants = new ArrayList<>();
        for (int i = 0; i < SAMPLE_SKUS.size(); i++) {
            variants.add(Map.of("sku", SAMPLE_SKUS.get(i), "colour", "NAVY", "size", sizes.get(i)));
        }
        Map<String, Object> style = Fixtures.anyStyle("SHOPIFY-SAMPLE");
        style.put("sizes", sizes);
        style.put("variants", variants);
        assertThat(api(ERP).put("/api/v1/catalog/styles/SHOPIFY-SAMPLE", style).status()).isEqualTo(200);
        List<Object> lines = new ArrayList<>();
        SAMPLE_SKUS.forEach(sku -> {
            lines.add(sku);
            lines.add(10);
        });
        assertThat(api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", "WH1", lines.toArray()))
                .status()).isEqualTo(201);
    }

    // --- orders ---

    @Test
    void answersOnceKeptThenRecordsTheSampleOrderAsAWebOrderWithItsExactId() {
        String id = nextId();
        long before = available("SKU2006-020");
        var answer = shopify.deliver("orders/create", unique("wh"), order(id));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.millis()).as("well within Shopify's 5 s").isLessThan(5000);
        assertThat(answer.json().get("status").asString()).isEqualTo("ACCEPTED");

        JsonNode outcome = settled(answer.json().get("webhookId").asString());
        assertThat(outcome.get("status").asString()).as(outcome.toString()).isEqualTo("PROCESSED");
        assertThat(outcome.get("subject").asString()).isEqualTo("shopify:" + id);
        assertThat(outcome.get("reason").asString()).contains("order-level discount 20.00").contains("shipping, duties and fees of 10.00");

        JsonNode returnable = api(WEB).get("/api/v1/returns/returnable?orderRef=shopify:" + id).json();
        assertThat(returnable.get("channel").asString()).isEqualTo("web");
        assertThat(returnable.get("lines")).hasSize(5);
        assertThat(returnable.get("lines").get(0).get("sku").asString()).isEqualTo("SKU2006-001");
        // 414.95 of goods, less the 20.00 order discount spread over the lines; shipping (10.00) is not goods
        assertThat(returnable.get("payments").get(0).get("type").asString()).isEqualTo("CARD");
        assertThat(returnable.get("payments").get(0).get("brand").asString()).isEqualTo("VISA");
        assertThat(returnable.get("payments").get(0).get("refundable").asString()).isEqualTo("394.95");
        assertThat(available("SKU2006-020")).isEqualTo(before - 1);
    }

    @Test
    void theGadgetSampleAsWrittenIsACancelledOrderAndPostsNothing() {
        long before = available("SKU2006-001");
        var answer = shopify.deliver("orders/create", unique("wh"), ShopifySamples.payload(ORDER));
        JsonNode outcome = settled(answer.json().get("webhookId").asString());
        assertThat(outcome.get("status").asString()).isEqualTo("IGNORED");
        assertThat(outcome.get("subject").asString()).as("the number as written, never through a double").isEqualTo("shopify:820982911946154500");
        assertThat(outcome.get("reason").asString()).contains("cancelled before the hub recorded it");
        assertThat(available("SKU2006-001")).isEqualTo(before);
    }

    @Test
    void theClassicFixtureOrderDoesNotAddUpAndIsRefusedNamingTheField() {
        var answer = shopify.deliver("orders/create", unique("wh"), ShopifySamples.bytes("shopify_python_api-fixtures/order.json"));
        assertThat(answer.status()).isEqualTo(200);
        JsonNode outcome = settled(answer.json().get("webhookId").asString());
        // the fixture wraps the order in "order": no id at the top
        assertThat(outcome.get("status").asString()).isEqualTo("REFUSED");
        assertThat(outcome.get("reason").asString()).contains("id: is required");

        var unwrapped = shopify.deliver("orders/create", unique("wh"), ShopifySamples.payload("shopify_python_api-fixtures/order.json"));
        JsonNode refused = settled(unwrapped.json().get("webhookId").asString());
        assertThat(refused.get("status").asString()).isEqualTo("REFUSED");
        // three lines of 199.00 against total_line_items_price 398.00
        assertThat(refused.get("reason").asString())
                .contains("total_line_items_price: is 398.00 but the line items' price × quantity come to 597.00");
        assertThat(api(WEB).get("/api/v1/returns/returnable?orderRef=shopify:450789469").status()).isEqualTo(404);
    }

    @Test
    void anUnknownSkuRefusesTheOrderNamingItsLine() {
        String id = nextId();
        ObjectNode order = order(id);
        ((ObjectNode) order.get("line_items").get(2)).put("sku", "NOT-IN-CATALOGUE");
        JsonNode outcome = settled(shopify.deliver("orders/create", unique("wh"), order).json().get("webhookId").asString());
        assertThat(outcome.get("status").asString()).isEqualTo("REFUSED");
        assertThat(outcome.get("reason").asString()).contains("line_items[2].sku: 'NOT-IN-CATALOGUE' is not in the catalogue");
        assertThat(api(WEB).get("/api/v1/returns/returnable?orderRef=shopify:" + id).status()).isEqualTo(404);
    }

    @Test
    void ordersUpdatedRecordsNothingTwiceNorAnEditAndLeavesACancellationToItsRefund() {
        String id = nextId();
        assertThat(settled(shopify.deliver("orders/create", unique("wh"), order(id)).json().get("webhookId").asString())
                .get("status").asString()).isEqualTo("PROCESSED");
        long stock = available("SKU2006-001");

        ObjectNode fulfilled = order(id);
        fulfilled.put("fulfillment_status", "fulfilled");
        JsonNode same = settled(shopify.deliver("orders/updated", unique("wh"), fulfilled).json().get("webhookId").asString());
        assertThat(same.get("status").asString()).isEqualTo("IGNORED");
        assertThat(same.get("reason").asString()).contains("already recorded");

        ObjectNode edited = order(id);
        ((ObjectNode) edited.get("line_items").get(0)).put("sku", "IPOD2008RED");
        JsonNode edit = settled(shopify.deliver("orders/updated", unique("wh"), edited).json().get("webhookId").asString());
        assertThat(edit.get("status").asString()).isEqualTo("REFUSED");
        assertThat(edit.get("reason").asString()).contains("edited after the hub recorded it");

        ObjectNode cancelled = order(id);
        cancelled.put("cancelled_at", "2026-11-28T10:00:00-05:00");
        JsonNode cancel = settled(shopify.deliver("orders/updated", unique("wh"), cancelled).json().get("webhookId").asString());
        assertThat(cancel.get("status").asString()).isEqualTo("IGNORED");
        assertThat(cancel.get("reason").asString()).contains("refunds/create");
        assertThat(available("SKU2006-001")).isEqualTo(stock);
    }

    @Test
    void anOrdersUpdatedBeforeItsCreateRecordsTheOrder() {
        String id = nextId();
        JsonNode outcome = settled(shopify.deliver("orders/updated", unique("wh"), order(id)).json().get("webhookId").asString());
        assertThat(outcome.get("status").asString()).isEqualTo("PROCESSED");
        assertThat(outcome.get("reason").asString()).contains("had not recorded it from orders/create");
        JsonNode late = settled(shopify.deliver("orders/create", unique("wh"), order(id)).json().get("webhookId").asString());
        assertThat(late.get("status").asString()).isEqualTo("IGNORED");
    }

    // --- refunds ---

    @Test
    void theSampleRefundGivesEveryLineBackUnrestockedAndRefundsWhatWasPaidBack() {
        String id = nextId();
        settled(shopify.deliver("orders/create", unique("wh"), order(id)).json().get("webhookId").asString());
        long onHand = onHand("SKU2006-020");

        JsonNode outcome = settled(shopify.deliver("refunds/create", unique("wh"), refund(nextId(), id)).json().get("webhookId").asString());
        assertThat(outcome.get("status").asString()).as(outcome.toString()).isEqualTo("PROCESSED");
        assertThat(outcome.get("subject").asString()).startsWith("shopify:refund:");
        // 75.00 + 10.00 refunded for five lines worth 394.95
        assertThat(outcome.get("reason").asString()).contains("refunded 85.00 for lines worth 394.95");

        JsonNode returnable = api(WEB).get("/api/v1/returns/returnable?orderRef=shopify:" + id).json();
        for (JsonNode line : returnable.get("lines")) {
            assertThat(line.get("returned").asLong()).isEqualTo(1);
        }
        assertThat(returnable.get("payments").get(0).get("refundable").asString()).isEqualTo("309.95");
        assertThat(onHand("SKU2006-020")).as("no_restock: into damaged, never on-hand").isEqualTo(onHand);

        JsonNode again = settled(shopify.deliver("refunds/create", unique("wh"), refund(outcome.get("subject").asString()
                .substring("shopify:refund:".length()), id)).json().get("webhookId").asString());
        assertThat(again.get("status").asString()).as("the same refund under a new webhook id").isEqualTo("IGNORED");
        assertThat(api(WEB).get("/api/v1/returns/returnable?orderRef=shopify:" + id).json().get("payments").get(0).get("refundable")
                .asString()).isEqualTo("309.95");
    }

    @Test
    void aRestockedRefundPutsTheUnitBackAtTheMappedLocationAndAnUnmappedOneIsRefused() {
        String id = nextId();
        settled(shopify.deliver("orders/create", unique("wh"), order(id)).json().get("webhookId").asString());
        long onHand = onHand("SKU2006-001");

        ObjectNode unmapped = refund(nextId(), id);
        onlyFirstLine(unmapped, "return", "999");
        JsonNode refused = settled(shopify.deliver("refunds/create", unique("wh"), unmapped).json().get("webhookId").asString());
        assertThat(refused.get("status").asString()).isEqualTo("REFUSED");
        assertThat(refused.get("reason").asString()).contains("refund_line_items[0].location_id: Shopify location 999 is not mapped");

        ObjectNode restocked = refund(nextId(), id);
        onlyFirstLine(restocked, "return", "24826418");
        JsonNode outcome = settled(shopify.deliver("refunds/create", unique("wh"), restocked).json().get("webhookId").asString());
        assertThat(outcome.get("status").asString()).as(outcome.toString()).isEqualTo("PROCESSED");
        assertThat(onHand("SKU2006-001")).isEqualTo(onHand + 1);
        JsonNode line = api(WEB).get("/api/v1/returns/returnable?orderRef=shopify:" + id).json().get("lines").get(0);
        assertThat(line.get("returned").asLong()).isEqualTo(1);
        // the line paid 85.65 (89.99 less its share of the order discount); 85.00 went back
        assertThat(line.get("refunded").asString()).isEqualTo("85.00");
    }

    @Test
    void aRefundBeforeItsOrderWaitsThenPostsWhenTheOrderArrives() {
        String id = nextId();
        var early = shopify.deliver("refunds/create", unique("wh"), refund(nextId(), id));
        JsonNode waiting = settled(early.json().get("webhookId").asString());
        assertThat(waiting.get("status").asString()).isEqualTo("RETRY");
        assertThat(waiting.get("waitingFor").asString()).isEqualTo("shopify:" + id);

        settled(shopify.deliver("orders/create", unique("wh"), order(id)).json().get("webhookId").asString());
        JsonNode posted = settledAs(early.json().get("webhookId").asString(), "PROCESSED");
        assertThat(posted.get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void theClassicFixtureRefundWaitsForAnOrderThatNeverCame() {
        var answer = shopify.deliver("refunds/create", unique("wh"), ShopifySamples.payload("shopify_python_api-fixtures/refund.json"));
        JsonNode outcome = settled(answer.json().get("webhookId").asString());
        assertThat(outcome.get("status").asString()).isEqualTo("RETRY");
        assertThat(outcome.get("reason").asString()).contains("shopify:450789469 is not recorded yet");
        assertThat(outcome.get("nextAttemptAt").isNull()).isFalse();
    }

    // --- customers, levels, products ---

    @Test
    void customersCreateAndUpdateResolveToOneCustomerLinkedToTheShopifyId() {
        String id = nextId();
        String email = unique("bob") + "@biller.com";
        ObjectNode customer = ShopifySamples.payload(CUSTOMER);
        customer.put("id", new BigInteger(id));
        customer.put("email", email);
        JsonNode created = settled(shopify.deliver("customers/create", unique("wh"), customer).json().get("webhookId").asString());
        assertThat(created.get("status").asString()).isEqualTo("PROCESSED");
        String customerId = created.get("subject").asString();
        assertThat(customerId).startsWith("C-");

        JsonNode view = api(OPS).get("/api/v1/customers?source=shopify&sourceId=" + id).json();
        assertThat(view.get("customerId").asString()).isEqualTo(customerId);
        assertThat(view.get("email").asString()).isEqualTo(email);
        assertThat(view.get("lastName").asString()).isEqualTo("Biller");

        customer.put("last_name", "Builder");
        customer.put("phone", "not a phone");
        JsonNode updated = settled(shopify.deliver("customers/update", unique("wh"), customer).json().get("webhookId").asString());
        assertThat(updated.get("status").asString()).isEqualTo("PROCESSED");
        assertThat(updated.get("subject").asString()).isEqualTo(customerId);
        assertThat(updated.get("reason").asString()).contains("customer.phone").contains("left out").doesNotContain("not a phone");
        assertThat(api(OPS).get("/api/v1/customers/" + customerId).json().get("lastName").asString()).isEqualTo("Builder");
    }

    @Test
    void theSampleCustomerIsRecordedAsWritten() {
        JsonNode outcome = settled(shopify.deliver("customers/create", unique("wh"), ShopifySamples.payload(CUSTOMER)).json()
                .get("webhookId").asString());
        assertThat(outcome.get("status").asString()).isEqualTo("PROCESSED");
        assertThat(outcome.get("reason").asString()).contains("admin_graphql_api_id …/706405506930370084 differ");
    }

    @Test
    void inventoryLevelsAreKeptAsShopifysViewAndNeverPostedToTheLedger() {
        JsonNode untracked = settled(shopify.deliver("inventory_levels/update", unique("wh"), ShopifySamples.payload(LEVEL)).json()
                .get("webhookId").asString());
        assertThat(untracked.get("status").asString()).isEqualTo("IGNORED");
        assertThat(untracked.get("reason").asString()).contains("available is null");

        String item = nextId();
        mapItem("SKU2006-035", item);
        long onHand = onHand("SKU2006-035");
        ObjectNode level = ShopifySamples.payload(LEVEL);
        level.put("inventory_item_id", new BigInteger(item));
        level.put("available", 3);
        level.put("admin_graphql_api_id", "gid://shopify/InventoryLevel/24826418?inventory_item_id=" + item);
        JsonNode kept = settled(shopify.deliver("inventory_levels/update", unique("wh"), level).json().get("webhookId").asString());
        assertThat(kept.get("status").asString()).isEqualTo("PROCESSED");
        assertThat(kept.get("subject").asString()).isEqualTo("SKU2006-035");
        assertThat(kept.get("reason").asString()).contains("Shopify has 3 available at WH1").contains("drift");
        assertThat(onHand("SKU2006-035")).isEqualTo(onHand);

        level.put("available", 1);
        level.put("updated_at", "2020-01-01T00:00:00-05:00");
        JsonNode older = settled(shopify.deliver("inventory_levels/update", unique("wh"), level).json().get("webhookId").asString());
        assertThat(older.get("status").asString()).isEqualTo("IGNORED");
        assertThat(older.get("reason").asString()).contains("older than the level already kept");
    }

    @Test
    void productsTeachVariantsOfKnownSkusOnlySoAnOrderLineMayNameJustItsVariant() {
        JsonNode sample = settled(shopify.deliver("products/update", unique("wh"), ShopifySamples.payload(PRODUCT)).json()
                .get("webhookId").asString());
        assertThat(sample.get("status").asString()).isEqualTo("IGNORED");
        assertThat(sample.get("reason").asString()).contains("2 variant(s) without a SKU skipped");

        String variant = nextId();
        ObjectNode product = ShopifySamples.payload(PRODUCT);
        ((ObjectNode) product.get("variants").get(0)).put("sku", "SKU2006-001").put("id", new BigInteger(variant))
                .put("inventory_item_id", new BigInteger(nextId()));
        ((ObjectNode) product.get("variants").get(1)).put("sku", "NOT-OURS");
        JsonNode mapped = settled(shopify.deliver("products/update", unique("wh"), product).json().get("webhookId").asString());
        assertThat(mapped.get("status").asString()).isEqualTo("PROCESSED");
        assertThat(mapped.get("reason").asString()).contains("1 variant(s) and 1 inventory item(s) newly mapped")
                .contains("1 SKU(s) not in the catalogue skipped");

        String id = nextId();
        ObjectNode order = order(id);
        ((ObjectNode) order.get("line_items").get(0)).putNull("sku").put("variant_id", new BigInteger(variant));
        JsonNode outcome = settled(shopify.deliver("orders/create", unique("wh"), order).json().get("webhookId").asString());
        assertThat(outcome.get("status").asString()).as(outcome.toString()).isEqualTo("PROCESSED");
        assertThat(api(WEB).get("/api/v1/returns/returnable?orderRef=shopify:" + id).json().get("lines").get(0).get("sku").asString())
                .isEqualTo("SKU2006-001");
    }

    // --- every sample file ---

    @Test
    void everySampleFileIsAnsweredAndSettles() {
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("gadget-metadatas-2024-04/inventory_levels/update.json", "inventory_levels/update=IGNORED");
        topics.put("gadget-metadatas-2026-01/customers/create.json", "customers/create=PROCESSED");
        topics.put("gadget-metadatas-2026-01/order_transactions/create.json", "order_transactions/create=404");
        topics.put("gadget-metadatas-2026-01/orders/create.json", "orders/create=IGNORED");
        topics.put("gadget-metadatas-2026-01/products/update.json", "products/update=IGNORED");
        topics.put("gadget-metadatas-2026-01/refunds/create.json", "refunds/create=RETRY");
        topics.put("shopify_python_api-fixtures/order.json", "orders/create=REFUSED");
        topics.put("shopify_python_api-fixtures/refund.json", "refunds/create=RETRY");
        // not webhook bodies: an order topic refuses them
        topics.put("shopify_python_api-fixtures/payouts_transactions.json", "orders/create=REFUSED");
        topics.put("shopify_python_api-fixtures/tender_transactions.json", "orders/create=REFUSED");
        topics.put("shopify_python_api-fixtures/transactions.json", "orders/create=REFUSED");
        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(ShopifySamples.all());
        topics.forEach((file, expected) -> {
            String topic = expected.substring(0, expected.indexOf('='));
            String status = expected.substring(expected.indexOf('=') + 1);
            byte[] body = file.startsWith("gadget") || file.endsWith("/order.json") || file.endsWith("/refund.json")
                    ? ShopifySamples.JSON.writeValueAsBytes(ShopifySamples.payload(file)) : ShopifySamples.bytes(file);
            var answer = shopify.deliver(topic, unique("wh"), body);
            if (status.equals("404")) {
                assertThat(answer.status()).as(file).isEqualTo(404);
                return;
            }
            assertThat(answer.status()).as(file).isEqualTo(200);
            JsonNode outcome = settled(answer.json().get("webhookId").asString());
            assertThat(outcome.get("status").asString()).as(file + ": " + outcome).isEqualTo(status);
            assertThat(outcome.get("reason").isNull() ? "" : outcome.get("reason").asString()).as("no personal data in a reason")
                    .doesNotContain("bob@biller.com").doesNotContain("john@example.com").doesNotContain("Biller");
        });
    }

    // --- hostile input ---

    @Test
    void aBadOrMissingSignatureIs401AndNothingIsKept() {
        byte[] body = ShopifySamples.JSON.writeValueAsBytes(order(nextId()));
        String webhookId = unique("wh");
        var forged = shopify.deliver("orders/create", webhookId, body, ShopifyWebhooks.hmac(body, "not-the-secret"), Map.of());
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.headers().get("content-type").get(0)).startsWith("application/problem+json");
        var unsigned = shopify.deliver("orders/create", webhookId, body, null, Map.of());
        assertThat(unsigned.status()).isEqualTo(401);
        byte[] tampered = body.clone();
        tampered[tampered.length - 2] = (byte) ' ';
        assertThat(shopify.deliver("orders/create", webhookId, tampered, ShopifyWebhooks.hmac(body, ShopifyWebhooks.SECRET), Map.of()).status())
                .isEqualTo(401);
        // a bad signature is refused before the body is parsed: not even JSON matters
        assertThat(shopify.deliver("orders/create", webhookId, "{{{".getBytes(StandardCharsets.UTF_8), "AAAA", Map.of()).status()).isEqualTo(401);
        assertThat(api(OPS).get("/api/v1/shopify/webhooks/" + webhookId).status()).isEqualTo(404);
    }

    @Test
    void aBodyOverTheLimitIs413WithoutBeingRead() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/shopify/orders/create HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "X-Shopify-Webhook-Id: huge\r\nX-Shopify-Hmac-SHA256: AAAA\r\nContent-Length: 104857600\r\n\r\n{\"id\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 413");
        }
        // no length given (chunked): read up to the limit, then refused
        byte[] big = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/shopify/orders/create"))
                .header("Content-Type", "application/json").header("X-Shopify-Webhook-Id", unique("wh"))
                .header("X-Shopify-Hmac-SHA256", ShopifyWebhooks.hmac(big, ShopifyWebhooks.SECRET))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
        assertThat(ShopifyWebhooks.send(chunked).status()).isEqualTo(413);
    }

    @Test
    void malformedJsonWithAGoodSignatureIsKeptThenRefusedWithTheReason() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        for (String body : List.of("{\"id\": 1, \"line_items\": [", "[1, 2, 3]", deep, "not json at all")) {
            var answer = shopify.deliver("orders/create", unique("wh"), body.getBytes(StandardCharsets.UTF_8));
            assertThat(answer.status()).isEqualTo(200);
            JsonNode outcome = settled(answer.json().get("webhookId").asString());
            assertThat(outcome.get("status").asString()).isEqualTo("REFUSED");
            assertThat(outcome.get("reason").asString()).containsAnyOf("not well-formed JSON", "not a JSON object");
        }
        byte[] latin1 = "{\"note\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        JsonNode notUtf8 = settled(shopify.deliver("orders/create", unique("wh"), latin1).json().get("webhookId").asString());
        assertThat(notUtf8.get("status").asString()).isEqualTo("REFUSED");
        assertThat(notUtf8.get("reason").asString()).contains("not UTF-8");
    }

    @Test
    void aCardNumberIsNeverKeptWhileShopifyIdsAreNotMistakenForOne() {
        ObjectNode order = order(nextId());
        order.put("note", "paid with 4111 1111 1111 1111 exp 12/29");
        String webhookId = unique("wh");
        var answer = shopify.deliver("orders/create", webhookId, order);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode outcome = settled(webhookId);
        assertThat(outcome.get("status").asString()).isEqualTo("REFUSED");
        assertThat(outcome.get("reason").asString()).contains("card number").doesNotContain("4111");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM shopify_webhook WHERE webhook_id = ? AND body IS NULL").param(webhookId)
                .query(Long.class).single()).isEqualTo(1);

        // 18-digit ids starting with 4 (a Visa prefix) and passing Luhn are ids, not card numbers
        ObjectNode luhnIds = order(nextId());
        ((ObjectNode) luhnIds.get("line_items").get(0)).put("id", new BigInteger("411111111111111111"))
                .put("admin_graphql_api_id", "gid://shopify/LineItem/4111111111111111");
        JsonNode ok = settled(shopify.deliver("orders/create", unique("wh"), luhnIds).json().get("webhookId").asString());
        assertThat(ok.get("status").asString()).as(ok.toString()).isEqualTo("PROCESSED");
    }

    @Test
    void aRepeatedWebhookIdHasTheEffectOfOneAndAnotherBodyUnderItIsAConflict() {
        String id = nextId();
        byte[] body = ShopifySamples.JSON.writeValueAsBytes(order(id));
        String webhookId = unique("wh");
        long before = available("SKU2006-035");
        assertThat(shopify.deliver("orders/create", webhookId, body).json().get("status").asString()).isEqualTo("ACCEPTED");
        var again = shopify.deliver("orders/create", webhookId, body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asString()).isEqualTo("DUPLICATE");
        assertThat(again.headers().get("idempotent-replay")).containsExactly("true");
        settled(webhookId);
        assertThat(available("SKU2006-035")).isEqualTo(before - 1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM shopify_webhook WHERE webhook_id = ?").param(webhookId).query(Long.class).single()).isEqualTo(1);

        var conflict = shopify.deliver("orders/create", webhookId, ShopifySamples.JSON.writeValueAsBytes(order(nextId())));
        assertThat(conflict.status()).isEqualTo(409);
    }

    @Test
    void anUnmappedTopicIs404AndHeadersThatAreNotShopifysAre400() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(shopify.deliver("order_transactions/create", unique("wh"), body).status()).isEqualTo(404);
        var noId = shopify.deliver("orders/create", null, body);
        assertThat(noId.status()).isEqualTo(400);
        assertThat(noId.json().get("errors").get(0).get("field").asString()).isEqualTo("X-Shopify-Webhook-Id");
        var otherTopic = shopify.deliver("orders/create", unique("wh"), body, ShopifyWebhooks.hmac(body, ShopifyWebhooks.SECRET),
                Map.of("X-Shopify-Topic", "orders/paid"));
        assertThat(otherTopic.status()).isEqualTo(400);
    }

    @Test
    void operationsListRecentDeliveriesWithTheirOutcomeButNeverTheirBodies() {
        ObjectNode order = order(nextId());
        ((ObjectNode) order.get("line_items").get(1)).put("sku", "NOPE");
        String webhookId = unique("wh");
        settled(shopify.deliver("orders/create", webhookId, order).json().get("webhookId").asString());
        var listed = api(OPS).get("/api/v1/shopify/webhooks?status=REFUSED&topic=orders/create&limit=1000");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get("counts").get("REFUSED").asLong()).isPositive();
        JsonNode row = null;
        for (JsonNode r : listed.json().get("webhooks")) {
            if (r.get("webhookId").asString().equals(webhookId)) {
                row = r;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.has("body")).isFalse();
        assertThat(row.get("reason").asString()).contains("line_items[1].sku");
        assertThat(listed.body()).doesNotContain("john@example.com");
        assertThat(anonymous().get("/api/v1/shopify/webhooks").status()).isEqualTo(401);
        assertThat(api(OPS).get("/api/v1/shopify/webhooks?status=LOST").status()).isEqualTo(422);
    }

    // --- helpers ---

    private static String nextId() {
        return Long.toString(IDS.incrementAndGet());
    }

    /** The sample order, not cancelled, under its own id (above 2^53, consistent with its GID). */
    private static ObjectNode order(String id) {
        ObjectNode order = ShopifySamples.payload(ORDER);
        order.put("id", new BigInteger(id));
        order.put("admin_graphql_api_id", "gid://shopify/Order/" + id);
        order.putNull("cancelled_at");
        order.putNull("cancel_reason");
        order.put("financial_status", "paid");
        return order;
    }

    private static ObjectNode refund(String refundId, String orderId) {
        ObjectNode refund = ShopifySamples.payload(REFUND);
        refund.put("id", new BigInteger(refundId));
        refund.put("admin_graphql_api_id", "gid://shopify/Refund/" + refundId);
        refund.put("order_id", new BigInteger(orderId));
        return refund;
    }

    private static void onlyFirstLine(ObjectNode refund, String restockType, String locationId) {
        ArrayNode items = (ArrayNode) refund.get("refund_line_items");
        while (items.size() > 1) {
            items.remove(items.size() - 1);
        }
        ((ObjectNode) items.get(0)).put("restock_type", restockType).put("location_id", new BigInteger(locationId));
    }

    private void mapItem(String sku, String item) {
        var response = api(OPS).put("/api/v1/shopify/inventory-items", Map.of("items", List.of(Map.of("sku", sku, "inventoryItemId", item))));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    /** The delivery once the worker has dealt with it (any status but PENDING). */
    private JsonNode settled(String webhookId) {
        return poll(webhookId, status -> !status.equals("PENDING"));
    }

    private JsonNode settledAs(String webhookId, String wanted) {
        return poll(webhookId, wanted::equals);
    }

    private JsonNode poll(String webhookId, java.util.function.Predicate<String> done) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode row = null;
        while (System.nanoTime() < deadline) {
            var response = api(OPS).get("/api/v1/shopify/webhooks/" + webhookId);
            if (response.status() == 200) {
                row = response.json();
                if (done.test(row.get("status").asString())) {
                    return row;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("webhook " + webhookId + " did not settle: " + row);
    }

    private long available(String sku) {
        JsonNode rows = api(WEB).get("/api/v1/inventory/availability?channel=web&sku=" + sku).json();
        return rows.isEmpty() ? 0 : rows.get(0).get("available").asLong();
    }

    private long onHand(String sku) {
        JsonNode rows = api(ERP).get("/api/v1/inventory/availability?location=WH1&sku=" + sku).json();
        return rows.isEmpty() ? 0 : rows.get(0).get("onHand").asLong();
    }
}

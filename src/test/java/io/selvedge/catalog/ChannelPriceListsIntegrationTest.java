package io.selvedge.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The demo contract sells from {@code retail-usd} in every store and on the web, and from {@code wholesale-usd} to
 * wholesale: a sale records the price in force on its own channel's list, and whether its price was overridden.
 */
class ChannelPriceListsIntegrationTest extends IntegrationTest {

    /** A day of its own, so the audit trail read back holds only this class's rows. */
    private static final String DAY = "2026-09-23";

    private String style;
    private String sku;

    @BeforeEach
    void styleOnTwoListsWithStock() {
        style = unique("CPL");
        sku = Fixtures.sku(style, "M");
        Map<String, Object> body = Fixtures.anyStyle(style);
        body.put("prices", List.of(
                price("retail-usd", "89.00", "2026-01-01T00:00:00Z"),
                price("wholesale-usd", "41.00", "2026-01-01T00:00:00Z"),
                // a wholesale markdown that is not in force yet when the orders below are placed
                price("wholesale-usd", "30.00", "2027-06-01T00:00:00Z")));
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, body).status()).isEqualTo(200);
        assertThat(api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", "STORE-ABK", sku, 5)).status())
                .isEqualTo(201);
        assertThat(api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", "WH1", sku, 50)).status())
                .isEqualTo(201);
    }

    @Test
    void aStoreSaleAndAWholesaleOrderEachRecordThePriceInForceOnTheirOwnList() {
        String sale = unique("ABK-R1");
        var sold = api(POS).post("/api/v1/pos/transactions", storeSale(sale, "89.00", List.of()));
        assertThat(sold.status()).as(sold.body()).isEqualTo(201);
        JsonNode storeLine = orderCreated("STORE-ABK", sale).get("lines").get(0);
        assertThat(storeLine.get("listPrice").asString()).isEqualTo("89.00");
        assertThat(storeLine.get("priceOverridden").asBoolean()).isFalse();

        String order = unique("WS");
        var ordered = api(WHOLESALE).post("/api/v1/orders", channelOrder(order, "wholesale", "41.00", 10));
        assertThat(ordered.status()).as(ordered.body()).isEqualTo(201);
        JsonNode wholesaleLine = orderCreated("WH1", order).get("lines").get(0);
        assertThat(wholesaleLine.get("listPrice").asString()).as("the wholesale list, not retail").isEqualTo("41.00");
        assertThat(wholesaleLine.get("priceOverridden").asBoolean()).isFalse();

        String web = unique("W");
        var webOrder = api(WEB).post("/api/v1/orders", channelOrder(web, "web", "89.00", 1));
        assertThat(webOrder.status()).as(webOrder.body()).isEqualTo(201);
        assertThat(orderCreated("WH1", web).get("lines").get(0).get("listPrice").asString()).as("web sells from retail").isEqualTo("89.00");
        assertThat(priceAudit("WH1", order)).as("nothing overridden, nothing audited").isEmpty();
    }

    @Test
    void aLineSoldOffItsListPriceIsFlaggedOverriddenAndAudited() {
        String offList = unique("ABK-R1");
        var sold = api(POS).post("/api/v1/pos/transactions", storeSale(offList, "79.00", List.of()));
        assertThat(sold.status()).as(sold.body()).isEqualTo(201);
        JsonNode line = orderCreated("STORE-ABK", offList).get("lines").get(0);
        assertThat(line.get("listPrice").asString()).isEqualTo("89.00");
        assertThat(line.get("priceOverridden").asBoolean()).isTrue();
        List<JsonNode> audit = priceAudit("STORE-ABK", offList);
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("lineNo").asInt()).isEqualTo(1);
        assertThat(audit.get(0).get("amount").asString()).as("given away against the list").isEqualTo("10.00");
        assertThat(audit.get(0).get("kind").asString()).isEqualTo("PRICE_OVERRIDDEN");
        assertThat(audit.get(0).get("approvedBy").isNull()).as("nobody approved it").isTrue();

        String approved = unique("ABK-R1");
        var withOverride = api(POS).post("/api/v1/pos/transactions", storeSale(approved, "89.00",
                List.of(Map.of("kind", "PRICE", "lineNo", 1, "approvedBy", "MGR-7", "reason", "price match"))));
        assertThat(withOverride.status()).as(withOverride.body()).isEqualTo(201);
        assertThat(orderCreated("STORE-ABK", approved).get("lines").get(0).get("priceOverridden").asBoolean())
                .as("a PRICE override marks the line even at the list price").isTrue();
        assertThat(priceAudit("STORE-ABK", approved)).as("approved: the audit trail has it as OVERRIDE_PRICE").isEmpty();
        assertThat(audit("STORE-ABK", approved, "OVERRIDE")).singleElement()
                .satisfies(row -> assertThat(row.get("approvedBy").asString()).isEqualTo("MGR-7"));

        String wholesaleAtRetail = unique("WS");
        assertThat(api(WHOLESALE).post("/api/v1/orders", channelOrder(wholesaleAtRetail, "wholesale", "89.00", 1)).status()).isEqualTo(201);
        JsonNode wholesaleLine = orderCreated("WH1", wholesaleAtRetail).get("lines").get(0);
        assertThat(wholesaleLine.get("listPrice").asString()).isEqualTo("41.00");
        assertThat(wholesaleLine.get("priceOverridden").asBoolean()).as("judged against its own list").isTrue();
    }

    @Test
    void aPriceOnAListTheContractDoesNotKnowIsRefusedAndChangesNothing() {
        long before = api(POS).get("/api/v1/catalog/variants/" + sku).json().get("revision").asLong();
        Map<String, Object> body = Fixtures.anyStyle(style);
        body.put("prices", List.of(price("retail-usd", "95.00", "2026-02-01T00:00:00Z"), price("outlet-usd", "60.00", "2026-02-01T00:00:00Z")));
        List<Map<String, Object>> variants = new ArrayList<>();
        for (String size : List.of("S", "M", "L")) {
            Map<String, Object> variant = new LinkedHashMap<>(Map.of("sku", Fixtures.sku(style, size), "colour", "NAVY", "size", size));
            if (size.equals("M")) {
                variant.put("prices", List.of(Map.of("priceList", "wholesale-usd", "currency", "EUR", "amount", "40.00",
                        "effectiveFrom", "2026-02-01T00:00:00Z")));
            }
            variants.add(variant);
        }
        body.put("variants", variants);
        var refused = api(ERP).put("/api/v1/catalog/styles/" + style, body);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().findValuesAsString("field")).containsExactlyInAnyOrder("prices[1].priceList", "variants[1].prices[0].currency");
        assertThat(refused.body()).contains("is not a price list of the contract: 'outlet-usd'").contains("must be USD");
        JsonNode variant = api(POS).get("/api/v1/catalog/variants/" + sku).json();
        assertThat(variant.get("revision").asLong()).isEqualTo(before);
        assertThat(variant.findValuesAsString("amount")).containsExactlyInAnyOrder("89.00", "41.00");
    }

    @Test
    void anImportRowOnAnUnknownListIsRefusedWithItsLine() {
        String imported = unique("CPI");
        String csv = "style,name,colour,size,sku,gtin,season,category,tax class,price list,currency,price,effective from\n"
                + imported + ",Tee,ECRU,S," + imported + "-S,,FW26,Knitwear,apparel-standard,retail-usd,USD,38.00,\n"
                + imported + ",Tee,ECRU,M," + imported + "-M,,FW26,Knitwear,apparel-standard,outlet-usd,USD,20.00,\n"
                + imported + ",Tee,ECRU,L," + imported + "-L,,FW26,Knitwear,apparel-standard,wholesale-usd,EUR,20.00,\n";
        var response = api(ERP).send("POST", "/api/v1/catalog/imports?currency=USD", "text/csv", csv);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> errors = new ArrayList<>();
        response.json().get("errors").forEach(e -> errors.add(e.get("line").asLong() + ":" + e.get("field").asString()));
        assertThat(errors).containsExactlyInAnyOrder("3:priceList", "4:currency");
        assertThat(response.json().get("rowsAccepted").asLong()).isEqualTo(1);
    }

    private static Map<String, Object> price(String list, String amount, String from) {
        return Map.of("priceList", list, "currency", "USD", "amount", amount, "effectiveFrom", from);
    }

    private Map<String, Object> storeSale(String transactionId, String unitPrice, List<Map<String, Object>> overrides) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", transactionId);
        body.put("store", "STORE-ABK");
        body.put("register", "R1");
        body.put("businessDay", DAY);
        body.put("occurredAt", DAY + "T20:00:00Z");
        body.put("type", "SALE");
        body.put("currency", "USD");
        body.put("lines", List.of(Map.of("lineNo", 1, "sku", sku, "quantity", 1, "unitPrice", unitPrice, "discount", "0.00", "tax", "0.00")));
        body.put("tenders", List.of(Map.of("type", "CASH", "amount", unitPrice)));
        body.put("overrides", overrides);
        return body;
    }

    private Map<String, Object> channelOrder(String orderRef, String channel, String unitPrice, int quantity) {
        String total = new java.math.BigDecimal(unitPrice).multiply(java.math.BigDecimal.valueOf(quantity)).toPlainString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderRef", orderRef);
        body.put("channel", channel);
        body.put("occurredAt", DAY + "T19:30:00Z");
        body.put("currency", "USD");
        body.put("lines", List.of(Map.of("lineNo", 1, "sku", sku, "quantity", quantity, "unitPrice", unitPrice, "discount", "0.00",
                "tax", "0.00")));
        body.put("tenders", List.of(Map.of("type", "CARD", "brand", "VISA", "amount", total, "last4", "4242")));
        return body;
    }

    private JsonNode orderCreated(String location, String orderRef) {
        long after = 0;
        while (true) {
            JsonNode page = api(OPS).get("/api/v1/events?types=order.created&location=" + location + "&limit=1000&after=" + after).json();
            for (JsonNode event : page.get("events")) {
                if (event.get("data").get("orderRef").asString().equals(orderRef)) {
                    return event.get("data");
                }
            }
            if (page.get("events").size() < 1000) {
                throw new AssertionError("no order.created for " + orderRef);
            }
            after = page.get("next").asLong();
        }
    }

    private List<JsonNode> priceAudit(String location, String orderRef) {
        return audit(location, orderRef, "PRICE");
    }

    private List<JsonNode> audit(String location, String orderRef, String kind) {
        List<JsonNode> rows = new ArrayList<>();
        api(FINANCE).get("/api/v1/audit?store=" + location + "&businessDay=" + DAY + "&kind=" + kind).json().forEach(row -> {
            if (row.get("orderRef").asString().equals(orderRef)) {
                rows.add(row);
            }
        });
        return rows;
    }
}

package io.selvedge.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Api;
import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** What the inventory tests share: a published style per test, receipts, and reading rows back through the API. */
abstract class InventoryApiTest extends IntegrationTest {

    /** Publishes a fresh style and returns its code; its SKUs are {@code Fixtures.sku(style, "S"|"M"|"L")}. */
    protected String anyStyle() {
        String style = unique("INV");
        var published = api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style));
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        return style;
    }

    protected Api.Response move(String key, String type, String location, Object... skuQuantity) {
        return api(key).post("/api/v1/inventory/movements", Fixtures.movement(unique("MV"), type, location, skuQuantity));
    }

    protected void receive(String location, String sku, long quantity) {
        var response = move(ERP, "RECEIPT", location, sku, quantity);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    /** The availability row of a location and SKU, or null when it has none. */
    protected JsonNode row(String location, String sku) {
        var response = api(OPS).get("/api/v1/inventory/availability?location=" + location + "&sku=" + sku);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().isEmpty() ? null : response.json().get(0);
    }

    protected long onHand(String location, String sku) {
        JsonNode row = row(location, sku);
        return row == null ? 0 : row.get("onHand").asLong();
    }

    protected long available(String location, String sku) {
        JsonNode row = row(location, sku);
        return row == null ? 0 : row.get("available").asLong();
    }

    protected long allocated(String location, String sku) {
        JsonNode row = row(location, sku);
        return row == null ? 0 : row.get("allocated").asLong();
    }

    protected static Map<String, Object> body(Object... keyValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            body.put((String) keyValues[i], keyValues[i + 1]);
        }
        return body;
    }
}

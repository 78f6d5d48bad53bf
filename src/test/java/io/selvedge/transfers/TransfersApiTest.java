package io.selvedge.transfers;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Api;
import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** What the transfer tests share: a published style per test, stock to ship, and reading rows and events back through the API. */
abstract class TransfersApiTest extends IntegrationTest {

    /** Publishes a fresh style and returns its code; its SKUs are {@code Fixtures.sku(style, "S"|"M"|"L")}. */
    protected String anyStyle() {
        String style = unique("TRS");
        var published = api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style));
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        return style;
    }

    protected void receive(String location, String sku, long quantity) {
        var response = api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", location, sku, quantity));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    protected static Map<String, Object> transfer(String ref, String from, String to, Object... skuQuantity) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transferRef", ref);
        body.put("from", from);
        body.put("to", to);
        body.put("lines", Fixtures.lines(skuQuantity));
        return body;
    }

    protected static Map<String, Object> arrived(Object... skuQuantity) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lines", Fixtures.lines(skuQuantity));
        return body;
    }

    protected Api.Response create(String key, Map<String, Object> body) {
        return api(key).post("/api/v1/transfers", body);
    }

    protected Api.Response ship(String key, String ref) {
        return api(key).post("/api/v1/transfers/" + ref + "/shipment", "");
    }

    protected Api.Response receipt(String key, String ref, Map<String, Object> body) {
        return api(key).post("/api/v1/transfers/" + ref + "/receipt", body);
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

    protected long inTransit(String location, String sku) {
        JsonNode row = row(location, sku);
        return row == null ? 0 : row.get("inTransit").asLong();
    }

    /** The events of a type from the public feed whose data names {@code transferRef}. */
    protected List<JsonNode> events(String type, String transferRef) {
        List<JsonNode> found = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = api(OPS).get("/api/v1/events?after=" + after + "&types=" + type + "&limit=1000").json();
            page.get("events").forEach(e -> {
                if (e.get("data").get("transferRef").asString().equals(transferRef)) {
                    found.add(e);
                }
            });
            if (page.get("events").isEmpty()) {
                return found;
            }
            after = page.get("next").asLong();
        }
    }

    /** A line of a transfer document by SKU. */
    protected static JsonNode line(JsonNode transfer, String sku) {
        for (JsonNode line : transfer.get("lines")) {
            if (line.get("sku").asString().equals(sku)) {
                return line;
            }
        }
        throw new AssertionError("no line for " + sku + " in " + transfer);
    }
}

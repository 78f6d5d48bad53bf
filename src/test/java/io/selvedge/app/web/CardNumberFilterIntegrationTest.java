package io.selvedge.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Api;
import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A card number in any API request is refused before a controller sees it (docs/faults.md, finding 5), and kept nowhere. */
class CardNumberFilterIntegrationTest extends IntegrationTest {

    @Test
    void refusesACardNumberInAMovementNamingTheFieldNotTheNumber() {
        String style = unique("CNF");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        String id = unique("MV");
        Map<String, Object> movement = new LinkedHashMap<>(Fixtures.movement(id, "RECEIPT", "WH1", Fixtures.sku(style, "M"), 2));
        movement.put("reason", "card 4111-1111-1111-1111 exp 12/29");
        Api.Response refused = api(ERP).post("/api/v1/inventory/movements", movement);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).endsWith("/card-number-refused");
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("reason");
        assertThat(refused.body()).doesNotContain("1111");
        // nothing was kept under the id, and a sound body still reaches the controller whole
        movement.put("reason", "PO 4411");
        assertThat(api(ERP).post("/api/v1/inventory/movements", movement).status()).isEqualTo(201);
    }

    @Test
    void refusesOneInTheQueryStringOrInAnyEndpointsBody() {
        Api.Response query = api(OPS).get("/api/v1/inventory/availability?location=WH1&note=5555%205555%205555%204444");
        assertThat(query.status()).isEqualTo(422);
        assertThat(query.json().get("errors").findValuesAsString("field")).containsExactly("note");

        String ref = unique("TR");
        Api.Response transfer = api(ERP).post("/api/v1/transfers", Map.of("transferRef", "TR-378282246310005", "from", "STORE-ABK",
                "to", "STORE-MEL", "lines", List.of(Map.of("sku", "X", "quantity", 1))));
        assertThat(transfer.status()).isEqualTo(422);
        assertThat(transfer.json().get("errors").findValuesAsString("field")).containsExactly("transferRef");
        assertThat(api(OPS).get("/api/v1/transfers/TR-378282246310005").status()).isEqualTo(422);

        Api.Response customer = api(POS).post("/api/v1/customers", Map.of("source", "pos", "sourceId", ref,
                "email", ref.toLowerCase() + "@example.com", "firstName", "6011111111111117"));
        assertThat(customer.status()).isEqualTo(422);
        assertThat(customer.json().get("errors").findValuesAsString("field")).containsExactly("firstName");
    }

    @Test
    void letsAUuidWhoseDigitsRunAcrossItsDashesThrough() {
        // 4111111111111111 is a valid test PAN; as the all-digit stretch of a subscription id it is an id: no such
        // subscription (404), not a refused card number (422)
        assertThat(api(OPS).send("DELETE", "/api/v1/subscriptions/41111111-1111-1111-a111-bbbbbbbbbbbb", null, null).status())
                .isEqualTo(404);
        assertThat(api(OPS).send("DELETE", "/api/v1/subscriptions/4111-1111-1111-1111", null, null).status())
                .as("written alone, grouped by dashes, it is still a card number").isEqualTo(422);
    }

    @Test
    void letsAGtinThatLooksLikeACardNumberThrough() {
        String code = unique("CNG");
        Map<String, Object> style = new LinkedHashMap<>(Fixtures.anyStyle(code));
        // as a 13-digit EAN, 4006381333924 has a right GS1 check digit and passes Luhn with a Visa prefix
        style.put("variants", List.of(Map.of("sku", Fixtures.sku(code, "M"), "gtin", "4006381333924", "colour", "NAVY", "size", "M")));
        style.put("sizes", List.of("M"));
        Api.Response response = api(ERP).put("/api/v1/catalog/styles/" + code, style);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}

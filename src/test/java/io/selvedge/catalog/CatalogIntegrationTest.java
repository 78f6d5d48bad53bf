package io.selvedge.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogIntegrationTest extends IntegrationTest {

    @Test
    void publishesAStyleAsANewRevisionAndServesItsVariants() {
        String style = unique("OVS");
        var first = api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style));
        assertThat(first.status()).isEqualTo(200);
        long revision = first.json().get("revision").asLong();

        var variant = api(POS).get("/api/v1/catalog/variants/" + Fixtures.sku(style, "M"));
        assertThat(variant.status()).isEqualTo(200);
        assertThat(variant.json().get("size").asString()).isEqualTo("M");
        assertThat(variant.json().get("style").get("category").asString()).isEqualTo("Shirts");
        assertThat(variant.json().get("prices").get(0).get("amount").asString()).isEqualTo("89.00");
        assertThat(variant.json().get("revision").asLong()).isEqualTo(revision);

        var again = api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style));
        assertThat(again.json().get("revision").asLong()).as("an unchanged re-publish keeps its revision").isEqualTo(revision);
    }

    @Test
    void discontinuesAVariantLeftOutOfAPublishButKeepsIt() {
        String style = unique("OVS");
        api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style));
        Map<String, Object> body = new java.util.LinkedHashMap<>(Fixtures.anyStyle(style));
        body.put("variants", List.of(Map.of("sku", Fixtures.sku(style, "S"), "colour", "NAVY", "size", "S")));
        var second = api(ERP).put("/api/v1/catalog/styles/" + style, body);
        assertThat(second.status()).isEqualTo(200);

        var dropped = api(POS).get("/api/v1/catalog/variants/" + Fixtures.sku(style, "L"));
        assertThat(dropped.status()).isEqualTo(200);
        assertThat(dropped.json().get("status").asString()).isEqualTo("DISCONTINUED");
    }

    @Test
    void refusesAPriceWriteFromASystemThatDoesNotOwnPrices() {
        String style = unique("OVS");
        var response = api(POS).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("detail").asString()).contains("catalog.style");
        assertThat(api(POS).get("/api/v1/catalog/variants/" + Fixtures.sku(style, "M")).status()).isEqualTo(404);
    }

    @Test
    void namesEveryBadFieldAtOnceAndWritesNothing() {
        String style = unique("OVS");
        Map<String, Object> body = new java.util.LinkedHashMap<>(Fixtures.anyStyle(style));
        body.put("variants", List.of(
                Map.of("sku", style + "-A", "colour", "RED", "size", "M", "gtin", "00012345678906"),
                Map.of("sku", style + "-B", "colour", "NAVY", "size", "XXL")));
        body.put("prices", List.of(Map.of("priceList", "retail-usd", "currency", "USD", "amount", "89.001",
                "effectiveFrom", "2026-01-01T00:00:00Z")));
        var response = api(ERP).put("/api/v1/catalog/styles/" + style, body);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsString("field")).contains(
                "variants[0].colour", "variants[0].gtin", "variants[1].size", "prices[0].amount");
        assertThat(api(ERP).get("/api/v1/catalog/variants/" + style + "-B").status()).isEqualTo(404);
    }

    @Test
    void refusesMalformedJsonAndAWrongTypeWithProblems() {
        String style = unique("OVS");
        var malformed = api(ERP).put("/api/v1/catalog/styles/" + style, "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");

        var wrongType = api(ERP).put("/api/v1/catalog/styles/" + style, "{\"name\": \"x\", \"sizes\": \"M\", \"prices\": [{\"effectiveFrom\": \"yesterday\"}]}");
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(wrongType.json().get("errors").get(0).get("field").asString()).isNotBlank();

        var unsupported = api(ERP).send("PUT", "/api/v1/catalog/styles/" + style, "text/plain", "hello");
        assertThat(unsupported.status()).isEqualTo(415);
        assertThat(unsupported.contentType()).startsWith("application/problem+json");

        var wrongMethod = api(ERP).send("DELETE", "/api/v1/catalog/styles/" + style, null, null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.contentType()).startsWith("application/problem+json");
    }
}

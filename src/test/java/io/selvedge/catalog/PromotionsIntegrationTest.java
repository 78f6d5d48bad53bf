package io.selvedge.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PromotionsIntegrationTest extends IntegrationTest {

    @Test
    void theOwnerPublishesAPromotionThatReachesThePosFeedAsARevision() {
        String style = unique("PRM");
        api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style));
        long before = api(POS).get("/api/v1/catalog/snapshot?limit=1").json().get("asOf").asLong();
        String id = unique("BF");
        var published = api(ERP).put("/api/v1/promotions/" + id, promotion(style));
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        long revision = published.json().get("revision").asLong();
        assertThat(revision).isGreaterThan(before);
        assertThat(api(ERP).put("/api/v1/promotions/" + id, promotion(style)).json().get("revision").asLong())
                .as("an unchanged re-publish keeps its revision").isEqualTo(revision);

        JsonNode changes = api(POS).get("/api/v1/catalog/changes?after=" + before + "&limit=1000").json();
        long next = changes.get("next").asLong();
        boolean found = changes.get("promotionChanges").findValuesAsString("promotionId").contains(id);
        if (!found) {
            found = api(POS).get("/api/v1/catalog/changes?after=" + next + "&limit=1000").json()
                    .get("promotionChanges").findValuesAsString("promotionId").contains(id);
        }
        assertThat(found).as("the feed carries the promotion").isTrue();
        JsonNode snapshot = api(POS).get("/api/v1/catalog/snapshot?asOf=" + revision + "&limit=1").json();
        assertThat(snapshot.get("promotions").findValuesAsString("promotionId")).contains(id);
        JsonNode older = api(POS).get("/api/v1/catalog/snapshot?asOf=" + before + "&limit=1").json();
        assertThat(older.get("promotions").findValuesAsString("promotionId")).doesNotContain(id);
        assertThat(api(POS).get("/api/v1/promotions/" + id).json().get("value").asString()).isEqualTo("20");
    }

    @Test
    void aWriteByTheSystemThatDoesNotOwnPromotionsIsRefused() {
        String style = unique("PRM");
        api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style));
        var refused = api(POS).put("/api/v1/promotions/" + unique("BF"), promotion(style));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("promotion.value").contains("'erp'");
    }

    @Test
    void namesEveryBadField() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("name", "Broken");
        bad.put("kind", "PERCENT");
        bad.put("value", "150");
        bad.put("skus", List.of("NO-SUCH-SKU"));
        bad.put("channels", List.of("mars"));
        bad.put("startsAt", "2026-11-27T08:00:00Z");
        bad.put("endsAt", "2026-11-26T08:00:00Z");
        var response = api(ERP).put("/api/v1/promotions/" + unique("BF"), bad);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("errors").findValuesAsString("field"))
                .contains("value", "skus[0]", "channels[0]", "endsAt");
    }

    private static Map<String, Object> promotion(String style) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Black Friday");
        body.put("kind", "PERCENT");
        body.put("value", "20");
        body.put("styles", List.of(style));
        body.put("channels", List.of("web", "STORE-ABK"));
        body.put("startsAt", "2026-11-27T08:00:00Z");
        body.put("endsAt", "2026-11-30T08:00:00Z");
        return body;
    }
}

package io.selvedge.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionsIntegrationTest extends EventsTestBase {

    private static Map<String, Object> body(String url, Object events, Object locations, String secret) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        body.put("events", events);
        body.put("locations", locations);
        body.put("secret", secret);
        return body;
    }

    @Test
    void createsASubscriptionAndNeverEchoesItsSecret() {
        String url = "http://127.0.0.1:9/" + unique("hook");
        var created = api(POS).post("/api/v1/subscriptions", body(url, List.of("availability.changed", "price.changed"),
                List.of("STORE-ABK"), SECRET));

        assertThat(created.status()).isEqualTo(201);
        var json = created.json();
        assertThat(json.get("subscriptionId").asString()).isNotBlank();
        assertThat(json.get("url").asString()).isEqualTo(url);
        assertThat(json.get("events").get(0).asString()).isEqualTo("availability.changed");
        assertThat(json.get("events").get(1).asString()).isEqualTo("price.changed");
        assertThat(json.get("locations").get(0).asString()).isEqualTo("STORE-ABK");
        assertThat(json.get("createdAt").asString()).isNotBlank();
        assertThat(json.get("createdBy").asString()).isEqualTo("pos");
        assertThat(created.body()).doesNotContain(SECRET);

        String id = json.get("subscriptionId").asString();
        var own = api(POS).get("/api/v1/subscriptions");
        assertThat(own.json().get("subscriptions").findValuesAsString("subscriptionId")).contains(id);
        assertThat(own.body()).doesNotContain(SECRET);
        assertThat(api(WEB).get("/api/v1/subscriptions").json().get("subscriptions").findValuesAsString("subscriptionId"))
                .doesNotContain(id);
        assertThat(api(OPS).get("/api/v1/subscriptions").json().get("subscriptions").findValuesAsString("subscriptionId"))
                .contains(id);
    }

    @Test
    void theSameRequestTwiceIsOneSubscription() {
        Map<String, Object> request = body("http://127.0.0.1:9/" + unique("hook"), List.of("order.created"), List.of(), SECRET);
        var first = api(WEB).post("/api/v1/subscriptions", request);
        var second = api(WEB).post("/api/v1/subscriptions", request);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(second.json().get("subscriptionId").asString()).isEqualTo(first.json().get("subscriptionId").asString());
    }

    @Test
    void aClientChosenIdWithAnotherBodyIsAConflict() {
        String id = unique("sub");
        Map<String, Object> request = body("http://127.0.0.1:9/" + unique("hook"), List.of("order.created"), List.of(), SECRET);
        request.put("subscriptionId", id);
        assertThat(api(WEB).post("/api/v1/subscriptions", request).status()).isEqualTo(201);
        assertThat(api(WEB).post("/api/v1/subscriptions", request).status()).isEqualTo(200);

        request.put("events", List.of("order.refunded"));
        var conflict = api(WEB).post("/api/v1/subscriptions", request);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.contentType()).startsWith("application/problem+json");
    }

    @Test
    void namesEveryBadFieldAndWritesNothing() {
        String url = "ftp://127.0.0.1/" + unique("hook");
        var response = api(POS).post("/api/v1/subscriptions",
                body(url, List.of("catalog.changed", "stock.teleported", "catalog.changed"), List.of("STORE-ABK", "NOWHERE"), "short"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("url", "events[1]", "events[2]", "locations[1]", "secret");
        assertThat(api(OPS).get("/api/v1/subscriptions").body()).doesNotContain(url);

        var missing = api(POS).post("/api/v1/subscriptions", Map.of("url", "/relative/path", "events", List.of()));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("url", "events", "secret");
    }

    @Test
    void onlyTheCreatorOrAnOperatorDeletesASubscription() {
        String id = api(POS).post("/api/v1/subscriptions",
                body("http://127.0.0.1:9/" + unique("hook"), List.of("order.created"), List.of(), SECRET)).json().get("subscriptionId").asString();

        var refused = api(WEB).send("DELETE", "/api/v1/subscriptions/" + id, null, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("pos");
        assertThat(api(POS).get("/api/v1/subscriptions").json().get("subscriptions").findValuesAsString("subscriptionId")).contains(id);

        assertThat(api(POS).send("DELETE", "/api/v1/subscriptions/" + id, null, null).status()).isEqualTo(204);
        assertThat(api(POS).get("/api/v1/subscriptions").json().get("subscriptions").findValuesAsString("subscriptionId")).doesNotContain(id);
        assertThat(api(POS).send("DELETE", "/api/v1/subscriptions/" + id, null, null).status()).as("deleting twice is deleting once").isEqualTo(204);

        String other = api(WEB).post("/api/v1/subscriptions",
                body("http://127.0.0.1:9/" + unique("hook"), List.of("order.created"), List.of(), SECRET)).json().get("subscriptionId").asString();
        assertThat(api(OPS).send("DELETE", "/api/v1/subscriptions/" + other, null, null).status()).isEqualTo(204);
        assertThat(api(OPS).send("DELETE", "/api/v1/subscriptions/nope-" + unique("x"), null, null).status()).isEqualTo(404);
    }
}

package io.selvedge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import org.junit.jupiter.api.Test;

/** DESIGN invariant 6: a write by a non-owner is refused, named, counted and published; never applied. */
class ContractGuardIntegrationTest extends IntegrationTest {

    @Test
    void aWriteByANonOwnerIsRefusedCountedAndPublished() {
        String style = unique("OVS");
        api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style));
        long before = api(OPS).get("/api/v1/events?types=contract.violation&limit=1000").json().get("events").size();

        var refused = api(WEB).post("/api/v1/inventory/movements",
                Fixtures.movement(unique("RCV"), "RECEIPT", "WH1", Fixtures.sku(style, "M"), 5));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("inventory.receipt").contains("'web'");
        assertThat(refused.json().get("flow").asString()).isEqualTo("inventory.receipt");

        var events = api(OPS).get("/api/v1/events?types=contract.violation&limit=1000").json().get("events");
        assertThat(events.size()).isEqualTo(before + 1);
        assertThat(events.get(events.size() - 1).get("data").get("system").asString()).isEqualTo("web");
        assertThat(anonymous().get("/actuator/prometheus").body())
                .contains("selvedge_contract_violations_total{kind=\"flow\",system=\"web\"}");
        var row = api(OPS).get("/api/v1/inventory/availability?location=WH1&sku=" + Fixtures.sku(style, "M")).json();
        assertThat(row.isEmpty() || row.get(0).get("onHand").asLong() == 0).as("nothing was applied").isTrue();
    }

    @Test
    void aPosKeyMayNotWriteForAStoreItDoesNotSpeakFor() {
        String style = unique("OVS");
        api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style));
        var refused = api(POS).post("/api/v1/inventory/movements",
                Fixtures.movement(unique("CNT"), "COUNT", "WH1", Fixtures.sku(style, "M"), 3));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("does not speak for location 'WH1'");
    }
}

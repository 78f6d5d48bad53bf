package io.selvedge.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Api;
import io.selvedge.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A POS that keeps its own stock reports snapshots; the hub stores them, never applies them, and reports drift per
 * location and SKU against its ledger as of the snapshot's moment, with the later movements that may explain it.
 */
class DriftIntegrationTest extends InventoryApiTest {

    @Test
    void reportsWhereThePosDiffersFromTheLedgerAsOfTheSnapshot() {
        String style = anyStyle();
        String s = Fixtures.sku(style, "S");
        String m = Fixtures.sku(style, "M");
        String l = Fixtures.sku(style, "L");
        assertThat(moveAt(ERP, "RECEIPT", "STORE-ABK", "2026-11-21T08:00:00Z", s, 4, m, 7, l, 2).status()).isEqualTo(201);
        // the ledger dates a damage of 2 M half a minute after the snapshot; the POS had already booked it
        assertThat(moveAt(POS, "DAMAGE", "STORE-ABK", "2026-11-21T12:00:30Z", m, 2).status()).isEqualTo(201);
        long sequence = row("STORE-ABK", m).get("sequence").asLong();

        var posted = api(POS).post("/api/v1/inventory/pos-snapshots", snapshot("STORE-ABK", "2026-11-21T12:00:00Z", s, 4, m, 5, l, 9));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        assertThat(posted.json().get("skus").asInt()).isEqualTo(3);
        assertThat(posted.json().get("drifting").asInt()).isEqualTo(2);
        assertThat(row("STORE-ABK", m).get("onHand").asLong()).as("a snapshot is never applied to the ledger").isEqualTo(5);
        assertThat(row("STORE-ABK", m).get("sequence").asLong()).isEqualTo(sequence);
        assertThat(row("STORE-ABK", l).get("onHand").asLong()).isEqualTo(2);

        var drift = api(OPS).get("/api/v1/inventory/drift?location=STORE-ABK&sku=" + m);
        assertThat(drift.status()).isEqualTo(200);
        assertThat(drift.json()).hasSize(1);
        JsonNode row = drift.json().get(0);
        assertThat(row.get("location").asString()).isEqualTo("STORE-ABK");
        assertThat(row.get("asOf").asString()).isEqualTo("2026-11-21T12:00:00Z");
        assertThat(row.get("posOnHand").asLong()).isEqualTo(5);
        assertThat(row.get("ledgerOnHand").asLong()).as("as of 12:00").isEqualTo(7);
        assertThat(row.get("difference").asLong()).isEqualTo(-2);
        assertThat(row.get("ledgerOnHandNow").asLong()).isEqualTo(5);
        assertThat(row.get("movementsAfter")).hasSize(1);
        assertThat(row.get("movementsAfter").get(0).get("type").asString()).isEqualTo("DAMAGE");
        assertThat(row.get("movementsAfter").get(0).get("onHandEffect").asLong()).isEqualTo(-2);
        assertThat(row.get("explainedBy").get(0).asString()).isEqualTo(row.get("movementsAfter").get(0).get("movementId").asString());

        List<JsonNode> all = api(OPS).get("/api/v1/inventory/drift?location=STORE-ABK").json().valueStream()
                .filter(r -> r.get("sku").asString().startsWith(style)).toList();
        assertThat(all).extracting(r -> r.get("sku").asString()).as("S agrees, so it is not drift").containsExactly(l, m);
        JsonNode unexplained = all.get(0);
        assertThat(unexplained.get("difference").asLong()).isEqualTo(7);
        assertThat(unexplained.get("movementsAfter")).isEmpty();
        assertThat(unexplained.get("explainedBy")).isEmpty();
        assertThat(api(OPS).get("/api/v1/inventory/drift").json().valueStream().filter(r -> r.get("sku").asString().equals(l)).count())
                .as("every location when none is named").isEqualTo(1);
    }

    @Test
    void theLatestFigurePerSkuCountsSoAPosMayReportInParts() {
        String style = anyStyle();
        String s = Fixtures.sku(style, "S");
        String m = Fixtures.sku(style, "M");
        assertThat(moveAt(ERP, "RECEIPT", "STORE-MEL", "2026-11-21T08:00:00Z", s, 3, m, 3).status()).isEqualTo(201);
        assertThat(api(POS).post("/api/v1/inventory/pos-snapshots", snapshot("STORE-MEL", "2026-11-21T09:00:00Z", s, 1, m, 1)).status())
                .isEqualTo(201);
        // a later part covers M only, and agrees with the ledger
        assertThat(api(POS).post("/api/v1/inventory/pos-snapshots", snapshot("STORE-MEL", "2026-11-21T10:00:00Z", m, 3)).status())
                .isEqualTo(201);

        List<JsonNode> drift = api(OPS).get("/api/v1/inventory/drift?location=STORE-MEL").json().valueStream()
                .filter(r -> r.get("sku").asString().startsWith(style)).toList();
        assertThat(drift).extracting(r -> r.get("sku").asString() + "@" + r.get("asOf").asString())
                .containsExactly(s + "@2026-11-21T09:00:00Z");
    }

    @Test
    void aSnapshotIsIdempotentByLocationAndMoment() {
        String sku = Fixtures.sku(anyStyle(), "M");
        Map<String, Object> body = snapshot("STORE-SOHO", "2026-11-21T09:00:00Z", sku, 2);
        var first = api(POS).post("/api/v1/inventory/pos-snapshots", body);
        var again = api(POS).post("/api/v1/inventory/pos-snapshots", body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(again.json()).isEqualTo(first.json());

        var other = api(POS).post("/api/v1/inventory/pos-snapshots", snapshot("STORE-SOHO", "2026-11-21T09:00:00Z", sku, 3));
        assertThat(other.status()).isEqualTo(409);
        JsonNode drift = api(OPS).get("/api/v1/inventory/drift?location=STORE-SOHO&sku=" + sku).json();
        assertThat(drift).hasSize(1);
        assertThat(drift.get(0).get("posOnHand").asLong()).isEqualTo(2);
    }

    @Test
    void onlyThePosSpeakingForTheStoreSendsSnapshots() {
        String sku = Fixtures.sku(anyStyle(), "M");
        var byErp = api(ERP).post("/api/v1/inventory/pos-snapshots", snapshot("STORE-ABK", "2026-11-21T09:00:00Z", sku, 2));
        assertThat(byErp.status()).isEqualTo(403);
        assertThat(byErp.contentType()).startsWith("application/problem+json");
        var warehouse = api(POS).post("/api/v1/inventory/pos-snapshots", snapshot("WH1", "2026-11-21T09:00:00Z", sku, 2));
        assertThat(warehouse.status()).as("the POS does not speak for the warehouse").isEqualTo(403);
        assertThat(api(OPS).get("/api/v1/inventory/drift?sku=" + sku).json()).isEmpty();
    }

    @Test
    void namesEveryBadFieldAtOnceAndStoresNothing() {
        String style = anyStyle();
        String sku = Fixtures.sku(style, "M");
        Map<String, Object> body = snapshot("STORE-ABK", "2999-01-01T00:00:00Z", sku, -1, style + "-NOPE", 1);
        var response = api(POS).post("/api/v1/inventory/pos-snapshots", body);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("asOf", "lines[0].quantity", "lines[1].sku");

        var missing = api(POS).post("/api/v1/inventory/pos-snapshots", Map.of("location", "NOWHERE"));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("location", "asOf", "lines");
        assertThat(api(OPS).get("/api/v1/inventory/drift?location=NOWHERE").status()).isEqualTo(422);
        assertThat(api(OPS).get("/api/v1/inventory/drift?sku=" + sku).json()).isEmpty();
    }

    private Api.Response moveAt(String key, String type, String location, String occurredAt, Object... lines) {
        Map<String, Object> body = Fixtures.movement(unique("MV"), type, location, lines);
        body.put("occurredAt", occurredAt);
        return api(key).post("/api/v1/inventory/movements", body);
    }

    private static Map<String, Object> snapshot(String location, String asOf, Object... skuQuantity) {
        return body("location", location, "asOf", asOf, "lines", Fixtures.lines(skuQuantity));
    }
}

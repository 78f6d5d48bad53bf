package io.selvedge.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class MovementsIntegrationTest extends InventoryApiTest {

    private final JdbcClient jdbc;

    @Autowired
    MovementsIntegrationTest(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Test
    void aReceiptRaisesOnHandAndBroadcastsTheRowItReports() {
        String sku = Fixtures.sku(anyStyle(), "M");
        var response = api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", "WH1", sku, 5));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode line = response.json().get("lines").get(0);
        assertThat(line.get("sku").asString()).isEqualTo(sku);
        assertThat(line.get("onHand").asLong()).isEqualTo(5);
        assertThat(line.get("available").asLong()).isEqualTo(5);
        long sequence = response.json().get("sequence").asLong();
        assertThat(sequence).isPositive();

        JsonNode row = row("WH1", sku);
        assertThat(row.get("onHand").asLong()).isEqualTo(5);
        assertThat(row.get("allocated").asLong()).isZero();
        assertThat(row.get("inTransit").asLong()).isZero();
        assertThat(row.get("available").asLong()).isEqualTo(5);
        assertThat(row.get("sequence").asLong()).isEqualTo(sequence);

        // DESIGN invariant 2: the event carries the row exactly as the endpoint returns it
        String data = jdbc.sql("SELECT data FROM outbox_event WHERE type = 'availability.changed' AND event_key = ? ORDER BY id DESC")
                .param("WH1|" + sku).query(String.class).list().get(0);
        assertThat(io.selvedge.testing.Api.JSON.readTree(data)).isEqualTo(row);
    }

    @Test
    void damagesAndSamplesTakeUnitsOutOfOnHand() {
        String sku = Fixtures.sku(anyStyle(), "S");
        receive("STORE-ABK", sku, 10);

        assertThat(move(POS, "DAMAGE", "STORE-ABK", sku, 2).status()).isEqualTo(201);
        assertThat(move(POS, "SAMPLE", "STORE-ABK", sku, 3).status()).isEqualTo(201);

        assertThat(onHand("STORE-ABK", sku)).isEqualTo(5);
        assertThat(balance("damaged", sku)).isEqualTo(2);
        assertThat(balance("samples", sku)).isEqualTo(3);
        assertThat(balance("supplier", sku)).isEqualTo(-10);
    }

    @Test
    void aCountPostsTheDifferenceToShrinkOrFound() {
        String sku = Fixtures.sku(anyStyle(), "L");
        receive("STORE-SOHO", sku, 10);

        var lower = move(POS, "COUNT", "STORE-SOHO", sku, 7);
        assertThat(lower.status()).as(lower.toString()).isEqualTo(201);
        assertThat(lower.json().get("lines").get(0).get("onHand").asLong()).isEqualTo(7);
        assertThat(balance("shrink", sku)).isEqualTo(3);

        assertThat(move(POS, "COUNT", "STORE-SOHO", sku, 9).status()).isEqualTo(201);
        assertThat(onHand("STORE-SOHO", sku)).isEqualTo(9);
        assertThat(balance("found", sku)).as("found gave the units").isEqualTo(-2);

        var nothing = move(POS, "COUNT", "STORE-SOHO", sku, 0);
        assertThat(nothing.status()).as("a count of zero is a figure like any other").isEqualTo(201);
        assertThat(onHand("STORE-SOHO", sku)).isZero();
    }

    @Test
    void aCountSetsOnHandAsOfTheCountTimeSoLaterMovementsStillApply() {
        String sku = Fixtures.sku(anyStyle(), "M");
        Map<String, Object> receipt = Fixtures.movement(unique("RCV"), "RECEIPT", "STORE-MEL", sku, 10);
        receipt.put("occurredAt", "2026-11-27T08:00:00Z");
        assertThat(api(ERP).post("/api/v1/inventory/movements", receipt).status()).isEqualTo(201);
        Map<String, Object> damage = Fixtures.movement(unique("DMG"), "DAMAGE", "STORE-MEL", sku, 2);
        damage.put("occurredAt", "2026-11-27T12:00:00Z");
        assertThat(api(POS).post("/api/v1/inventory/movements", damage).status()).isEqualTo(201);

        // counted at 10:00, before the damage, and received after it
        Map<String, Object> count = Fixtures.movement(unique("CNT"), "COUNT", "STORE-MEL", sku, 9);
        count.put("occurredAt", "2026-11-27T10:00:00Z");
        var counted = api(POS).post("/api/v1/inventory/movements", count);

        assertThat(counted.status()).as(counted.toString()).isEqualTo(201);
        assertThat(onHand("STORE-MEL", sku)).as("9 counted at 10:00, less the 2 damaged at 12:00").isEqualTo(7);
        assertThat(balance("shrink", sku)).isEqualTo(1);
    }

    @Test
    void anAdjustmentIsSigned() {
        String sku = Fixtures.sku(anyStyle(), "M");
        assertThat(move(ERP, "ADJUSTMENT", "WH1", sku, 4).status()).isEqualTo(201);
        assertThat(move(ERP, "ADJUSTMENT", "WH1", sku, -6).status()).isEqualTo(201);

        assertThat(onHand("WH1", sku)).isEqualTo(-2);
        assertThat(available("WH1", sku)).as("never broadcast below zero").isZero();
        assertThat(balance("found", sku)).isEqualTo(-4);
        assertThat(balance("shrink", sku)).isEqualTo(6);
    }

    @Test
    void replayingAMovementReturnsTheFirstAnswerAndMovesNothing() {
        String sku = Fixtures.sku(anyStyle(), "M");
        Map<String, Object> receipt = Fixtures.movement(unique("RCV"), "RECEIPT", "WH1", sku, 5);
        var first = api(ERP).post("/api/v1/inventory/movements", receipt);
        var again = api(ERP).post("/api/v1/inventory/movements", receipt);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(onHand("WH1", sku)).isEqualTo(5);

        receipt.put("lines", Fixtures.lines(sku, 6));
        var changed = api(ERP).post("/api/v1/inventory/movements", receipt);
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.contentType()).startsWith("application/problem+json");
        assertThat(onHand("WH1", sku)).isEqualTo(5);
    }

    @Test
    void refusesACallWithoutAKey() {
        var response = anonymous().post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", "WH1", "X", 1));
        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void refusesAMovementFromASystemTheContractDoesNotLetSendIt() {
        String sku = Fixtures.sku(anyStyle(), "M");
        var receipt = move(POS, "RECEIPT", "STORE-ABK", sku, 5);
        assertThat(receipt.status()).isEqualTo(403);
        assertThat(receipt.contentType()).startsWith("application/problem+json");
        assertThat(receipt.json().get("detail").asString()).contains("inventory.receipt");

        var elsewhere = move(POS, "DAMAGE", "WH1", sku, 1);
        assertThat(elsewhere.status()).as("the POS does not speak for the warehouse").isEqualTo(403);
        assertThat(elsewhere.json().get("location").asString()).isEqualTo("inventory.damage");

        assertThat(row("STORE-ABK", sku)).isNull();
        assertThat(row("WH1", sku)).isNull();
    }

    @Test
    void namesEveryBadFieldAtOnceAndWritesNothing() {
        String style = anyStyle();
        String sku = Fixtures.sku(style, "M");
        Map<String, Object> body = Fixtures.movement(unique("RCV"), "RECEIPT", "WH1", sku, 0, style + "-NOPE", 2, sku, 3);
        body.remove("occurredAt");
        body.put("movementId", "has spaces");
        var response = api(ERP).post("/api/v1/inventory/movements", body);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder(
                "movementId", "occurredAt", "lines[0].quantity", "lines[1].sku", "lines[2].sku");
        assertThat(row("WH1", sku)).isNull();
    }

    @Test
    void refusesUnknownLocationsTypesAndMissingLines() {
        var unknownLocation = api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", "NOWHERE"));
        assertThat(unknownLocation.status()).isEqualTo(422);
        assertThat(unknownLocation.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("location", "lines");

        var unknownType = api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("X"), "TELEPORT", "WH1", "A", 1));
        assertThat(unknownType.status()).isEqualTo(422);
        assertThat(unknownType.json().get("errors").findValuesAsString("field")).contains("type");

        var missing = api(ERP).post("/api/v1/inventory/movements", Map.of("type", "RECEIPT", "location", "WH1"));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("movementId", "occurredAt", "lines");
    }

    @Test
    void quantityRulesDependOnTheKindOfMovement() {
        String sku = Fixtures.sku(anyStyle(), "S");
        assertThat(move(ERP, "RECEIPT", "WH1", sku, -1).status()).isEqualTo(422);
        assertThat(move(ERP, "DAMAGE", "WH1", sku, 0).status()).isEqualTo(422);
        assertThat(move(ERP, "COUNT", "WH1", sku, -1).status()).isEqualTo(422);
        var zeroAdjustment = move(ERP, "ADJUSTMENT", "WH1", sku, 0);
        assertThat(zeroAdjustment.status()).isEqualTo(422);
        assertThat(zeroAdjustment.json().get("errors").get(0).get("field").asString()).isEqualTo("lines[0].quantity");

        Map<String, Object> fractional = Fixtures.movement(unique("RCV"), "RECEIPT", "WH1");
        fractional.put("lines", List.of(Map.of("sku", sku, "quantity", 1.5)));
        var fraction = api(ERP).post("/api/v1/inventory/movements", fractional);
        assertThat(fraction.status()).isEqualTo(422);
        assertThat(fraction.json().get("errors").get(0).get("field").asString()).isEqualTo("lines[0].quantity");

        Map<String, Object> noQuantity = Fixtures.movement(unique("RCV"), "RECEIPT", "WH1");
        noQuantity.put("lines", List.of(Map.of("sku", sku)));
        assertThat(api(ERP).post("/api/v1/inventory/movements", noQuantity).json().get("errors").get(0).get("field").asString())
                .isEqualTo("lines[0].quantity");
        assertThat(row("WH1", sku)).isNull();
    }

    @Test
    void theChangesFeedListsEachChangeOnceWithGrowingSequences() {
        String style = anyStyle();
        String m = Fixtures.sku(style, "M");
        String l = Fixtures.sku(style, "L");
        long before = lastSequence();
        receive("STORE-ABK", m, 3);
        assertThat(move(POS, "DAMAGE", "STORE-ABK", m, 1).status()).isEqualTo(201);
        receive("STORE-ABK", l, 2);
        receive("WH1", m, 4);

        var feed = api(OPS).get("/api/v1/inventory/availability/changes?after=" + before + "&location=STORE-ABK&limit=1000");
        assertThat(feed.status()).isEqualTo(200);
        JsonNode changes = feed.json().get("changes");
        List<JsonNode> mine = changes.valueStream().filter(c -> c.get("sku").asString().startsWith(style)).toList();
        assertThat(mine).extracting(c -> c.get("sku").asString() + ":" + c.get("onHand").asLong())
                .containsExactly(m + ":3", m + ":2", l + ":2");
        assertThat(mine).allMatch(c -> c.get("location").asString().equals("STORE-ABK"));
        long previous = before;
        for (JsonNode change : changes) {
            assertThat(change.get("sequence").asLong()).isGreaterThan(previous);
            previous = change.get("sequence").asLong();
        }
        assertThat(feed.json().get("next").asLong()).isEqualTo(previous);
        assertThat(row("STORE-ABK", m).get("sequence").asLong()).isEqualTo(mine.get(1).get("sequence").asLong());

        var page = api(OPS).get("/api/v1/inventory/availability/changes?after=" + before + "&limit=1");
        assertThat(page.json().get("changes")).hasSize(1);
        assertThat(page.json().get("next").asLong()).isEqualTo(page.json().get("changes").get(0).get("sequence").asLong());
    }

    @Test
    void aLongPollOfTheFeedAnswersWithTheChangeCommittedWhileItWaits() throws Exception {
        String style = anyStyle();
        String m = Fixtures.sku(style, "M");
        // a location nothing else in this suite moves, so the only change the poll can see is this test's
        long before = lastSequence();
        var poll = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                api(OPS).get("/api/v1/inventory/availability/changes?after=" + before + "&location=STORE-MEL&waitMs=20000"));
        Thread.sleep(300); // let the poll reach its wait before the receipt commits
        assertThat(poll).isNotDone();
        receive("STORE-MEL", m, 7);

        var answer = poll.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("changes").valueStream().map(c -> c.get("sku").asString() + ":" + c.get("onHand").asLong()))
                .contains(m + ":7");
        // with changes already there, a long poll answers at once with them
        var immediate = api(OPS).get("/api/v1/inventory/availability/changes?after=" + before + "&location=STORE-MEL&waitMs=20000");
        assertThat(immediate.json().get("changes")).isNotEmpty();
        assertThat(api(OPS).get("/api/v1/inventory/availability/changes?waitMs=60000").json().get("errors").get(0).get("field").asString())
                .isEqualTo("waitMs");
    }

    @Test
    void refusesBadFeedAndAvailabilityQueries() {
        assertThat(api(OPS).get("/api/v1/inventory/availability/changes?after=-1").status()).isEqualTo(422);
        assertThat(api(OPS).get("/api/v1/inventory/availability/changes?limit=0").status()).isEqualTo(422);
        assertThat(api(OPS).get("/api/v1/inventory/availability/changes?after=abc").status()).isEqualTo(422);
        assertThat(api(OPS).get("/api/v1/inventory/availability?location=NOWHERE").status()).isEqualTo(422);
        assertThat(api(OPS).get("/api/v1/inventory/availability?channel=teleshop").status()).isEqualTo(422);
        assertThat(api(OPS).get("/api/v1/inventory/availability?channel=web&location=WH1").status()).isEqualTo(422);
        assertThat(anonymous().get("/api/v1/inventory/availability/changes").status()).isEqualTo(401);
    }

    @Test
    void aChannelRowSumsItsLocations() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("WH1", sku, 6);
        var rows = api(WEB).get("/api/v1/inventory/availability?channel=web&sku=" + sku);
        assertThat(rows.status()).isEqualTo(200);
        JsonNode row = rows.json().get(0);
        assertThat(row.get("channel").asString()).isEqualTo("web");
        assertThat(row.get("location").asString()).isEqualTo("WH1");
        assertThat(row.get("onHand").asLong()).isEqualTo(6);
        assertThat(row.get("available").asLong()).isEqualTo(6);
        assertThat(row.get("sequence").asLong()).isEqualTo(row("WH1", sku).get("sequence").asLong());
    }

    private long balance(String account, String sku) {
        return jdbc.sql("SELECT COALESCE(SUM(posted), 0) FROM stock_balance WHERE account = ? AND sku = ?").params(account, sku)
                .query(Long.class).single();
    }

    private long lastSequence() {
        return jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM availability_change").query(Long.class).single();
    }
}

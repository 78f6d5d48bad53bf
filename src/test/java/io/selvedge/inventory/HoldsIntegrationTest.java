package io.selvedge.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class HoldsIntegrationTest extends InventoryApiTest {

    private static final String ALLOCATIONS = "/api/v1/inventory/allocations";
    private static final String RESERVATIONS = "/api/v1/inventory/reservations";

    @Test
    void anAllocationHoldsUnitsUntilItIsFulfilledOnce() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("WH1", sku, 10);
        String id = unique("PB");

        var held = api(WHOLESALE).post(ALLOCATIONS, body("allocationId", id, "account", "Nordstrom", "location", "WH1",
                "lines", Fixtures.lines(sku, 4)));
        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        assertThat(held.json().get("status").asString()).isEqualTo("HELD");
        assertThat(held.json().get("sequence").asLong()).isEqualTo(row("WH1", sku).get("sequence").asLong());
        assertThat(allocated("WH1", sku)).isEqualTo(4);
        assertThat(available("WH1", sku)).isEqualTo(6);
        assertThat(onHand("WH1", sku)).isEqualTo(10);

        var fulfilled = api(WHOLESALE).post(ALLOCATIONS + "/" + id + "/fulfil", "");
        assertThat(fulfilled.status()).as(fulfilled.toString()).isEqualTo(200);
        assertThat(fulfilled.json().get("status").asString()).isEqualTo("FULFILLED");
        assertThat(onHand("WH1", sku)).isEqualTo(6);
        assertThat(allocated("WH1", sku)).isZero();
        assertThat(available("WH1", sku)).isEqualTo(6);

        var again = api(WHOLESALE).post(ALLOCATIONS + "/" + id + "/fulfil", "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(onHand("WH1", sku)).as("fulfilled once").isEqualTo(6);

        var release = api(WHOLESALE).post(ALLOCATIONS + "/" + id + "/release", "");
        assertThat(release.status()).isEqualTo(409);
        assertThat(release.json().get("detail").asString()).contains("fulfilled");
        assertThat(api(ERP).get(ALLOCATIONS + "/" + id).json().get("status").asString()).isEqualTo("FULFILLED");
    }

    @Test
    void aReleasedAllocationFreesItsUnitsAndCannotBeFulfilled() {
        String sku = Fixtures.sku(anyStyle(), "L");
        receive("WH1", sku, 5);
        String id = unique("PB");
        assertThat(api(ERP).post(ALLOCATIONS, body("allocationId", id, "account", "Barneys", "location", "WH1",
                "lines", Fixtures.lines(sku, 5))).status()).isEqualTo(201);
        assertThat(available("WH1", sku)).isZero();

        var released = api(ERP).post(ALLOCATIONS + "/" + id + "/release", "");
        assertThat(released.status()).isEqualTo(200);
        assertThat(released.json().get("status").asString()).isEqualTo("RELEASED");
        assertThat(available("WH1", sku)).isEqualTo(5);
        assertThat(allocated("WH1", sku)).isZero();

        assertThat(api(ERP).post(ALLOCATIONS + "/" + id + "/release", "").header("Idempotent-Replay")).isEqualTo("true");
        assertThat(api(ERP).post(ALLOCATIONS + "/" + id + "/fulfil", "").status()).isEqualTo(409);
        assertThat(onHand("WH1", sku)).isEqualTo(5);
    }

    @Test
    void anAllocationShortOfAnySkuHoldsNothingAndNamesEachShortSku() {
        String style = anyStyle();
        String m = Fixtures.sku(style, "M");
        String l = Fixtures.sku(style, "L");
        String s = Fixtures.sku(style, "S");
        receive("WH1", m, 10);
        receive("WH1", l, 1);
        String id = unique("PB");

        var refused = api(WHOLESALE).post(ALLOCATIONS, body("allocationId", id, "account", "Nordstrom", "location", "WH1",
                "lines", Fixtures.lines(m, 3, l, 2, s, 1)));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode shortages = refused.json().get("shortages");
        assertThat(shortages).hasSize(2);
        assertThat(shortages.get(0).get("sku").asString()).isEqualTo(l);
        assertThat(shortages.get(0).get("requested").asLong()).isEqualTo(2);
        assertThat(shortages.get(0).get("available").asLong()).isEqualTo(1);
        assertThat(shortages.get(1).get("sku").asString()).isEqualTo(s);
        assertThat(shortages.get(1).get("available").asLong()).isZero();
        assertThat(allocated("WH1", m)).as("nothing held").isZero();
        assertThat(api(ERP).get(ALLOCATIONS + "/" + id).status()).isEqualTo(404);

        receive("WH1", l, 1);
        receive("WH1", s, 1);
        var retried = api(WHOLESALE).post(ALLOCATIONS, body("allocationId", id, "account", "Nordstrom", "location", "WH1",
                "lines", Fixtures.lines(m, 3, l, 2, s, 1)));
        assertThat(retried.status()).as("a refusal is not remembered: the same id may try again").isEqualTo(201);
    }

    @Test
    void refusesAllocationsFromSystemsThatMayNotSendThemOrForLocationsTheyDoNotServe() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("STORE-ABK", sku, 5);
        var fromPos = api(POS).post(ALLOCATIONS, body("allocationId", unique("PB"), "account", "A", "location", "STORE-ABK",
                "lines", Fixtures.lines(sku, 1)));
        assertThat(fromPos.status()).isEqualTo(403);

        var notItsLocation = api(WHOLESALE).post(ALLOCATIONS, body("allocationId", unique("PB"), "account", "A", "location", "STORE-ABK",
                "lines", Fixtures.lines(sku, 1)));
        assertThat(notItsLocation.status()).as("the wholesale channel sells from WH1 only").isEqualTo(403);
        assertThat(allocated("STORE-ABK", sku)).isZero();

        assertThat(api(WHOLESALE).post(ALLOCATIONS + "/" + unique("NOPE") + "/release", "").status()).isEqualTo(404);
        assertThat(api(WHOLESALE).post(ALLOCATIONS + "/" + unique("NOPE") + "/fulfil", "").status()).isEqualTo(404);
        assertThat(api(WEB).post(ALLOCATIONS + "/" + unique("NOPE") + "/fulfil", "").status()).isEqualTo(403);
        assertThat(anonymous().post(ALLOCATIONS, body()).status()).isEqualTo(401);
    }

    @Test
    void namesEveryBadFieldOfAnAllocation() {
        String style = anyStyle();
        var response = api(ERP).post(ALLOCATIONS, body("location", "NOWHERE",
                "lines", Fixtures.lines(Fixtures.sku(style, "M"), 0, style + "-X", 1)));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder(
                "location", "allocationId", "account", "lines[0].quantity", "lines[1].sku");
    }

    @Test
    void aReservationHoldsFromTheChannelsLocationsUntilReleased() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("WH1", sku, 3);
        String id = unique("CART");

        var held = api(WEB).post(RESERVATIONS, body("reservationId", id, "channel", "web", "lines", Fixtures.lines(sku, 2),
                "ttlSeconds", 600));
        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        assertThat(held.json().get("lines").get(0).get("location").asString()).isEqualTo("WH1");
        assertThat(held.json().get("lines").get(0).get("quantity").asLong()).isEqualTo(2);
        Instant expiresAt = Instant.parse(held.json().get("expiresAt").asString());
        assertThat(expiresAt).isBetween(Instant.now().plusSeconds(590), Instant.now().plusSeconds(610));
        assertThat(available("WH1", sku)).isEqualTo(1);
        assertThat(api(WEB).get("/api/v1/inventory/availability?channel=web&sku=" + sku).json().get(0).get("available").asLong())
                .isEqualTo(1);

        var released = api(WEB).post(RESERVATIONS + "/" + id + "/release", "");
        assertThat(released.status()).isEqualTo(200);
        assertThat(released.json().get("status").asString()).isEqualTo("RELEASED");
        assertThat(available("WH1", sku)).isEqualTo(3);
        assertThat(api(WEB).post(RESERVATIONS + "/" + id + "/release", "").header("Idempotent-Replay")).isEqualTo("true");
        assertThat(available("WH1", sku)).isEqualTo(3);
    }

    @Test
    void aReservationShortOfAnySkuHoldsNothing() {
        String style = anyStyle();
        String m = Fixtures.sku(style, "M");
        String l = Fixtures.sku(style, "L");
        receive("WH1", m, 5);
        receive("WH1", l, 1);
        long sequenceBefore = row("WH1", m).get("sequence").asLong();

        var refused = api(WEB).post(RESERVATIONS, body("reservationId", unique("CART"), "channel", "web",
                "lines", Fixtures.lines(m, 2, l, 3)));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asString()).endsWith("/insufficient-stock");
        assertThat(refused.json().get("shortages")).hasSize(1);
        assertThat(refused.json().get("shortages").get(0).get("sku").asString()).isEqualTo(l);
        assertThat(refused.json().get("shortages").get(0).get("available").asLong()).isEqualTo(1);
        assertThat(refused.json().get("detail").asString()).contains(l);
        assertThat(allocated("WH1", m)).isZero();
        assertThat(row("WH1", m).get("sequence").asLong()).as("no availability change").isEqualTo(sequenceBefore);
    }

    @Test
    void aReservationExpiresAfterItsTtlAndItsUnitsComeBack() throws InterruptedException {
        String sku = Fixtures.sku(anyStyle(), "S");
        receive("WH1", sku, 2);
        String id = unique("CART");
        assertThat(api(WEB).post(RESERVATIONS, body("reservationId", id, "channel", "web", "lines", Fixtures.lines(sku, 2),
                "ttlSeconds", 1)).status()).isEqualTo(201);
        assertThat(available("WH1", sku)).isZero();

        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        String status = "HELD";
        while (!status.equals("EXPIRED") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            status = api(WEB).get(RESERVATIONS + "/" + id).json().get("status").asString();
        }
        assertThat(status).isEqualTo("EXPIRED");
        assertThat(available("WH1", sku)).isEqualTo(2);
        assertThat(allocated("WH1", sku)).isZero();

        var release = api(WEB).post(RESERVATIONS + "/" + id + "/release", "");
        assertThat(release.status()).as("releasing an expired reservation changes nothing").isEqualTo(200);
        assertThat(release.json().get("status").asString()).isEqualTo("EXPIRED");
        assertThat(available("WH1", sku)).isEqualTo(2);
    }

    @Test
    void refusesReservationsFromSystemsThatDoNotSellThroughTheChannel() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("WH1", sku, 5);
        assertThat(api(POS).post(RESERVATIONS, body("reservationId", unique("CART"), "channel", "web",
                "lines", Fixtures.lines(sku, 1))).status()).isEqualTo(403);
        var otherChannel = api(WEB).post(RESERVATIONS, body("reservationId", unique("CART"), "channel", "wholesale",
                "lines", Fixtures.lines(sku, 1)));
        assertThat(otherChannel.status()).isEqualTo(403);
        assertThat(otherChannel.json().get("channel").asString()).isEqualTo("inventory.reservation");
        assertThat(allocated("WH1", sku)).isZero();

        String id = unique("CART");
        assertThat(api(WEB).post(RESERVATIONS, body("reservationId", id, "channel", "web", "lines", Fixtures.lines(sku, 1)))
                .status()).isEqualTo(201);
        assertThat(api(WHOLESALE).post(RESERVATIONS + "/" + id + "/release", "").status()).isEqualTo(403);
        assertThat(allocated("WH1", sku)).isEqualTo(1);
        assertThat(api(WEB).post(RESERVATIONS + "/" + unique("NOPE") + "/release", "").status()).isEqualTo(404);
        assertThat(api(WEB).get(RESERVATIONS + "/" + unique("NOPE")).status()).isEqualTo(404);
    }

    @Test
    void namesEveryBadFieldOfAReservation() {
        String sku = Fixtures.sku(anyStyle(), "M");
        var unknownChannel = api(WEB).post(RESERVATIONS, body("reservationId", unique("CART"), "channel", "teleshop",
                "lines", Fixtures.lines(sku, 1)));
        assertThat(unknownChannel.status()).isEqualTo(422);
        assertThat(unknownChannel.json().get("errors").findValuesAsString("field")).containsExactly("channel");

        var bad = api(WEB).post(RESERVATIONS, body("channel", "web", "ttlSeconds", 0, "lines", Fixtures.lines(sku, 1, sku, 2)));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder(
                "reservationId", "ttlSeconds", "lines[1].sku");
    }

    @Test
    void replayingAReservationReturnsTheFirstAnswerAndADifferentBodyIsAConflict() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("WH1", sku, 5);
        String id = unique("CART");
        var body = body("reservationId", id, "channel", "web", "lines", Fixtures.lines(sku, 2));
        var first = api(WEB).post(RESERVATIONS, body);
        var again = api(WEB).post(RESERVATIONS, body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(allocated("WH1", sku)).isEqualTo(2);

        var other = api(WEB).post(RESERVATIONS, body("reservationId", id, "channel", "web", "lines", Fixtures.lines(sku, 3)));
        assertThat(other.status()).isEqualTo(409);
        assertThat(allocated("WH1", sku)).isEqualTo(2);
    }
}

package io.selvedge.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.selvedge.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The facade sales posts through, driven directly; effects are read back through the public API. */
class StockLedgerIntegrationTest extends InventoryApiTest {

    private static final Instant AT = Instant.parse("2026-11-28T22:01:10Z");

    private final StockLedger ledger;

    @Autowired
    StockLedgerIntegrationTest(StockLedger ledger) {
        this.ledger = ledger;
    }

    @Test
    void aStoreSaleTakesUnitsFromOnHandOnce() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("STORE-ABK", sku, 3);
        String movement = unique("SALE");

        StockEffect effect = ledger.sell(movement, "STORE-ABK", List.of(new StockLine(sku, 2)), AT, false);
        StockEffect replay = ledger.sell(movement, "STORE-ABK", List.of(new StockLine(sku, 2)), AT, false);

        assertThat(effect.oversoldSkus()).isEmpty();
        assertThat(effect.sequence()).isEqualTo(row("STORE-ABK", sku).get("sequence").asLong());
        assertThat(replay).isEqualTo(effect);
        assertThat(onHand("STORE-ABK", sku)).isEqualTo(1);
    }

    @Test
    void aStoreSaleIsNeverRefusedAndAnOversellIsFlaggedAndListed() {
        String style = anyStyle();
        String m = Fixtures.sku(style, "M");
        String l = Fixtures.sku(style, "L");
        receive("STORE-SOHO", m, 1);
        receive("STORE-SOHO", l, 5);
        String movement = unique("SALE");

        StockEffect effect = ledger.sell(movement, "STORE-SOHO", List.of(new StockLine(m, 3), new StockLine(l, 1)), AT, false);

        assertThat(effect.oversoldSkus()).containsExactly(m);
        JsonNode row = row("STORE-SOHO", m);
        assertThat(row.get("onHand").asLong()).isEqualTo(-2);
        assertThat(row.get("available").asLong()).as("never broadcast below zero").isZero();
        assertThat(ledger.sell(movement, "STORE-SOHO", List.of(new StockLine(m, 3), new StockLine(l, 1)), AT, false).oversoldSkus())
                .as("a replay reports the first effect").containsExactly(m);

        var oversells = api(OPS).get("/api/v1/inventory/oversells?location=STORE-SOHO");
        assertThat(oversells.status()).isEqualTo(200);
        JsonNode listed = oversells.json().valueStream().filter(o -> o.get("movementId").asString().equals(movement)).findFirst().orElseThrow();
        assertThat(listed.get("sku").asString()).isEqualTo(m);
        assertThat(listed.get("quantity").asLong()).as("units sold beyond what was available").isEqualTo(2);
        assertThat(listed.get("onHand").asLong()).isEqualTo(-2);
        assertThat(api(OPS).get("/api/v1/inventory/oversells?location=STORE-MEL").json().valueStream()
                .noneMatch(o -> o.get("movementId").asString().equals(movement))).isTrue();
        assertThat(anonymous().get("/actuator/prometheus").body())
                .containsPattern("selvedge_inventory_oversells_total\\{location=\"STORE-SOHO\"\\} [1-9]");
    }

    @Test
    void aSaleOfUnitsHeldForAPreBookIsAnOversell() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("STORE-MEL", sku, 2);
        String preBook = unique("PB");
        assertThat(api(ERP).post("/api/v1/inventory/allocations", body("allocationId", preBook, "account", "Nordstrom",
                "location", "STORE-MEL", "lines", Fixtures.lines(sku, 2))).status()).isEqualTo(201);

        StockEffect effect = ledger.sell(unique("SALE"), "STORE-MEL", List.of(new StockLine(sku, 1)), AT, false);

        assertThat(effect.oversoldSkus()).containsExactly(sku);
        assertThat(onHand("STORE-MEL", sku)).isEqualTo(1);
        assertThat(available("STORE-MEL", sku)).isZero();

        // the pre-book ships anyway: available stays 0, yet the row changed (held 2 -> 0) and is broadcast anew
        long before = row("STORE-MEL", sku).get("sequence").asLong();
        assertThat(api(ERP).post("/api/v1/inventory/allocations/" + preBook + "/fulfil", "").status()).isEqualTo(200);
        JsonNode after = row("STORE-MEL", sku);
        assertThat(after.get("onHand").asLong()).isEqualTo(-1);
        assertThat(after.get("allocated").asLong()).isZero();
        assertThat(after.get("available").asLong()).isZero();
        assertThat(after.get("sequence").asLong()).isGreaterThan(before);
    }

    @Test
    void anEmployeePurchaseGoesToTheEmployeeAccount() {
        String sku = Fixtures.sku(anyStyle(), "S");
        receive("STORE-ABK", sku, 2);
        ledger.sell(unique("EMP"), "STORE-ABK", List.of(new StockLine(sku, 1)), AT, true);
        assertThat(onHand("STORE-ABK", sku)).isEqualTo(1);
    }

    @Test
    void aVoidReversesTheSaleExactlyOnce() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("STORE-ABK", sku, 1);
        String sale = unique("SALE");
        ledger.sell(sale, "STORE-ABK", List.of(new StockLine(sku, 3)), AT, false);
        assertThat(onHand("STORE-ABK", sku)).isEqualTo(-2);

        String voidId = unique("VOID");
        StockEffect reversed = ledger.reverseSale(voidId, sale, AT.plusSeconds(60));
        assertThat(reversed.sequence()).isEqualTo(row("STORE-ABK", sku).get("sequence").asLong());
        assertThat(onHand("STORE-ABK", sku)).isEqualTo(1);

        assertThat(ledger.reverseSale(voidId, sale, AT.plusSeconds(60))).as("replay").isEqualTo(reversed);
        assertThat(ledger.reverseSale(unique("VOID"), sale, AT.plusSeconds(90)).sequence()).as("a second void moves nothing").isZero();
        assertThat(onHand("STORE-ABK", sku)).isEqualTo(1);
        assertThatThrownBy(() -> ledger.reverseSale(unique("VOID"), unique("NO-SUCH-SALE"), AT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChannelOrderWithoutAReservationTakesFromThePoolOrIsShortHoldingNothing() {
        String style = anyStyle();
        String m = Fixtures.sku(style, "M");
        String l = Fixtures.sku(style, "L");
        receive("WH1", m, 2);
        receive("WH1", l, 1);

        ChannelSaleOutcome refused = ledger.sellFromChannel(unique("W"), "web", null, List.of(new StockLine(m, 1), new StockLine(l, 2)), AT);
        assertThat(refused).isEqualTo(new ChannelSaleOutcome.Short(List.of(new Shortage(l, 2, 1))));
        assertThat(onHand("WH1", m)).isEqualTo(2);

        String order = unique("W");
        ChannelSaleOutcome sold = ledger.sellFromChannel(order, "web", null, List.of(new StockLine(m, 2), new StockLine(l, 1)), AT);
        assertThat(sold).isInstanceOf(ChannelSaleOutcome.Sold.class);
        assertThat(onHand("WH1", m)).isZero();
        assertThat(onHand("WH1", l)).isZero();
        assertThat(ledger.sellFromChannel(order, "web", null, List.of(new StockLine(m, 2), new StockLine(l, 1)), AT))
                .as("replay").isEqualTo(sold);
        assertThat(onHand("WH1", m)).isZero();
    }

    @Test
    void anOrderConsumesItsReservationOnceAndOnlyForTheUnitsItHolds() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("WH1", sku, 3);
        String cart = unique("CART");
        assertThat(api(WEB).post("/api/v1/inventory/reservations", body("reservationId", cart, "channel", "web",
                "lines", Fixtures.lines(sku, 2))).status()).isEqualTo(201);

        assertThat(ledger.sellFromChannel(unique("W"), "web", cart, List.of(new StockLine(sku, 1)), AT))
                .isInstanceOf(ChannelSaleOutcome.ReservationUnusable.class);
        assertThat(ledger.sellFromChannel(unique("W"), "wholesale", cart, List.of(new StockLine(sku, 2)), AT))
                .isInstanceOf(ChannelSaleOutcome.ReservationUnusable.class);
        assertThat(allocated("WH1", sku)).as("a refused order leaves the hold").isEqualTo(2);

        ChannelSaleOutcome sold = ledger.sellFromChannel(unique("W"), "web", cart, List.of(new StockLine(sku, 2)), AT);
        assertThat(sold).isInstanceOf(ChannelSaleOutcome.Sold.class);
        JsonNode row = row("WH1", sku);
        assertThat(row.get("onHand").asLong()).isEqualTo(1);
        assertThat(row.get("allocated").asLong()).isZero();
        assertThat(row.get("available").asLong()).isEqualTo(1);
        assertThat(api(WEB).get("/api/v1/inventory/reservations/" + cart).json().get("status").asString()).isEqualTo("CONSUMED");

        ChannelSaleOutcome again = ledger.sellFromChannel(unique("W"), "web", cart, List.of(new StockLine(sku, 2)), AT);
        assertThat(again).isInstanceOf(ChannelSaleOutcome.ReservationUnusable.class);
        assertThat(((ChannelSaleOutcome.ReservationUnusable) again).reason()).contains("consumed");
        assertThat(api(WEB).post("/api/v1/inventory/reservations/" + cart + "/release", "").status()).isEqualTo(409);
        assertThat(ledger.sellFromChannel(unique("W"), "web", unique("NOPE"), List.of(new StockLine(sku, 1)), AT))
                .isInstanceOf(ChannelSaleOutcome.ReservationUnusable.class);
        assertThat(onHand("WH1", sku)).isEqualTo(1);
    }

    @Test
    void aReleasedReservationCannotBeUsed() {
        String sku = Fixtures.sku(anyStyle(), "L");
        receive("WH1", sku, 1);
        String cart = unique("CART");
        api(WEB).post("/api/v1/inventory/reservations", body("reservationId", cart, "channel", "web", "lines", Fixtures.lines(sku, 1)));
        api(WEB).post("/api/v1/inventory/reservations/" + cart + "/release", "");

        ChannelSaleOutcome outcome = ledger.sellFromChannel(unique("W"), "web", cart, List.of(new StockLine(sku, 1)), AT);
        assertThat(outcome).isEqualTo(new ChannelSaleOutcome.ReservationUnusable(cart, "released"));
        assertThat(onHand("WH1", sku)).isEqualTo(1);
    }
}

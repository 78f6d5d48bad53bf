package io.selvedge.transfers;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class TransfersIntegrationTest extends TransfersApiTest {

    private final JdbcClient jdbc;

    @Autowired
    TransfersIntegrationTest(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Test
    void anUnknownStatusInTheParkedReceiptsListingIsA422NamingIt() {
        var bad = api(OPS).get("/api/v1/transfers/receipts/parked?status=LOST");
        assertThat(bad.status()).as(bad.body()).isEqualTo(422);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("status");
    }

    @Test
    void aTransferShipsIntoTheDestinationsInTransitAndArrivesIntoItsOnHand() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("STORE-SOHO", sku, 10);
        String ref = unique("TR");

        var created = create(POS, transfer(ref, "STORE-SOHO", "STORE-MEL", sku, 4));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("status").asString()).isEqualTo("CREATED");
        assertThat(created.json().get("createdBy").asString()).isEqualTo("pos");
        assertThat(line(created.json(), sku).get("quantity").asLong()).isEqualTo(4);
        assertThat(onHand("STORE-SOHO", sku)).as("creating moves nothing").isEqualTo(10);

        var shipped = api(POS).post("/api/v1/transfers/" + ref + "/shipment", Map.of("occurredAt", "2026-11-02T09:00:00Z"));
        assertThat(shipped.status()).as(shipped.toString()).isEqualTo(200);
        assertThat(shipped.json().get("status").asString()).isEqualTo("SHIPPED");
        assertThat(shipped.json().get("shippedAt").asString()).isEqualTo("2026-11-02T09:00:00Z");
        assertThat(line(shipped.json(), sku).get("shipped").asLong()).isEqualTo(4);
        assertThat(shipped.json().get("oversold")).isEmpty();
        assertThat(onHand("STORE-SOHO", sku)).isEqualTo(6);
        JsonNode coming = row("STORE-MEL", sku);
        assertThat(coming.get("inTransit").asLong()).as("availability shows the units coming").isEqualTo(4);
        assertThat(coming.get("onHand").asLong()).isZero();
        assertThat(coming.get("available").asLong()).as("in transit is not available to sell").isZero();
        assertThat(shipped.json().get("sequence").asLong()).isEqualTo(Math.max(coming.get("sequence").asLong(),
                row("STORE-SOHO", sku).get("sequence").asLong()));

        var received = receipt(POS, ref, arrived(sku, 4));
        assertThat(received.status()).as(received.toString()).isEqualTo(200);
        assertThat(received.json().get("status").asString()).isEqualTo("RECEIVED");
        assertThat(received.json().get("receivedBy").asString()).isEqualTo("pos");
        assertThat(line(received.json(), sku).get("discrepancy").asLong()).isZero();
        assertThat(received.json().get("discrepancy").get("shortUnits").asLong()).isZero();
        assertThat(received.json().get("discrepancy").get("overUnits").asLong()).isZero();
        assertThat(onHand("STORE-MEL", sku)).isEqualTo(4);
        assertThat(inTransit("STORE-MEL", sku)).isZero();
        assertThat(onHand("STORE-SOHO", sku)).isEqualTo(6);

        var read = api(FINANCE).get("/api/v1/transfers/" + ref);
        assertThat(read.status()).isEqualTo(200);
        JsonNode expected = received.json().deepCopy();
        ((tools.jackson.databind.node.ObjectNode) expected).remove("sequence");
        assertThat(read.json()).as("the record reads back as the receipt answered it").isEqualTo(expected);
    }

    @Test
    void publishesShippedToTheDestinationAndReceivedToTheOriginInOrder() {
        String sku = Fixtures.sku(anyStyle(), "S");
        receive("STORE-ABK", sku, 3);
        String ref = unique("TR");
        assertThat(create(ERP, transfer(ref, "STORE-ABK", "STORE-SOHO", sku, 2)).status()).isEqualTo(201);
        var shipped = ship(ERP, ref);
        var received = receipt(ERP, ref, arrived(sku, 2));

        List<JsonNode> shippedEvents = events("transfer.shipped", ref);
        List<JsonNode> receivedEvents = events("transfer.received", ref);
        assertThat(shippedEvents).hasSize(1);
        assertThat(receivedEvents).hasSize(1);
        assertThat(shippedEvents.get(0).get("location").asString()).isEqualTo("STORE-SOHO");
        assertThat(receivedEvents.get(0).get("location").asString()).isEqualTo("STORE-ABK");
        assertThat(shippedEvents.get(0).get("sequence").asLong()).isLessThan(receivedEvents.get(0).get("sequence").asLong());
        assertThat(shippedEvents.get(0).get("data").get("status").asString()).isEqualTo("SHIPPED");
        assertThat(line(shippedEvents.get(0).get("data"), sku).get("shipped").asLong()).isEqualTo(2);
        assertThat(receivedEvents.get(0).get("data").get("receivedAt").asString())
                .isEqualTo(received.json().get("receivedAt").asString());
        assertThat(shippedEvents.get(0).get("occurredAt").asString()).isEqualTo(shipped.json().get("shippedAt").asString());

        assertThat(ship(ERP, ref).header("Idempotent-Replay")).isEqualTo("true");
        assertThat(receipt(ERP, ref, arrived(sku, 2)).header("Idempotent-Replay")).isEqualTo("true");
        assertThat(events("transfer.shipped", ref)).as("a replay publishes nothing").hasSize(1);
        assertThat(events("transfer.received", ref)).hasSize(1);
    }

    @Test
    void shortUnitsGoToShrinkInTransitAndExtraUnitsComeFromFound() {
        String style = anyStyle();
        String s = Fixtures.sku(style, "S");
        String m = Fixtures.sku(style, "M");
        String l = Fixtures.sku(style, "L");
        receive("WH1", m, 10);
        receive("WH1", l, 10);
        String ref = unique("TR");
        assertThat(create(ERP, transfer(ref, "WH1", "STORE-ABK", m, 5, l, 2)).status()).isEqualTo(201);
        assertThat(ship(ERP, ref).status()).isEqualTo(200);
        assertThat(inTransit("STORE-ABK", m)).isEqualTo(5);
        assertThat(inTransit("STORE-ABK", l)).isEqualTo(2);

        // three of five M arrived, four L where two were shipped, and one S nobody shipped
        var received = receipt(POS, ref, arrived(m, 3, l, 4, s, 1));
        assertThat(received.status()).as(received.toString()).isEqualTo(200);

        assertThat(onHand("STORE-ABK", m)).isEqualTo(3);
        assertThat(onHand("STORE-ABK", l)).isEqualTo(4);
        assertThat(onHand("STORE-ABK", s)).isEqualTo(1);
        assertThat(inTransit("STORE-ABK", m)).isZero();
        assertThat(inTransit("STORE-ABK", l)).isZero();
        assertThat(balance("shrink_in_transit", m)).isEqualTo(2);
        assertThat(balance("found", l)).isEqualTo(-2);
        assertThat(balance("found", s)).isEqualTo(-1);
        assertThat(balance("shrink", m)).as("count shrink is a different account").isZero();

        JsonNode record = api(OPS).get("/api/v1/transfers/" + ref).json();
        assertThat(line(record, m).get("discrepancy").asLong()).isEqualTo(-2);
        assertThat(line(record, l).get("discrepancy").asLong()).isEqualTo(2);
        assertThat(line(record, s).get("quantity").asLong()).isZero();
        assertThat(line(record, s).get("shipped").asLong()).isZero();
        assertThat(line(record, s).get("discrepancy").asLong()).isEqualTo(1);
        assertThat(record.get("discrepancy").get("shortUnits").asLong()).isEqualTo(2);
        assertThat(record.get("discrepancy").get("overUnits").asLong()).isEqualTo(3);
        assertThat(record.get("discrepancy").get("lines")).hasSize(3);
        assertConserved(s, m, l);
    }

    @Test
    void aShipmentThatArrivesNotAtAllIsAllShrink() {
        String sku = Fixtures.sku(anyStyle(), "L");
        receive("STORE-MEL", sku, 2);
        String ref = unique("TR");
        assertThat(create(POS, transfer(ref, "STORE-MEL", "STORE-ABK", sku, 2)).status()).isEqualTo(201);
        assertThat(ship(POS, ref).status()).isEqualTo(200);

        var received = receipt(POS, ref, Map.of("lines", List.of()));
        assertThat(received.status()).as(received.toString()).isEqualTo(200);
        assertThat(received.json().get("discrepancy").get("shortUnits").asLong()).isEqualTo(2);
        assertThat(balance("shrink_in_transit", sku)).isEqualTo(2);
        assertThat(inTransit("STORE-ABK", sku)).isZero();
        assertThat(onHand("STORE-ABK", sku)).isZero();
        assertConserved(sku);
    }

    @Test
    void receivingTwiceIsRefusedAndMovesNothing() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("STORE-ABK", sku, 5);
        String ref = unique("TR");
        assertThat(create(POS, transfer(ref, "STORE-ABK", "STORE-MEL", sku, 5)).status()).isEqualTo(201);
        assertThat(ship(POS, ref).status()).isEqualTo(200);
        var first = receipt(POS, ref, arrived(sku, 5));
        assertThat(first.status()).isEqualTo(200);

        var again = receipt(POS, ref, arrived(sku, 5));
        assertThat(again.status()).as("the same receipt again is a replay").isEqualTo(200);
        assertThat(again.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(again.json()).isEqualTo(first.json());

        var other = receipt(POS, ref, arrived(sku, 6));
        assertThat(other.status()).as("a second, different receipt").isEqualTo(409);
        assertThat(other.contentType()).startsWith("application/problem+json");
        var byOthers = receipt(ERP, ref, arrived(sku, 4));
        assertThat(byOthers.status()).isEqualTo(409);

        assertThat(onHand("STORE-MEL", sku)).isEqualTo(5);
        assertThat(balance("found", sku)).isZero();
        assertThat(balance("shrink_in_transit", sku)).isZero();
        assertThat(api(OPS).get("/api/v1/transfers/" + ref).json().get("receivedAt").asString())
                .isEqualTo(first.json().get("receivedAt").asString());
    }

    @Test
    void aReceiptBeforeTheShipmentIsParkedAndReceivedOnceWhenItShips() throws Exception {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("STORE-ABK", sku, 5);
        String ref = unique("TR");
        assertThat(create(POS, transfer(ref, "STORE-ABK", "STORE-SOHO", sku, 2)).status()).isEqualTo(201);

        // store B's scanner is online first
        var early = receipt(POS, ref, arrived(sku, 2));
        assertThat(early.status()).as(early.toString()).isEqualTo(202);
        assertThat(early.json().get("status").asString()).isEqualTo("PENDING_SHIPMENT");
        assertThat(onHand("STORE-SOHO", sku)).as("nothing moves while parked").isZero();
        assertThat(parkedReceipt("", ref).get("status").asString()).isEqualTo("PENDING_SHIPMENT");
        List<Integer> resent = concurrently(6, () -> receipt(POS, ref, arrived(sku, 2)).status());
        assertThat(resent).as("the same receipt again waits as one").containsOnly(202);
        assertThat(receipt(POS, ref, arrived(sku, 1)).status()).as("another receipt while one waits").isEqualTo(409);

        var shipped = ship(POS, ref);
        assertThat(shipped.status()).as(shipped.toString()).isEqualTo(200);
        assertThat(onHand("STORE-ABK", sku)).isEqualTo(3);
        assertThat(onHand("STORE-SOHO", sku)).as("received in the shipment's write").isEqualTo(2);
        assertThat(inTransit("STORE-SOHO", sku)).isZero();
        assertConserved(sku);
        assertThat(api(OPS).get("/api/v1/transfers/" + ref).json().get("status").asString()).isEqualTo("RECEIVED");
        assertThat(parkedReceipt("", ref)).as("no longer waiting").isNull();
        JsonNode applied = parkedReceipt("?status=APPLIED", ref);
        assertThat(applied.get("result").get("status").asString()).isEqualTo("RECEIVED");

        List<Integer> afterwards = concurrently(4, () -> receipt(POS, ref, arrived(sku, 2)).status());
        assertThat(afterwards).as("replays of the applied receipt").containsOnly(200);
        assertThat(onHand("STORE-SOHO", sku)).as("received once").isEqualTo(2);
        assertThat(receipt(POS, ref, arrived(sku, 1)).status()).as("a second, different receipt").isEqualTo(409);
    }

    @Test
    void aReceiptForATransferNotCreatedYetIsParkedUntilItIsCreatedAndShipped() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("STORE-SOHO", sku, 4);
        String ref = unique("TR");
        var early = receipt(POS, ref, Map.of("occurredAt", "2026-11-02T12:00:00Z", "lines", Fixtures.lines(sku, 3)));
        assertThat(early.status()).as(early.toString()).isEqualTo(202);
        assertThat(api(OPS).get("/api/v1/transfers/" + ref).status()).as("the transfer itself is not made up").isEqualTo(404);

        assertThat(create(ERP, transfer(ref, "STORE-SOHO", "STORE-MEL", sku, 3)).status()).isEqualTo(201);
        assertThat(onHand("STORE-MEL", sku)).as("created is not shipped").isZero();
        var shipped = api(ERP).post("/api/v1/transfers/" + ref + "/shipment", Map.of("occurredAt", "2026-11-02T09:00:00Z"));
        assertThat(shipped.status()).as(shipped.toString()).isEqualTo(200);
        assertThat(onHand("STORE-MEL", sku)).isEqualTo(3);
        assertThat(onHand("STORE-SOHO", sku)).isEqualTo(1);
        assertThat(inTransit("STORE-MEL", sku)).isZero();
        assertConserved(sku);
        JsonNode read = api(OPS).get("/api/v1/transfers/" + ref).json();
        assertThat(read.get("receivedAt").asString()).isEqualTo("2026-11-02T12:00:00Z");
        assertThat(read.get("receivedBy").asString()).isEqualTo("pos");
    }

    @Test
    void aParkedReceiptIsJudgedWhenTheShipmentIsKnown() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("STORE-ABK", sku, 5);

        // dated before the shipment it waited for: refused then, and listed as refused; a corrected receipt is taken
        String ref = unique("TR");
        assertThat(create(POS, transfer(ref, "STORE-ABK", "STORE-SOHO", sku, 2)).status()).isEqualTo(201);
        Map<String, Object> tooEarly = Map.of("occurredAt", "2026-11-02T09:59:59Z", "lines", Fixtures.lines(sku, 2));
        assertThat(receipt(POS, ref, tooEarly).status()).isEqualTo(202);
        assertThat(api(POS).post("/api/v1/transfers/" + ref + "/shipment", Map.of("occurredAt", "2026-11-02T10:00:00Z")).status())
                .isEqualTo(200);
        assertThat(inTransit("STORE-SOHO", sku)).as("nothing was received").isEqualTo(2);
        JsonNode refused = parkedReceipt("?status=REFUSED", ref);
        assertThat(refused.get("result").get("status").asInt()).isEqualTo(422);
        var again = receipt(POS, ref, tooEarly);
        assertThat(again.status()).as("the refusal is its answer").isEqualTo(422);
        assertThat(again.json().get("errors").findValuesAsString("field")).containsExactly("occurredAt");
        var corrected = receipt(POS, ref, Map.of("occurredAt", "2026-11-02T10:30:00Z", "lines", Fixtures.lines(sku, 2)));
        assertThat(corrected.status()).as(corrected.toString()).isEqualTo(200);
        assertThat(onHand("STORE-SOHO", sku)).isEqualTo(2);
        assertConserved(sku);

        // an undated shipment after a receipt is dated no later than the receipt: the units left before they arrived
        String undated = unique("TR");
        assertThat(create(POS, transfer(undated, "STORE-ABK", "STORE-SOHO", sku, 1)).status()).isEqualTo(201);
        assertThat(receipt(POS, undated, arrived(sku, 1)).status()).isEqualTo(202);
        assertThat(ship(POS, undated).status()).isEqualTo(200);
        assertThat(api(OPS).get("/api/v1/transfers/" + undated).json().get("status").asString()).isEqualTo("RECEIVED");

        // parked while the transfer was unknown, by a system that turns out not to speak for the destination
        String notTheirs = unique("TR");
        assertThat(receipt(POS, notTheirs, arrived(sku, 2)).status()).isEqualTo(202);
        assertThat(create(ERP, transfer(notTheirs, "STORE-ABK", "WH1", sku, 1)).status()).isEqualTo(201);
        assertThat(ship(ERP, notTheirs).status()).isEqualTo(200);
        assertThat(parkedReceipt("?status=REFUSED", notTheirs).get("result").get("status").asInt()).isEqualTo(403);
        assertThat(onHand("WH1", sku)).isZero();
        assertThat(inTransit("WH1", sku)).isEqualTo(1);
        assertThat(receipt(OPS, notTheirs, arrived(sku, 1)).status()).isEqualTo(200);
        assertThat(onHand("WH1", sku)).isEqualTo(1);
        assertConserved(sku);
    }

    @Test
    void shippingMoreThanOnHandIsAllowedButFlaggedLikeAnOversell() {
        String sku = Fixtures.sku(anyStyle(), "S");
        receive("STORE-SOHO", sku, 1);
        String ref = unique("TR");
        assertThat(create(ERP, transfer(ref, "STORE-SOHO", "STORE-ABK", sku, 3)).status()).isEqualTo(201);

        var shipped = ship(POS, ref);
        assertThat(shipped.status()).as(shipped.toString()).isEqualTo(200);
        assertThat(shipped.json().get("oversold").valueStream().map(JsonNode::asString).toList()).containsExactly(sku);
        assertThat(line(shipped.json(), sku).get("oversold").asBoolean()).isTrue();
        assertThat(onHand("STORE-SOHO", sku)).isEqualTo(-2);
        assertThat(row("STORE-SOHO", sku).get("available").asLong()).as("never broadcast below zero").isZero();
        assertThat(inTransit("STORE-ABK", sku)).isEqualTo(3);

        JsonNode oversells = api(OPS).get("/api/v1/inventory/oversells?location=STORE-SOHO&limit=1000").json();
        List<JsonNode> mine = oversells.valueStream().filter(o -> o.get("sku").asString().equals(sku)).toList();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("quantity").asLong()).as("two units were not there").isEqualTo(2);
        assertThat(mine.get(0).get("movementId").asString()).contains(ref);
        assertThat(api(OPS).get("/api/v1/transfers/" + ref).json().get("oversold")).hasSize(1);
    }

    @Test
    void aShipmentMayStateWhatActuallyLeft() {
        String style = anyStyle();
        String m = Fixtures.sku(style, "M");
        String l = Fixtures.sku(style, "L");
        receive("WH1", m, 10);
        receive("WH1", l, 10);
        String ref = unique("TR");
        assertThat(create(ERP, transfer(ref, "WH1", "STORE-MEL", m, 5, l, 5)).status()).isEqualTo(201);

        var shipped = api(ERP).post("/api/v1/transfers/" + ref + "/shipment", Map.of("lines", Fixtures.lines(m, 4)));
        assertThat(shipped.status()).as(shipped.toString()).isEqualTo(200);
        assertThat(line(shipped.json(), m).get("shipped").asLong()).isEqualTo(4);
        assertThat(line(shipped.json(), l).get("shipped").asLong()).as("planned, not shipped").isZero();
        assertThat(onHand("WH1", m)).isEqualTo(6);
        assertThat(onHand("WH1", l)).isEqualTo(10);
        assertThat(inTransit("STORE-MEL", m)).isEqualTo(4);
        assertThat(row("STORE-MEL", l)).isNull();

        assertThat(receipt(POS, ref, arrived(m, 4)).status()).isEqualTo(200);
        assertThat(onHand("STORE-MEL", m)).isEqualTo(4);
        assertThat(balance("shrink_in_transit", l)).as("nothing shipped, nothing lost").isZero();
    }

    @Test
    void creatingIsIdempotentByTheTransferRef() {
        String sku = Fixtures.sku(anyStyle(), "M");
        String ref = unique("TR");
        var first = create(ERP, transfer(ref, "WH1", "STORE-ABK", sku, 2));
        var again = create(ERP, transfer(ref, "WH1", "STORE-ABK", sku, 2));
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(again.json()).isEqualTo(first.json());

        var other = create(ERP, transfer(ref, "WH1", "STORE-ABK", sku, 3));
        assertThat(other.status()).isEqualTo(409);
        assertThat(line(api(OPS).get("/api/v1/transfers/" + ref).json(), sku).get("quantity").asLong()).isEqualTo(2);

        var shipped = api(ERP).post("/api/v1/transfers/" + ref + "/shipment", Map.of("occurredAt", "2026-11-02T10:00:00Z"));
        var otherShipment = api(ERP).post("/api/v1/transfers/" + ref + "/shipment", Map.of("occurredAt", "2026-11-02T11:00:00Z"));
        assertThat(shipped.status()).isEqualTo(200);
        assertThat(otherShipment.status()).as("a transfer is shipped once").isEqualTo(409);
        assertThat(onHand("WH1", sku)).isEqualTo(-2);
    }

    @Test
    void onlyTheSystemsThatSpeakForTheLocationMayCreateShipOrReceive() {
        String sku = Fixtures.sku(anyStyle(), "M");
        String ref = unique("TR");
        var fromWarehouse = create(POS, transfer(ref, "WH1", "STORE-ABK", sku, 1));
        assertThat(fromWarehouse.status()).as("the POS does not speak for the warehouse").isEqualTo(403);
        assertThat(fromWarehouse.contentType()).startsWith("application/problem+json");
        assertThat(create(WEB, transfer(ref, "STORE-ABK", "STORE-MEL", sku, 1)).status()).isEqualTo(403);
        assertThat(api(OPS).get("/api/v1/transfers/" + ref).status()).as("nothing was created").isEqualTo(404);

        String toWarehouse = unique("TR");
        assertThat(create(ERP, transfer(toWarehouse, "STORE-ABK", "WH1", sku, 1)).status()).isEqualTo(201);
        assertThat(ship(FINANCE, toWarehouse).status()).isEqualTo(403);
        assertThat(ship(POS, toWarehouse).status()).as("the origin's POS ships").isEqualTo(200);
        var notTheirs = receipt(POS, toWarehouse, arrived(sku, 1));
        assertThat(notTheirs.status()).as("the POS does not receive at the warehouse").isEqualTo(403);
        assertThat(onHand("WH1", sku)).isZero();
        assertThat(receipt(OPS, toWarehouse, arrived(sku, 1)).status()).isEqualTo(200);
        assertThat(onHand("WH1", sku)).isEqualTo(1);
    }

    @Test
    void namesEveryBadFieldAtOnceAndWritesNothing() {
        String style = anyStyle();
        String sku = Fixtures.sku(style, "M");
        Map<String, Object> body = transfer("has spaces", "NOWHERE", null, sku, 0, style + "-NOPE", 1, sku, 2);
        var response = create(ERP, body);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder(
                "transferRef", "from", "to", "lines[0].quantity", "lines[1].sku", "lines[2].sku");

        String ref = unique("TR");
        var same = create(ERP, transfer(ref, "STORE-ABK", "STORE-ABK", sku, 1));
        assertThat(same.status()).isEqualTo(422);
        assertThat(same.json().get("errors").findValuesAsString("field")).containsExactly("to");
        var noLines = create(ERP, transfer(ref, "STORE-ABK", "STORE-MEL"));
        assertThat(noLines.json().get("errors").findValuesAsString("field")).containsExactly("lines");
        var fraction = create(ERP, Map.of("transferRef", ref, "from", "WH1", "to", "STORE-MEL", "lines", List.of(Map.of("sku", sku, "quantity", 1.5))));
        assertThat(fraction.status()).isEqualTo(422);
        assertThat(api(OPS).get("/api/v1/transfers/" + ref).status()).isEqualTo(404);
    }

    @Test
    void refusesBadShipmentsAndReceipts() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("WH1", sku, 5);
        String ref = unique("TR");
        assertThat(create(ERP, transfer(ref, "WH1", "STORE-MEL", sku, 2)).status()).isEqualTo(201);

        var future = api(ERP).post("/api/v1/transfers/" + ref + "/shipment", Map.of("occurredAt", "2999-01-01T00:00:00Z"));
        assertThat(future.status()).isEqualTo(422);
        assertThat(future.json().get("errors").findValuesAsString("field")).containsExactly("occurredAt");
        var emptyShipment = api(ERP).post("/api/v1/transfers/" + ref + "/shipment", Map.of("lines", List.of()));
        assertThat(emptyShipment.status()).isEqualTo(422);
        assertThat(onHand("WH1", sku)).isEqualTo(5);

        assertThat(api(ERP).post("/api/v1/transfers/" + ref + "/shipment", Map.of("occurredAt", "2026-11-02T10:00:00Z")).status())
                .isEqualTo(200);
        var beforeShipment = receipt(ERP, ref, Map.of("occurredAt", "2026-11-02T09:59:59Z", "lines", Fixtures.lines(sku, 2)));
        assertThat(beforeShipment.status()).isEqualTo(422);
        assertThat(beforeShipment.json().get("errors").findValuesAsString("field")).containsExactly("occurredAt");
        var negative = receipt(ERP, ref, arrived(sku, -1));
        assertThat(negative.status()).isEqualTo(422);
        assertThat(negative.json().get("errors").findValuesAsString("field")).containsExactly("lines[0].quantity");
        var missing = receipt(ERP, ref, Map.of());
        assertThat(missing.json().get("errors").findValuesAsString("field")).containsExactly("lines");
        assertThat(inTransit("STORE-MEL", sku)).as("nothing was received").isEqualTo(2);
        assertThat(receipt(ERP, ref, arrived(sku, 2)).status()).isEqualTo(200);
    }

    @Test
    void unknownTransfersAreNotFound() {
        String ref = unique("TR");
        assertThat(api(OPS).get("/api/v1/transfers/" + ref).status()).isEqualTo(404);
        var ship = ship(ERP, ref);
        assertThat(ship.status()).isEqualTo(404);
        assertThat(ship.contentType()).startsWith("application/problem+json");
        assertThat(receipt(ERP, ref, arrived()).status()).as("a receipt may come before the transfer: parked").isEqualTo(202);
        assertThat(api(OPS).get("/api/v1/transfers/" + ref).status()).isEqualTo(404);
        assertThat(anonymous().get("/api/v1/transfers/" + ref).status()).isEqualTo(401);
    }

    private JsonNode parkedReceipt(String query, String ref) {
        return listedRow("/api/v1/transfers/receipts/parked" + query, "transferRef", ref);
    }

    private static <T> List<T> concurrently(int copies, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private long balance(String account, String sku) {
        return jdbc.sql("SELECT COALESCE(SUM(posted), 0) FROM stock_balance WHERE account = ? AND sku = ?").params(account, sku)
                .query(Long.class).single();
    }

    /** DESIGN invariant 1: per SKU, the balances over every account sum to zero. */
    private void assertConserved(String... skus) {
        for (String sku : skus) {
            assertThat(jdbc.sql("SELECT COALESCE(SUM(posted), 0) FROM stock_balance WHERE sku = ?").param(sku).query(Long.class).single())
                    .as("units of %s are conserved", sku).isZero();
        }
    }
}

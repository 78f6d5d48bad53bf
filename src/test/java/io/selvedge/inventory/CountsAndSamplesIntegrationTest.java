package io.selvedge.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Counts as of their time (issue 4): movements dated after the count are applied on top of the counted figure, a
 * cycle count of some SKUs leaves the others alone, and the difference is posted under the count's id; samples go out
 * and come back.
 */
class CountsAndSamplesIntegrationTest extends InventoryApiTest {

    private final JdbcClient jdbc;

    @Autowired
    CountsAndSamplesIntegrationTest(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Test
    void aSaleRungUpWhileTheCountersWereInTheBackRoomIsNotWipedOut() {
        String sku = Fixtures.sku(anyStyle(), "M");
        assertThat(moveAt(ERP, unique("RCV"), "RECEIPT", "STORE-ABK", "2026-11-20T16:00:00Z", sku, 10).status()).isEqualTo(201);
        // counting starts at 10:00 local (18:00Z); a unit sells at 11:00 (19:00Z) and reaches the hub before the count does
        var sold = api(POS).post("/api/v1/pos/transactions", sale(unique("ABK-R1"), "2026-11-20T19:00:00Z", sku, 1));
        assertThat(sold.status()).as(sold.toString()).isEqualTo(201);
        assertThat(onHand("STORE-ABK", sku)).isEqualTo(9);

        String countId = unique("CNT");
        var counted = moveAt(POS, countId, "COUNT", "STORE-ABK", "2026-11-20T18:00:00Z", sku, 8);
        assertThat(counted.status()).as(counted.toString()).isEqualTo(201);

        assertThat(onHand("STORE-ABK", sku)).as("8 counted at 10:00, less the unit sold at 11:00").isEqualTo(7);
        assertThat(counted.json().get("lines").get(0).get("onHand").asLong()).isEqualTo(7);
        assertThat(balance("shrink", sku)).as("10 were there at 10:00, 8 were counted").isEqualTo(2);
        assertThat(balance("customer", sku)).as("the sale stands").isEqualTo(1);
    }

    @Test
    void aLateCountKeepsALaterShipmentAndALaterDamage() {
        String sku = Fixtures.sku(anyStyle(), "L");
        assertThat(moveAt(ERP, unique("RCV"), "RECEIPT", "STORE-SOHO", "2026-11-20T12:00:00Z", sku, 6).status()).isEqualTo(201);
        String ref = unique("TR");
        assertThat(api(POS).post("/api/v1/transfers", Map.of("transferRef", ref, "from", "STORE-SOHO", "to", "STORE-MEL",
                "lines", Fixtures.lines(sku, 2))).status()).isEqualTo(201);
        assertThat(api(POS).post("/api/v1/transfers/" + ref + "/shipment", Map.of("occurredAt", "2026-11-20T15:00:00Z")).status())
                .isEqualTo(200);
        assertThat(moveAt(POS, unique("DMG"), "DAMAGE", "STORE-SOHO", "2026-11-20T16:00:00Z", sku, 1).status()).isEqualTo(201);

        var counted = moveAt(POS, unique("CNT"), "COUNT", "STORE-SOHO", "2026-11-20T14:00:00Z", sku, 7);
        assertThat(counted.status()).as(counted.toString()).isEqualTo(201);
        assertThat(onHand("STORE-SOHO", sku)).as("7 counted at 14:00, less 2 shipped at 15:00 and 1 damaged at 16:00").isEqualTo(4);
        assertThat(balance("found", sku)).as("one more than the ledger had at 14:00").isEqualTo(-1);
        assertThat(row("STORE-MEL", sku).get("inTransit").asLong()).as("the count touches no other location").isEqualTo(2);
    }

    @Test
    void aCycleCountOfSomeSkusLeavesTheOthersAlone() {
        String style = anyStyle();
        String s = Fixtures.sku(style, "S");
        String m = Fixtures.sku(style, "M");
        String l = Fixtures.sku(style, "L");
        assertThat(move(ERP, "RECEIPT", "STORE-MEL", s, 3, m, 4, l, 5).status()).isEqualTo(201);
        long sequenceOfS = row("STORE-MEL", s).get("sequence").asLong();
        long sequenceOfL = row("STORE-MEL", l).get("sequence").asLong();

        String countId = unique("CNT");
        // after the wall clock, so the count sees everything recorded before it (the hub takes up to a week ahead)
        String later = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString();
        var counted = moveAt(POS, countId, "COUNT", "STORE-MEL", later, m, 1);
        assertThat(counted.status()).as(counted.toString()).isEqualTo(201);

        assertThat(onHand("STORE-MEL", m)).isEqualTo(1);
        assertThat(onHand("STORE-MEL", s)).isEqualTo(3);
        assertThat(onHand("STORE-MEL", l)).isEqualTo(5);
        assertThat(row("STORE-MEL", s).get("sequence").asLong()).as("no change was broadcast for S").isEqualTo(sequenceOfS);
        assertThat(row("STORE-MEL", l).get("sequence").asLong()).isEqualTo(sequenceOfL);
        assertThat(jdbc.sql("SELECT sku, from_account, to_account, quantity FROM ledger_entry WHERE movement_id = ?").param(countId)
                .query().listOfRows())
                .as("the difference is posted under the count's id, for the counted SKU only")
                .containsExactly(row(m, "on_hand@STORE-MEL", "shrink", 3));
    }

    @Test
    void samplesGoOutAndComeBack() {
        String sku = Fixtures.sku(anyStyle(), "M");
        receive("STORE-ABK", sku, 10);
        assertThat(move(POS, "SAMPLE", "STORE-ABK", sku, 3).status()).isEqualTo(201);
        assertThat(balance("samples", sku)).isEqualTo(3);

        Map<String, Object> back = Fixtures.movement(unique("SMR"), "SAMPLE_RETURN", "STORE-ABK", sku, 2);
        var returned = api(POS).post("/api/v1/inventory/movements", back);
        assertThat(returned.status()).as(returned.toString()).isEqualTo(201);
        assertThat(returned.json().get("lines").get(0).get("onHand").asLong()).isEqualTo(9);
        assertThat(returned.json().get("sequence").asLong()).isEqualTo(row("STORE-ABK", sku).get("sequence").asLong());
        assertThat(onHand("STORE-ABK", sku)).isEqualTo(9);
        assertThat(balance("samples", sku)).isEqualTo(1);

        var replay = api(POS).post("/api/v1/inventory/movements", back);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(balance("samples", sku)).isEqualTo(1);

        var tooMany = api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("SMR"), "SAMPLE_RETURN", "WH1", sku, 2));
        assertThat(tooMany.status()).as("only one is still out on samples").isEqualTo(409);
        assertThat(tooMany.contentType()).startsWith("application/problem+json");
        assertThat(tooMany.json().get("detail").asString()).contains(sku);
        assertThat(row("WH1", sku)).isNull();

        var notAllowed = api(WHOLESALE).post("/api/v1/inventory/movements", Fixtures.movement(unique("SMR"), "SAMPLE_RETURN", "WH1", sku, 1));
        assertThat(notAllowed.status()).isEqualTo(403);
        var zero = api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("SMR"), "SAMPLE_RETURN", "WH1", sku, 0));
        assertThat(zero.status()).isEqualTo(422);
        assertThat(balance("samples", sku)).isEqualTo(1);
    }

    private io.selvedge.testing.Api.Response moveAt(String key, String id, String type, String location, String occurredAt, Object... lines) {
        Map<String, Object> body = Fixtures.movement(id, type, location, lines);
        body.put("occurredAt", occurredAt);
        return api(key).post("/api/v1/inventory/movements", body);
    }

    private long balance(String account, String sku) {
        return jdbc.sql("SELECT COALESCE(SUM(posted), 0) FROM stock_balance WHERE account = ? AND sku = ?").params(account, sku)
                .query(Long.class).single();
    }

    private static Map<String, Object> row(String sku, String from, String to, long quantity) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("sku", sku);
        row.put("from_account", from);
        row.put("to_account", to);
        row.put("quantity", quantity);
        return row;
    }

    /** A one-line store sale at STORE-ABK, shaped as API.md shows it. */
    private static Map<String, Object> sale(String transactionId, String occurredAt, String sku, int quantity) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", transactionId);
        body.put("store", "STORE-ABK");
        body.put("register", "R1");
        body.put("businessDay", "2026-11-20");
        body.put("occurredAt", occurredAt);
        body.put("type", "SALE");
        body.put("currency", "USD");
        String tax = new BigDecimal("8.45").multiply(BigDecimal.valueOf(quantity)).toPlainString();
        body.put("lines", List.of(Map.of("lineNo", 1, "sku", sku, "quantity", quantity, "unitPrice", "89.00", "discount", "0.00", "tax", tax)));
        String total = new BigDecimal("97.45").multiply(BigDecimal.valueOf(quantity)).toPlainString();
        body.put("tenders", List.of(Map.of("type", "CARD", "brand", "VISA", "amount", total, "reference", "8815", "last4", "4242")));
        return body;
    }
}

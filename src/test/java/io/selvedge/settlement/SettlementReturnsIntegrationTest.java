package io.selvedge.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Api;
import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A store day with returns, an exchange and a void of a return closes through the public API into balanced journals
 * (DESIGN invariant 5) with the returns posted to returns and allowances, and a settlement showing them.
 */
class SettlementReturnsIntegrationTest extends IntegrationTest {

    private static final String STORE = "STORE-ABK";
    private static final String DAY = "2026-10-23";

    private String shirt;
    private String knit;

    @BeforeEach
    void catalogueAndStock() {
        String shirtStyle = unique("OVR");
        String knitStyle = unique("KNR");
        shirt = Fixtures.sku(shirtStyle, "M");
        knit = Fixtures.sku(knitStyle, "M");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + shirtStyle, Fixtures.anyStyle(shirtStyle)).status()).isEqualTo(200);
        Map<String, Object> knitwear = new LinkedHashMap<>(Fixtures.anyStyle(knitStyle));
        knitwear.put("name", "Crewneck");
        knitwear.put("category", "Knitwear");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + knitStyle, knitwear).status()).isEqualTo(200);
        var receipt = api(ERP).post("/api/v1/inventory/movements", Fixtures.movement(unique("RCV"), "RECEIPT", STORE, shirt, 20, knit, 20));
        assertThat(receipt.status()).as(receipt.body()).isEqualTo(201);
    }

    @Test
    void aDayWithReturnsAnExchangeAndAVoidedReturnClosesIntoBalancedJournals() {
        String ref = unique("PAY");
        // two shirts on a card; one comes back to that card; the other comes back too, but that return is voided
        String sale = post(tx(unique("ABK-S"), "SALE", List.of(line(1, shirt, 2, "89.00", "16.90")), List.of(card("194.90", ref))));
        post(tx(unique("ABK-R"), "RETURN", List.of(returned(1, shirt, 1, "89.00", "8.45", sale, 1)), List.of(card("-97.45", ref))));
        String undone = post(tx(unique("ABK-R"), "RETURN", List.of(returned(1, shirt, 1, "89.00", "8.45", sale, 1)),
                List.of(card("-97.45", ref))));
        post(voidOf(unique("ABK-V"), undone));
        // a crewneck paid cash, exchanged for a dearer shirt: the difference is paid in cash
        String knitSale = post(tx(unique("ABK-S"), "SALE", List.of(line(1, knit, 1, "60.00", "5.70")), List.of(cash("65.70"))));
        post(tx(unique("ABK-X"), "EXCHANGE", List.of(returned(1, knit, 1, "60.00", "5.70", knitSale, 1), line(2, shirt, 1, "89.00", "8.45")),
                List.of(cash("31.75"))));

        var closed = api(POS).post("/api/v1/stores/" + STORE + "/days/" + DAY + "/close",
                Map.of("drawerCounts", List.of(Map.of("register", "R1", "cash", "97.45"))));
        assertThat(closed.status()).as(closed.body()).isEqualTo(201);
        JsonNode s = closed.json();
        assertThat(s.get("transactionCount").toString())
                .isEqualTo("{\"sales\":2,\"voids\":1,\"returns\":2,\"exchanges\":1,\"total\":6}");
        assertThat(s.get("grossSales").asString()).isEqualTo("238.00");
        assertThat(s.get("returns").toString())
                .isEqualTo("{\"count\":2,\"voided\":1,\"net\":\"89.00\",\"tax\":\"8.45\",\"total\":\"97.45\"}");
        assertThat(s.get("exchanges").toString()).isEqualTo(
                "{\"count\":1,\"voided\":0,\"returned\":\"65.70\",\"sold\":\"97.45\",\"net\":\"29.00\",\"tax\":\"2.75\",\"total\":\"31.75\"}");
        assertThat(s.get("voids").get("count").asInt()).as("no sale was voided").isZero();
        assertThat(s.get("netSales").asString()).isEqualTo("178.00");
        assertThat(s.get("taxCollected").asString()).isEqualTo("16.90");
        assertThat(s.get("total").asString()).isEqualTo("194.90");
        assertThat(s.get("refunds").toString())
                .isEqualTo("[{\"type\":\"CARD\",\"brand\":\"VISA\",\"count\":1,\"amount\":\"-97.45\"}]");
        assertThat(tenders(s.get("tenders"))).containsExactly("CASH 97.45", "CARD 97.45");
        assertThat(s.get("cashOverShort").asString()).isEqualTo("0.00");
        assertThat(s.get("journal").get("totalDebit").asString()).isEqualTo(s.get("journal").get("totalCredit").asString());

        var response = api(FINANCE).get("/api/v1/stores/" + STORE + "/days/" + DAY + "/journal");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode entries = response.json().get("entries");
        assertThat(entries.findValuesAsString("entryId")).containsExactly("JE-STORE-ABK-20261023-CASH", "JE-STORE-ABK-20261023-CARD-VISA");
        for (JsonNode entry : entries) {
            BigDecimal net = BigDecimal.ZERO;
            for (JsonNode line : entry.get("lines")) {
                net = net.add(new BigDecimal(line.get("debit").asString())).subtract(new BigDecimal(line.get("credit").asString()));
            }
            assertThat(net).as(entry.get("entryId").asString()).isEqualByComparingTo(BigDecimal.ZERO);
        }
        // cash: the crewneck sold, then exchanged: shirt revenue, knitwear back through returns and allowances, the tax difference
        assertThat(lines(entries.get(0))).containsExactly("1010 65.70 0.00", "4020 0.00 60.00", "2200 0.00 5.70",
                "1010 31.75 0.00", "4010 0.00 89.00", "4100 60.00 0.00", "2200 0.00 2.75");
        // card: the sale, both returns refunded to the card (returns and allowances and tax debited), the void putting one back
        assertThat(lines(entries.get(1))).containsExactly("1121 194.90 0.00", "4010 0.00 178.00", "2200 0.00 16.90",
                "1121 0.00 194.90", "4100 178.00 0.00", "2200 16.90 0.00",
                "1121 97.45 0.00", "4100 0.00 89.00", "2200 0.00 8.45");
        assertThat(entries.get(1).get("lines").get(4).get("role").asString()).isEqualTo("REFUND");
        assertThat(entries.get(1).get("lines").get(4).get("category").asString()).isEqualTo("Shirts");

        var csv = api(FINANCE).get("/api/v1/stores/" + STORE + "/days/" + DAY + "/journal?format=csv");
        assertThat(csv.status()).isEqualTo(200);
        List<List<String>> rows = parseCsv(csv.body());
        assertThat(rows).hasSize(1 + 7 + 9);
        Map<String, BigDecimal> balance = new HashMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            balance.merge(row.get(0), new BigDecimal(row.get(3)).subtract(new BigDecimal(row.get(4))), BigDecimal::add);
        }
        assertThat(balance).hasSize(2).allSatisfy((id, net) -> assertThat(net).as(id).isEqualByComparingTo(BigDecimal.ZERO));
        assertThat(csv.body()).contains("\"returns and allowances Shirts, returns\"");
    }

    @Test
    void theRevenueReportSubtractsReturnsByCategoryAndTheTenderRefunded() {
        String day = "2026-09-14";
        String ref = unique("PAY");
        String sale = post(on(day, tx(unique("ABK-S"), "SALE", List.of(line(1, shirt, 2, "89.00", "16.90")), List.of(card("194.90", ref)))));
        post(on(day, tx(unique("ABK-R"), "RETURN", List.of(returned(1, shirt, 1, "89.00", "8.45", sale, 1)), List.of(card("-97.45", ref)))));
        post(on(day, tx(unique("ABK-S"), "SALE", List.of(line(1, knit, 1, "60.00", "5.70")), List.of(cash("65.70")))));
        var closed = api(POS).post("/api/v1/stores/" + STORE + "/days/" + day + "/close",
                Map.of("drawerCounts", List.of(Map.of("register", "R1", "cash", "65.70"))));
        assertThat(closed.status()).as(closed.body()).isEqualTo(201);
        assertThat(closed.json().get("netSales").asString()).isEqualTo("149.00");

        var report = api(FINANCE).get("/api/v1/reports/revenue?from=" + day + "&to=" + day + "&store=" + STORE);
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        List<String> rows = new ArrayList<>();
        report.json().get("rows").forEach(r -> rows.add(r.get("category").asString() + "/" + r.get("tender").asString() + " gross "
                + r.get("gross").asString() + " discounts " + r.get("discounts").asString() + " returns " + r.get("returns").asString()
                + " net " + r.get("net").asString()));
        assertThat(rows).containsExactlyInAnyOrder(
                "Shirts/CARD-VISA gross 178.00 discounts 0.00 returns 89.00 net 89.00",
                "Knitwear/CASH gross 60.00 discounts 0.00 returns 0.00 net 60.00");
        JsonNode totals = report.json().get("totals").get(0);
        assertThat(totals.get("returns").asString()).isEqualTo("89.00");
        assertThat(totals.get("net").asString()).as("ties to the settlement's net sales").isEqualTo("149.00");
    }

    /** The transaction on another business day than {@link #DAY}. */
    private static Map<String, Object> on(String day, Map<String, Object> body) {
        body.put("businessDay", day);
        body.put("occurredAt", day + "T20:00:00Z");
        return body;
    }

    private String post(Map<String, Object> body) {
        var response = api(POS).post("/api/v1/pos/transactions", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return (String) body.get("transactionId");
    }

    private static Map<String, Object> tx(String id, String type, List<Map<String, Object>> lines, List<Map<String, Object>> tenders) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", id);
        body.put("store", STORE);
        body.put("register", "R1");
        body.put("businessDay", DAY);
        body.put("occurredAt", DAY + "T20:00:00Z");
        body.put("type", type);
        body.put("currency", "USD");
        body.put("lines", lines);
        body.put("tenders", tenders);
        return body;
    }

    private static Map<String, Object> voidOf(String id, String voided) {
        Map<String, Object> body = tx(id, "VOID", null, null);
        body.remove("lines");
        body.remove("tenders");
        body.put("occurredAt", DAY + "T21:00:00Z");
        body.put("voidOf", voided);
        body.put("overrides", List.of(Map.of("kind", "VOID", "approvedBy", "MGR-7", "reason", "rung up wrong")));
        return body;
    }

    private static Map<String, Object> line(int lineNo, String sku, int quantity, String unitPrice, String tax) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("lineNo", lineNo);
        line.put("sku", sku);
        line.put("quantity", quantity);
        line.put("unitPrice", unitPrice);
        line.put("discount", "0.00");
        line.put("tax", tax);
        return line;
    }

    private static Map<String, Object> returned(int lineNo, String sku, int quantity, String unitPrice, String tax, String orderRef,
                                                int originalLine) {
        Map<String, Object> line = line(lineNo, sku, quantity, unitPrice, tax);
        line.put("returnOf", Map.of("orderRef", orderRef, "lineNo", originalLine));
        return line;
    }

    private static Map<String, Object> card(String amount, String reference) {
        return Map.of("type", "CARD", "brand", "VISA", "amount", amount, "reference", reference, "last4", "4242");
    }

    private static Map<String, Object> cash(String amount) {
        return Map.of("type", "CASH", "amount", amount);
    }

    private static List<String> lines(JsonNode entry) {
        List<String> out = new ArrayList<>();
        entry.get("lines").forEach(l -> out.add(l.get("account").asString() + " " + l.get("debit").asString() + " " + l.get("credit").asString()));
        return out;
    }

    private static List<String> tenders(JsonNode tenders) {
        List<String> out = new ArrayList<>();
        tenders.forEach(t -> out.add(t.get("type").asString() + " " + t.get("amount").asString()));
        return out;
    }

    /** RFC 4180: quoted fields may hold commas and doubled quotes. */
    private static List<List<String>> parseCsv(String body) {
        List<List<String>> rows = new ArrayList<>();
        for (String raw : body.split("\r\n")) {
            if (raw.isEmpty()) {
                continue;
            }
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < raw.length() && raw.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}

package io.selvedge.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Api;
import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * End of day through the public API: sales posted as a POS posts them, the day closed with drawer counts, the
 * journal read as JSON and CSV, approved once, and late transactions adjusting the next close. Each test uses
 * store days of its own, since the tests share one database.
 */
class SettlementIntegrationTest extends IntegrationTest {

    private String shirt;
    private String knit;

    @BeforeEach
    void catalogueAndStock() {
        String shirtStyle = unique("OVS");
        String knitStyle = unique("KNT");
        shirt = Fixtures.sku(shirtStyle, "M");
        knit = Fixtures.sku(knitStyle, "M");
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + shirtStyle, Fixtures.anyStyle(shirtStyle)).status()).isEqualTo(200);
        Map<String, Object> knitwear = new LinkedHashMap<>(Fixtures.anyStyle(knitStyle));
        knitwear.put("name", "Crewneck");
        knitwear.put("category", "Knitwear");
        knitwear.put("prices", List.of(Map.of("priceList", "retail-usd", "currency", "USD", "amount", "60.00",
                "effectiveFrom", "2026-01-01T00:00:00Z")));
        assertThat(api(ERP).put("/api/v1/catalog/styles/" + knitStyle, knitwear).status()).isEqualTo(200);
        for (String store : List.of("STORE-ABK", "STORE-MEL", "STORE-SOHO")) {
            var receipt = api(ERP).post("/api/v1/inventory/movements",
                    Fixtures.movement(unique("RCV"), "RECEIPT", store, shirt, 20, knit, 20));
            assertThat(receipt.status()).as(receipt.body()).isEqualTo(201);
        }
    }

    @Test
    void closesADayIntoGrossDiscountsVoidsTaxTendersAndOverShort() {
        Day day = standardDay("STORE-ABK", "2026-10-05");
        var closed = close("STORE-ABK", "2026-10-05", POS, counts("R1", "75.00", "R2", "100.00"));
        assertThat(closed.status()).as(closed.body()).isEqualTo(201);
        JsonNode s = closed.json();
        assertThat(s.get("store").asString()).isEqualTo("STORE-ABK");
        assertThat(s.get("businessDay").asString()).isEqualTo("2026-10-05");
        assertThat(s.get("currency").asString()).isEqualTo("USD");
        assertThat(s.get("status").asString()).isEqualTo("CLOSED");
        assertThat(s.get("transactionCount").get("sales").asInt()).isEqualTo(3);
        assertThat(s.get("transactionCount").get("voids").asInt()).isEqualTo(1);
        assertThat(s.get("transactionCount").get("returns").asInt()).isZero();
        assertThat(s.get("grossSales").asString()).isEqualTo("298.00");
        assertThat(s.get("discounts").asString()).isEqualTo("20.00");
        assertThat(s.get("voids").get("count").asInt()).isEqualTo(1);
        assertThat(s.get("voids").get("total").asString()).isEqualTo("97.45");
        assertThat(s.get("returns").get("total").asString()).isEqualTo("0.00");
        assertThat(s.get("exchanges").get("total").asString()).isEqualTo("0.00");
        assertThat(s.get("netSales").asString()).isEqualTo("189.00");
        assertThat(s.get("taxCollected").asString()).isEqualTo("17.95");
        assertThat(s.get("total").asString()).isEqualTo("206.95");
        assertThat(s.get("employeeSales").get("count").asInt()).isEqualTo(1);
        assertThat(s.get("employeeSales").get("total").asString()).isEqualTo("75.55");
        assertThat(tenders(s.get("tenders"))).containsExactly(
                Map.entry("CASH", "175.55"), Map.entry("CARD/VISA", "0.00"), Map.entry("GIFT_CARD", "31.40"));
        assertThat(s.get("drawers").get(0).get("register").asString()).isEqualTo("R1");
        assertThat(s.get("drawers").get(0).get("expected").asString()).isEqualTo("75.55");
        assertThat(s.get("drawers").get(0).get("counted").asString()).isEqualTo("75.00");
        assertThat(s.get("drawers").get(0).get("overShort").asString()).isEqualTo("-0.55");
        assertThat(s.get("drawers").get(1).get("overShort").asString()).isEqualTo("0.00");
        assertThat(s.get("cashOverShort").asString()).isEqualTo("-0.55");
        assertThat(s.get("lateTransactions")).isEmpty();
        assertThat(s.get("journal").get("totalDebit").asString()).isEqualTo(s.get("journal").get("totalCredit").asString());

        var read = api(FINANCE).get("/api/v1/stores/STORE-ABK/days/2026-10-05/settlement");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(s);

        // the settlement.closed event: totals, nothing about the customer
        String event = event("settlement.closed", "STORE-ABK", "2026-10-05");
        assertThat(event).contains("\"netSales\":\"189.00\"").doesNotContain("@example.com").doesNotContain(day.customerEmail());
    }

    @Test
    void theJournalHasOneBalancedEntryPerTenderTypeAsJsonAndCsv() {
        standardDay("STORE-ABK", "2026-10-06");
        assertThat(close("STORE-ABK", "2026-10-06", OPS, counts("R1", "75.55", "R2", "100.00")).status()).isEqualTo(201);

        var response = api(FINANCE).get("/api/v1/stores/STORE-ABK/days/2026-10-06/journal");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode journal = response.json();
        assertThat(journal.get("status").asString()).isEqualTo("CLOSED");
        List<String> ids = journal.get("entries").findValuesAsString("entryId");
        assertThat(ids).containsExactly("JE-STORE-ABK-20261006-CASH", "JE-STORE-ABK-20261006-CARD-VISA", "JE-STORE-ABK-20261006-GIFT_CARD");
        for (JsonNode entry : journal.get("entries")) {
            assertThat(entry.get("date").asString()).isEqualTo("2026-10-06");
            assertThat(entry.get("store").asString()).isEqualTo("STORE-ABK");
            BigDecimal debit = BigDecimal.ZERO;
            BigDecimal credit = BigDecimal.ZERO;
            for (JsonNode line : entry.get("lines")) {
                debit = debit.add(new BigDecimal(line.get("debit").asString()));
                credit = credit.add(new BigDecimal(line.get("credit").asString()));
            }
            assertThat(debit).as(entry.get("entryId").asString()).isEqualByComparingTo(credit);
            assertThat(entry.get("totalDebit").asString()).isEqualTo(entry.get("totalCredit").asString());
        }
        // the gift card entry: the liability is debited, knitwear revenue and tax credited (31.40 of 131.40, largest remainder)
        assertThat(lines(journal.get("entries").get(2))).containsExactly(
                "2300 31.40 0.00", "4020 0.00 28.68", "2200 0.00 2.72");
        // the card entry: the voided sale reverses on its own lines
        assertThat(lines(journal.get("entries").get(1))).containsExactly(
                "1121 97.45 0.00", "4010 0.00 89.00", "2200 0.00 8.45", "1121 0.00 97.45", "4010 89.00 0.00", "2200 8.45 0.00");

        var csv = api(FINANCE).get("/api/v1/stores/STORE-ABK/days/2026-10-06/journal?format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        var negotiated = getWithAccept("/api/v1/stores/STORE-ABK/days/2026-10-06/journal", "text/csv");
        assertThat(negotiated.contentType()).startsWith("text/csv");
        assertThat(negotiated.body()).isEqualTo(csv.body());

        List<List<String>> rows = parseCsv(csv.body());
        assertThat(rows.get(0)).containsExactly("entry_id", "date", "account", "debit", "credit", "memo", "store", "tender", "currency",
                "line_no", "entry_type", "adjusts_day");
        int jsonLines = 0;
        for (JsonNode entry : journal.get("entries")) {
            jsonLines += entry.get("lines").size();
        }
        assertThat(rows).hasSize(jsonLines + 1);
        Map<String, BigDecimal> balance = new HashMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            assertThat(row).hasSize(12);
            assertThat(row.get(1)).isEqualTo("2026-10-06");
            assertThat(row.get(6)).isEqualTo("STORE-ABK");
            balance.merge(row.get(0), new BigDecimal(row.get(3)).subtract(new BigDecimal(row.get(4))), BigDecimal::add);
        }
        assertThat(balance).hasSize(3).allSatisfy((id, net) -> assertThat(net).as(id).isEqualByComparingTo(BigDecimal.ZERO));
        assertThat(csv.body()).contains("\"revenue Shirts, sales\"").contains("\r\n");
    }

    @Test
    void aDayClosesOnceTheSameCountsReplayAndOtherCountsConflict() {
        standardDay("STORE-MEL", "2026-10-07");
        var first = close("STORE-MEL", "2026-10-07", POS, counts("R1", "75.55", "R2", "100.00"));
        assertThat(first.status()).isEqualTo(201);

        var again = close("STORE-MEL", "2026-10-07", POS, counts("R2", "100", "R1", "75.550"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(again.json()).isEqualTo(first.json());

        var other = close("STORE-MEL", "2026-10-07", POS, counts("R1", "80.00", "R2", "100.00"));
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(api(FINANCE).get("/api/v1/stores/STORE-MEL/days/2026-10-07/settlement").json()).isEqualTo(first.json());
        assertThat(event("settlement.closed", "STORE-MEL", "2026-10-07")).as("one event for one close").contains("\"total\"");
    }

    @Test
    void financeApprovesOnceAndTheApprovedJournalNeverChangesWhileLateTransactionsAdjustTheNextClose() {
        String day = "2026-10-12";
        String next = "2026-10-13";
        standardDay("STORE-MEL", day);
        String cardSale = post(sale(unique("MEL-R1"), "STORE-MEL", "R1", day, List.of(line(1, shirt, 1, "89.00", "0.00", "8.45")),
                List.of(tender("CARD", "VISA", "97.45"))));
        assertThat(close("STORE-MEL", day, POS, counts("R1", "75.55", "R2", "100.00")).status()).isEqualTo(201);

        var fromPos = api(POS).post("/api/v1/stores/STORE-MEL/days/" + day + "/journal/approval", Map.of());
        assertThat(fromPos.status()).isEqualTo(403);
        var notClosed = api(FINANCE).post("/api/v1/stores/STORE-MEL/days/2026-10-11/journal/approval", Map.of());
        assertThat(notClosed.status()).isEqualTo(409);

        var approved = api(FINANCE).post("/api/v1/stores/STORE-MEL/days/" + day + "/journal/approval", Map.of("approvedBy", "FIN-7"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(201);
        assertThat(approved.json().get("status").asString()).isEqualTo("APPROVED");
        var replay = api(FINANCE).post("/api/v1/stores/STORE-MEL/days/" + day + "/journal/approval", Map.of("approvedBy", "FIN-7"));
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(replay.json()).isEqualTo(approved.json());
        assertThat(api(FINANCE).post("/api/v1/stores/STORE-MEL/days/" + day + "/journal/approval", Map.of("approvedBy", "FIN-9")).status())
                .isEqualTo(409);
        String approvedCsv = csv("STORE-MEL", day);
        assertThat(api(OPS).get("/api/v1/stores/STORE-MEL/days/" + day + "/journal").json().get("status").asString()).isEqualTo("APPROVED");
        String posted1 = event("journal.posted", "STORE-MEL", day);
        assertThat(posted1).contains("JE-STORE-MEL-20261012-CASH").doesNotContain("FIN-7");

        // an offline register's cash sale of the closed day arrives, and the card sale is voided late
        String lateSale = post(sale(unique("MEL-R3"), "STORE-MEL", "R3", day, List.of(line(1, shirt, 1, "10.00", "0.00", "0.00")),
                List.of(tender("CASH", null, "10.00"))));
        String lateVoid = post(voidOf(unique("MEL-R1"), "STORE-MEL", "R1", day, cardSale));
        var pending = api(OPS).get("/api/v1/stores/STORE-MEL/late-transactions");
        assertThat(pending.json().get("transactions").findValuesAsString("transactionId")).containsExactlyInAnyOrder(lateSale, lateVoid);
        assertThat(csv("STORE-MEL", day)).as("the approved day is never touched").isEqualTo(approvedCsv);
        assertThat(api(OPS).get("/api/v1/stores/STORE-MEL/days/" + day + "/settlement").json().get("total").asString())
                .as("206.95 of the standard day and the 97.45 card sale, as closed").isEqualTo("304.40");

        String nextSale = post(sale(unique("MEL-R1"), "STORE-MEL", "R1", next, List.of(line(1, knit, 1, "60.00", "0.00", "5.70")),
                List.of(tender("CARD", "MASTERCARD", "65.70"))));
        var closedNext = close("STORE-MEL", next, POS, List.of());
        assertThat(closedNext.status()).as(closedNext.body()).isEqualTo(201);
        JsonNode s = closedNext.json();
        assertThat(s.get("total").asString()).as("the next day's own figures").isEqualTo("65.70");
        assertThat(s.get("lateTransactions").findValuesAsString("transactionId")).containsExactlyInAnyOrder(lateSale, lateVoid);
        assertThat(s.get("lateTransactions").findValuesAsString("businessDay")).containsOnly(day);
        assertThat(s.get("adjustments").get("total").asString()).isEqualTo("-87.45");
        assertThat(nextSale).isNotBlank();

        JsonNode journal = api(FINANCE).get("/api/v1/stores/STORE-MEL/days/" + next + "/journal").json();
        assertThat(journal.get("entries").findValuesAsString("entryId")).containsExactly(
                "JE-STORE-MEL-20261013-CARD-MASTERCARD", "JE-STORE-MEL-20261013-CASH-ADJ", "JE-STORE-MEL-20261013-CARD-VISA-ADJ");
        JsonNode cashAdjustment = journal.get("entries").get(1);
        assertThat(cashAdjustment.get("kind").asString()).isEqualTo("ADJUSTMENT");
        // late cash was in the closed day's drawer count: it moves out of over/short into revenue
        assertThat(lines(cashAdjustment)).containsExactly("6100 10.00 0.00", "4010 0.00 10.00");
        assertThat(lines(journal.get("entries").get(2))).containsExactly("1121 0.00 97.45", "4010 89.00 0.00", "2200 8.45 0.00");
        assertThat(journal.get("entries").get(2).get("lines").findValuesAsString("adjustsDay")).containsOnly(day);

        assertThat(api(OPS).get("/api/v1/stores/STORE-MEL/late-transactions").json().get("transactions")).isEmpty();
        assertThat(csv("STORE-MEL", day)).isEqualTo(approvedCsv);
    }

    @Test
    void aCloseRacingTheDaysLastSalesTakesEachOfThemOnceEitherInTheDayOrAsALateArrival() throws Exception {
        String day = "2026-09-08";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(post(sale(unique("MEL-R1"), "STORE-MEL", "R1", day, List.of(line(1, shirt, 1, "10.00", "0.00", "0.00")),
                    List.of(tender("CARD", "VISA", "10.00")))));
        }
        List<String> racing = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread seller = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                racing.add(post(sale(unique("MEL-R2"), "STORE-MEL", "R2", day, List.of(line(1, shirt, 1, "10.00", "0.00", "0.00")),
                        List.of(tender("CARD", "VISA", "10.00")))));
            }
        });
        seller.start();
        Thread.sleep(20);
        var closed = close("STORE-MEL", day, OPS, List.of());
        seller.join();
        assertThat(closed.status()).as(closed.body()).isEqualTo(201);
        ids.addAll(racing);

        int inTheDay = closed.json().get("transactionCount").get("total").asInt();
        List<String> late = api(OPS).get("/api/v1/stores/STORE-MEL/late-transactions").json().get("transactions")
                .findValuesAsString("transactionId");
        List<String> lateOfTheDay = late.stream().filter(ids::contains).toList();
        assertThat(inTheDay + lateOfTheDay.size()).as("every sale is in the day or waits as a late arrival, none twice").isEqualTo(25);
        assertThat(new BigDecimal(closed.json().get("total").asString())).isEqualByComparingTo(BigDecimal.TEN.multiply(BigDecimal.valueOf(inTheDay)));

        var next = close("STORE-MEL", "2026-09-09", OPS, List.of());
        assertThat(next.status()).as(next.body()).isEqualTo(201);
        assertThat(next.json().get("lateTransactions").findValuesAsString("transactionId").stream().filter(ids::contains))
                .containsExactlyInAnyOrderElementsOf(lateOfTheDay);
    }

    @Test
    void refusesBadClosesNamingTheFieldAndWritesNothing() {
        standardDay("STORE-ABK", "2026-10-08");
        String path = "/api/v1/stores/STORE-ABK/days/2026-10-08/close";

        var missing = api(POS).post(path, Map.of("drawerCounts", counts("R1", "75.55")));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(fields(missing.json())).containsExactly("drawerCounts");
        assertThat(missing.json().get("detail").asString()).contains("R2");

        List<Map<String, Object>> bad = new ArrayList<>();
        bad.add(Map.of("register", "R1", "cash", 75.55));
        bad.add(Map.of("register", "R2", "cash", "-1.00"));
        bad.add(Map.of("register", "R2", "cash", "1.005"));
        var invalid = api(POS).post(path, Map.of("drawerCounts", bad));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(fields(invalid.json())).containsExactly("drawerCounts[0].cash", "drawerCounts[1].cash", "drawerCounts[2].register",
                "drawerCounts[2].cash");
        assertThat(api(POS).post(path, Map.of()).status()).isEqualTo(422);

        var fromWeb = api(WEB).post(path, Map.of("drawerCounts", counts("R1", "75.55", "R2", "100.00")));
        assertThat(fromWeb.status()).isEqualTo(403);
        var unknownStore = api(POS).post("/api/v1/stores/STORE-NOPE/days/2026-10-08/close", Map.of("drawerCounts", List.of()));
        assertThat(unknownStore.status()).isEqualTo(404);
        var warehouse = api(OPS).post("/api/v1/stores/WH1/days/2026-10-08/close", Map.of("drawerCounts", List.of()));
        assertThat(warehouse.status()).isEqualTo(404);
        var badDate = api(POS).post("/api/v1/stores/STORE-ABK/days/2026-13-45/close", Map.of("drawerCounts", List.of()));
        assertThat(badDate.status()).isEqualTo(422);
        assertThat(fields(badDate.json())).containsExactly("businessDay");
        String farAhead = LocalDate.now(ZoneOffset.UTC).plusDays(40).toString();
        var future = api(POS).post("/api/v1/stores/STORE-ABK/days/" + farAhead + "/close", Map.of("drawerCounts", List.of()));
        assertThat(future.status()).isEqualTo(422);
        assertThat(fields(future.json())).containsExactly("businessDay");

        assertThat(api(FINANCE).get("/api/v1/stores/STORE-ABK/days/2026-10-08/journal").status()).isEqualTo(404);
        assertThat(api(FINANCE).get("/api/v1/stores/STORE-ABK/days/2026-10-08/settlement").status()).isEqualTo(404);
        // nothing was kept: the corrected close is a first close
        assertThat(close("STORE-ABK", "2026-10-08", POS, counts("R1", "75.55", "R2", "100.00")).status()).isEqualTo(201);
    }

    @Test
    void financeOrOpsMayCloseADayWithoutSalesAndThePosOnlyItsOwnStores() {
        var empty = close("STORE-SOHO", "2026-10-09", FINANCE, List.of());
        assertThat(empty.status()).as(empty.body()).isEqualTo(201);
        assertThat(empty.json().get("total").asString()).isEqualTo("0.00");
        assertThat(empty.json().get("tenders")).isEmpty();
        assertThat(api(FINANCE).get("/api/v1/stores/STORE-SOHO/days/2026-10-09/journal").json().get("entries")).isEmpty();

        var counted = close("STORE-SOHO", "2026-10-10", OPS, counts("R1", "5.00"));
        assertThat(counted.status()).isEqualTo(201);
        assertThat(counted.json().get("cashOverShort").asString()).isEqualTo("5.00");

        var erp = close("STORE-SOHO", "2026-10-11", ERP, List.of());
        assertThat(erp.status()).isEqualTo(403);
    }

    @Test
    void theRevenueReportSumsThePostedJournalsByStoreCategoryAndTender() {
        standardDay("STORE-ABK", "2026-10-14");
        JsonNode s = close("STORE-ABK", "2026-10-14", POS, counts("R1", "75.55", "R2", "100.00")).json();

        var report = api(FINANCE).get("/api/v1/reports/revenue?from=2026-10-14&to=2026-10-14&store=STORE-ABK");
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        JsonNode rows = report.json().get("rows");
        BigDecimal net = BigDecimal.ZERO;
        List<String> keys = new ArrayList<>();
        for (JsonNode row : rows) {
            assertThat(row.get("store").asString()).isEqualTo("STORE-ABK");
            net = net.add(new BigDecimal(row.get("net").asString()));
            keys.add(row.get("category").asString() + "/" + row.get("tender").asString());
        }
        assertThat(net).isEqualByComparingTo(new BigDecimal(s.get("netSales").asString()));
        assertThat(keys).contains("Knitwear/CASH", "Knitwear/GIFT_CARD", "Shirts/CASH", "Shirts/CARD-VISA");
        assertThat(report.json().get("totals").get(0).get("net").asString()).isEqualTo("189.00");

        var noDates = api(FINANCE).get("/api/v1/reports/revenue?store=STORE-ABK");
        assertThat(noDates.status()).isEqualTo(422);
        assertThat(fields(noDates.json())).containsExactly("from", "to");
        assertThat(fields(api(FINANCE).get("/api/v1/reports/revenue?from=2026-10-14&to=2026-10-14&store=NOPE").json()))
                .containsExactly("store");
    }

    // --- the standard day: a card sale voided, a discounted employee cash sale, a knitwear sale split gift card / cash ---

    record Day(List<String> transactionIds, String customerEmail) {
    }

    private Day standardDay(String store, String day) {
        String prefix = store.substring(6) + "-";
        String email = unique("ana").toLowerCase() + "@example.com";
        String s1 = post(sale(unique(prefix + "R1"), store, "R1", day, List.of(line(1, shirt, 1, "89.00", "0.00", "8.45")),
                List.of(tender("CARD", "VISA", "97.45"))));
        Map<String, Object> employee = sale(unique(prefix + "R1"), store, "R1", day, List.of(line(1, shirt, 1, "89.00", "20.00", "6.55")),
                List.of(tender("CASH", null, "75.55")));
        employee.put("employeeSale", true);
        employee.put("customer", Map.of("email", email));
        String s2 = post(employee);
        String s3 = post(sale(unique(prefix + "R2"), store, "R2", day, List.of(line(1, knit, 2, "60.00", "0.00", "11.40")),
                List.of(tender("GIFT_CARD", null, "31.40"), tender("CASH", null, "100.00"))));
        String v1 = post(voidOf(unique(prefix + "R1"), store, "R1", day, s1));
        return new Day(List.of(s1, s2, s3, v1), email);
    }

    private String post(Map<String, Object> body) {
        var response = api(POS).post("/api/v1/pos/transactions", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return (String) body.get("transactionId");
    }

    private static Map<String, Object> sale(String id, String store, String register, String day, List<Map<String, Object>> lines,
                                            List<Map<String, Object>> tenders) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", id);
        body.put("store", store);
        body.put("register", register);
        body.put("businessDay", day);
        body.put("occurredAt", day + "T20:00:00Z");
        body.put("type", "SALE");
        body.put("currency", "USD");
        body.put("employeeSale", false);
        body.put("lines", lines);
        body.put("tenders", tenders);
        return body;
    }

    private static Map<String, Object> voidOf(String id, String store, String register, String day, String voided) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", id);
        body.put("store", store);
        body.put("register", register);
        body.put("businessDay", day);
        body.put("occurredAt", day + "T21:00:00Z");
        body.put("type", "VOID");
        body.put("currency", "USD");
        body.put("voidOf", voided);
        body.put("overrides", List.of(Map.of("kind", "VOID", "approvedBy", "MGR-7", "reason", "rung twice")));
        return body;
    }

    private static Map<String, Object> line(int lineNo, String sku, int quantity, String unitPrice, String discount, String tax) {
        return Map.of("lineNo", lineNo, "sku", sku, "quantity", quantity, "unitPrice", unitPrice, "discount", discount, "tax", tax);
    }

    private static Map<String, Object> tender(String type, String brand, String amount) {
        Map<String, Object> tender = new LinkedHashMap<>();
        tender.put("type", type);
        if (brand != null) {
            tender.put("brand", brand);
            tender.put("last4", "4242");
        }
        tender.put("amount", amount);
        return tender;
    }

    private static List<Map<String, Object>> counts(String... registerCash) {
        List<Map<String, Object>> counts = new ArrayList<>();
        for (int i = 0; i < registerCash.length; i += 2) {
            counts.add(Map.of("register", registerCash[i], "cash", registerCash[i + 1]));
        }
        return counts;
    }

    private Api.Response close(String store, String day, String key, List<Map<String, Object>> counts) {
        return api(key).post("/api/v1/stores/" + store + "/days/" + day + "/close", Map.of("drawerCounts", counts));
    }

    private String csv(String store, String day) {
        var response = api(FINANCE).get("/api/v1/stores/" + store + "/days/" + day + "/journal?format=csv");
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    private Api.Response getWithAccept(String path, String accept) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(api(FINANCE).base() + path))
                    .header("Authorization", "Bearer " + FINANCE).header("Accept", accept).GET().build();
            var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Api.Response(response.statusCode(), response.headers(), response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The one event of {@code type} about the store's day, from the public pull feed. */
    private String event(String type, String store, String day) {
        var feed = api(OPS).get("/api/v1/events?types=" + type + "&location=" + store + "&limit=1000");
        assertThat(feed.status()).as(feed.body()).isEqualTo(200);
        List<String> data = new ArrayList<>();
        for (JsonNode event : feed.json().get("events")) {
            if (event.get("data").get("businessDay").asString().equals(day)) {
                data.add(event.get("data").toString());
            }
        }
        assertThat(data).as("%s events for %s %s", type, store, day).hasSize(1);
        return data.get(0);
    }

    private static List<String> lines(JsonNode entry) {
        List<String> out = new ArrayList<>();
        for (JsonNode line : entry.get("lines")) {
            out.add(line.get("account").asString() + " " + line.get("debit").asString() + " " + line.get("credit").asString());
        }
        return out;
    }

    private static List<Map.Entry<String, String>> tenders(JsonNode tenders) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (JsonNode t : tenders) {
            String brand = t.get("brand") == null || t.get("brand").isNull() ? "" : "/" + t.get("brand").asString();
            out.add(Map.entry(t.get("type").asString() + brand, t.get("amount").asString()));
        }
        return out;
    }

    private static List<String> fields(JsonNode problem) {
        return problem.get("errors").findValuesAsString("field");
    }

    /** RFC 4180, enough for the export: quoted fields with doubled quotes, CRLF rows. */
    private static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
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
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        return rows;
    }
}

package io.selvedge.app.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench backlog}: a register that was offline all day replays its queue of 10,000 transactions through the
 * batch endpoint (1,000 a request, in order), then replays the whole queue again as a POS that lost its
 * acknowledgements would. Prints the rate of each pass and checks the effect: every transaction recorded once,
 * the second pass all replays, and on-hand moved by exactly the units sold.
 */
final class BacklogBench {

    private static final String STORE = "STORE-SOHO";
    private static final int PER_REQUEST = 1000;

    private final String base;
    private final JsonMapper json;
    private final PrintStream out;
    private final List<String> skus;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    BacklogBench(String base, JsonMapper json, PrintStream out, List<String> skus) {
        this.base = base;
        this.json = json;
        this.out = out;
        this.skus = skus;
    }

    boolean run(int transactions) throws Exception {
        out.printf(Locale.ROOT, "backlog: %,d queued three-line sales from one register at %s, replayed %,d a request%n",
                transactions, STORE, PER_REQUEST);
        Random random = new Random(7);
        String run = Long.toString(System.nanoTime(), 36);
        List<Map<String, Object>> queue = new ArrayList<>(transactions);
        Map<String, Long> sold = new HashMap<>();
        Instant opened = Instant.parse("2026-11-28T15:00:00Z");
        for (int i = 0; i < transactions; i++) {
            List<Map<String, Object>> lines = new ArrayList<>();
            for (int line = 1; line <= 3; line++) {
                String sku = skus.get(random.nextInt(skus.size()));
                sold.merge(sku, 1L, Long::sum);
                lines.add(Map.of("lineNo", line, "sku", sku, "quantity", 1, "unitPrice", "40.00", "discount", "0.00", "tax", "3.00"));
            }
            Map<String, Object> sale = new LinkedHashMap<>();
            sale.put("transactionId", "SOHO-R9-" + run + "-" + i);
            sale.put("store", STORE);
            sale.put("register", "R9");
            sale.put("businessDay", "2026-11-28");
            sale.put("occurredAt", opened.plusMillis(i * 2_000L).toString());
            sale.put("type", "SALE");
            sale.put("currency", "USD");
            sale.put("lines", lines);
            sale.put("tenders", List.of(Map.of("type", "CASH", "amount", "129.00")));
            queue.add(sale);
        }
        Map<String, Long> before = onHand();

        Pass first = replay(queue);
        out.printf(Locale.ROOT, "first replay:  %,d accepted, %,d replays, %,d refused in %.1f s = %,.0f transactions/s%n",
                first.accepted, first.replays, first.refused, first.seconds, transactions / first.seconds);
        Pass second = replay(queue);
        out.printf(Locale.ROOT, "second replay: %,d accepted, %,d replays, %,d refused in %.1f s = %,.0f transactions/s%n",
                second.accepted, second.replays, second.refused, second.seconds, transactions / second.seconds);

        Map<String, Long> after = onHand();
        long wrong = 0;
        for (Map.Entry<String, Long> s : sold.entrySet()) {
            long moved = before.getOrDefault(s.getKey(), 0L) - after.getOrDefault(s.getKey(), 0L);
            if (moved != s.getValue()) {
                wrong++;
            }
        }
        boolean once = first.accepted == transactions && first.replays == 0 && second.replays == transactions && wrong == 0;
        out.printf(Locale.ROOT, "effect: %s (%d SKUs whose on-hand did not move by exactly the units sold)%n",
                once ? "each transaction once" : "WRONG", wrong);
        return once;
    }

    private record Pass(int accepted, int replays, int refused, double seconds) {
    }

    private Pass replay(List<Map<String, Object>> queue) throws Exception {
        int accepted = 0;
        int replays = 0;
        int refused = 0;
        long start = System.nanoTime();
        for (int from = 0; from < queue.size(); from += PER_REQUEST) {
            List<Map<String, Object>> batch = queue.subList(from, Math.min(queue.size(), from + PER_REQUEST));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/pos/transactions/batch"))
                    .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer dev-pos-key").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("transactions", batch)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("batch answered " + response.statusCode() + ": " + response.body());
            }
            for (JsonNode result : json.readTree(response.body()).get("results")) {
                int status = result.get("status").asInt();
                if (status >= 300) {
                    refused++;
                } else if (result.get("replay").asBoolean()) {
                    replays++;
                } else {
                    accepted++;
                }
            }
        }
        return new Pass(accepted, replays, refused, (System.nanoTime() - start) / 1e9);
    }

    private Map<String, Long> onHand() throws Exception {
        HttpResponse<String> rows = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/inventory/availability?location=" + STORE))
                .header("Authorization", "Bearer dev-ops-key").GET().build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Long> onHand = new HashMap<>();
        for (JsonNode row : json.readTree(rows.body())) {
            onHand.put(row.get("sku").asString(), row.get("onHand").asLong());
        }
        return onHand;
    }
}

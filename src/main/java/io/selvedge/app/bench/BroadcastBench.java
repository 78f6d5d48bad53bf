package io.selvedge.app.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench broadcast}: how long a sale's {@code availability.changed} takes to reach its readers. One-line sales
 * at a steady rate; each sale moves one availability row, whose change is read (1) by long-polling readers of the pull
 * feed and then (2) by 1,000 local webhook subscribers. Latency is counted from the moment the sale was acknowledged
 * (its commit is just before) and, as an upper bound, from the moment it was due to be sent (open loop).
 */
final class BroadcastBench {

    private static final String STORE = "STORE-ABK";

    private final String base;
    private final JsonMapper json;
    private final PrintStream out;
    private final List<String> skus;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong saleNumber = new AtomicLong();
    private final LoadGenerator load = new LoadGenerator();

    BroadcastBench(String base, JsonMapper json, PrintStream out, List<String> skus) {
        this.base = base;
        this.json = json;
        this.out = out;
        this.skus = skus;
    }

    /** When each sale (by the availability sequence it produced) was sent and acknowledged. */
    private record Sent(long sentNanos, long ackNanos) {
    }

    void run(int subscribers, double rate, int sales) throws Exception {
        out.printf(Locale.ROOT, "broadcast: %d one-line sales at %.1f/s at %s%n", sales, rate, STORE);
        feed(rate, sales, 10);
        webhooks(subscribers, rate, sales);
    }

    /** Readers long-polling {@code /inventory/availability/changes}; each reader sees every change once. */
    private void feed(double rate, int sales, int readers) throws Exception {
        long after = lastSequence();
        Map<Long, Long> arrivals = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<long[]> seen = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            Thread reader = new Thread(() -> {
                long cursor = after;
                while (!stop.get()) {
                    try {
                        HttpResponse<String> page = http.send(get("/api/v1/inventory/availability/changes?location=" + STORE + "&after=" + cursor
                                + "&limit=1000&waitMs=2000"), HttpResponse.BodyHandlers.ofString());
                        long now = System.nanoTime();
                        JsonNode body = json.readTree(page.body());
                        for (JsonNode change : body.get("changes")) {
                            seen.add(new long[] {change.get("sequence").asLong(), now});
                        }
                        cursor = body.get("next").asLong();
                    } catch (Exception e) {
                        if (!stop.get()) {
                            out.println("feed reader: " + e);
                        }
                    }
                }
            }, "bench-feed-reader-" + r);
            reader.start();
            threads.add(reader);
        }
        Thread.sleep(300);
        Map<Long, Sent> sent = sell(rate, sales);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seen.size() < (long) sent.size() * readers && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join(5000);
        }
        report("pull feed, " + readers + " long-polling readers", sent, seen, (long) sent.size() * readers);
    }

    /** 1,000 subscriptions to the store's availability, all served by one local HTTP server. */
    private void webhooks(int subscribers, double rate, int sales) throws Exception {
        ConcurrentLinkedQueue<long[]> seen = new ConcurrentLinkedQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        ExecutorService handlers = Executors.newFixedThreadPool(16);
        server.setExecutor(handlers);
        server.createContext("/s/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            long now = System.nanoTime();
            // the last "sequence" of a delivery is its availability row's (data comes last)
            String text = new String(body, StandardCharsets.UTF_8);
            int at = text.lastIndexOf("\"sequence\":");
            if (at >= 0) {
                int from = at + 11;
                int to = from;
                while (to < text.length() && Character.isDigit(text.charAt(to))) {
                    to++;
                }
                if (to > from) {
                    seen.add(new long[] {Long.parseLong(text.substring(from, to)), now});
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        List<String> ids = new ArrayList<>();
        try {
            String prefix = "bench-" + Long.toString(System.nanoTime(), 36);
            for (int i = 0; i < subscribers; i++) {
                String id = prefix + "-" + i;
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/subscriptions"))
                        .header("Authorization", "Bearer dev-ops-key").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("subscriptionId", id,
                                "url", "http://127.0.0.1:" + server.getAddress().getPort() + "/s/" + i,
                                "events", List.of("availability.changed"), "locations", List.of(STORE),
                                "secret", "bench-secret-0123456789abcdef"))))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (created.statusCode() != 201) {
                    throw new IllegalStateException("subscription refused: " + created.statusCode() + " " + created.body());
                }
                ids.add(id);
            }
            Thread.sleep(1000);
            seen.clear(); // anything delivered before the run (none expected) does not count
            Map<Long, Sent> sent = sell(rate, sales);
            long expected = (long) sent.size() * subscribers;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (seen.size() < expected && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            report("webhooks, " + subscribers + " subscribers", sent, seen, expected);
        } finally {
            for (String id : ids) {
                http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/subscriptions/" + id)).header("Authorization", "Bearer dev-ops-key")
                        .DELETE().build(), HttpResponse.BodyHandlers.discarding());
            }
            server.stop(0);
            handlers.shutdownNow();
        }
    }

    /** Open loop: sale i is due at start + i / rate. Answers each sale's availability sequence with its times. */
    private Map<Long, Sent> sell(double rate, int sales) throws InterruptedException {
        Map<Long, Sent> sent = new ConcurrentHashMap<>();
        LoadGenerator.Result result = load.openLoop(sales, rate, i -> sale(), (response, due, answered) ->
                sent.put(json.readTree(response.body()).get("sequence").asLong(), new Sent(due, answered)));
        if (result.errors() > 0) {
            out.println(result.errors() + " sales failed");
        }
        return sent;
    }

    private void report(String label, Map<Long, Sent> sent, ConcurrentLinkedQueue<long[]> seen, long expected) {
        List<Long> fromAck = new ArrayList<>();
        List<Long> fromSend = new ArrayList<>();
        long counted = 0;
        for (long[] arrival : seen) {
            Sent s = sent.get(arrival[0]);
            if (s != null) {
                counted++;
                fromAck.add(Math.max(0, arrival[1] - s.ackNanos()));
                fromSend.add(arrival[1] - s.sentNanos());
            }
        }
        out.printf(Locale.ROOT, "%-44s received %d of %d   from ack: p50 %6.1f ms p99 %6.1f ms max %6.1f ms   from due: p50 %6.1f ms p99 %6.1f ms%n",
                label, counted, expected, LoadGenerator.percentileMillis(fromAck, 50), LoadGenerator.percentileMillis(fromAck, 99),
                LoadGenerator.percentileMillis(fromAck, 100), LoadGenerator.percentileMillis(fromSend, 50),
                LoadGenerator.percentileMillis(fromSend, 99));
    }


    private HttpRequest sale() {
        long n = saleNumber.incrementAndGet();
        String sku = skus.get((int) (n % skus.size()));
        Map<String, Object> body = Map.of("transactionId", "BCAST-" + Long.toString(System.nanoTime(), 36) + "-" + n, "store", STORE, "register", "R1",
                "businessDay", "2026-11-28", "occurredAt", "2026-11-28T20:00:00Z", "type", "SALE", "currency", "USD",
                "lines", List.of(Map.of("lineNo", 1, "sku", sku, "quantity", 1, "unitPrice", "50.00", "discount", "0.00", "tax", "4.00")),
                "tenders", List.of(Map.of("type", "CASH", "amount", "54.00")));
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/pos/transactions")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer dev-pos-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
    }

    private long lastSequence() throws Exception {
        HttpResponse<String> rows = http.send(get("/api/v1/inventory/availability?location=" + STORE), HttpResponse.BodyHandlers.ofString());
        long last = 0;
        for (JsonNode row : json.readTree(rows.body())) {
            last = Math.max(last, row.get("sequence").asLong());
        }
        return last;
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer dev-ops-key").GET().build();
    }
}

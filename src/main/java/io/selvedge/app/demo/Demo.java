package io.selvedge.app.demo;

import com.sun.net.httpserver.HttpServer;
import io.selvedge.contract.Contract;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo brand and its Saturday, played through the public API over real HTTP, as the brand's own
 * systems would: the back office publishes a season and receives stock, wholesale pre-books, local
 * webhook receivers stand for each store's POS and the web shop, and the flagship sells the last navy
 * overshirt in M. Prints what each system saw and when.
 */
@Component
public class Demo {

    static final String HERO = "OVS-NAVY-M";
    private static final String SECRET = "demo-webhook-secret-0123456789";

    private final Environment environment;
    private final Contract contract;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> problems = new ArrayList<>();
    private PrintStream out = System.out;
    private Instant start;
    private String base;

    public Demo(Environment environment, Contract contract, JsonMapper json, Clock clock) {
        this.environment = environment;
        this.contract = contract;
        this.json = json;
        this.clock = clock;
    }

    /** Plays the scenario; true when every step behaved as it should. */
    public boolean play() {
        base = "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080");
        start = clock.instant();
        out.println();
        out.println("Selvedge demo: " + contract.brand() + ", Saturday 2026-11-28");
        out.println("=".repeat(78));
        List<Receiver> receivers = new ArrayList<>();
        try {
            DemoBrand brand = new DemoBrand();
            loadCatalogue(brand);
            loadStock(brand);
            preBook();
            receivers = subscribeReceivers();
            playSaturday(receivers);
        } catch (IOException | RuntimeException e) {
            problems.add("the demo stopped: " + e);
        } finally {
            // the receivers go with the scenario: their subscriptions too, or events would wait for them (and health say so)
            receivers.forEach(Receiver::unsubscribeAndStop);
        }
        out.println("=".repeat(78));
        if (problems.isEmpty()) {
            out.println("Every step behaved as the contract says.");
        } else {
            problems.forEach(p -> out.println("PROBLEM: " + p));
        }
        out.println("Serving at " + base.replace("127.0.0.1", "localhost") + "  (dashboard /#key=dev-ops-key, API /api/v1, OpenAPI /swagger-ui.html,"
                + " metrics /actuator/prometheus)");
        out.println("Development keys: erp=dev-erp-key pos=dev-pos-key web=dev-web-key wholesale=dev-wholesale-key"
                + " finance=dev-finance-key ops=dev-ops-key");
        out.flush();
        return problems.isEmpty();
    }

    private void loadCatalogue(DemoBrand brand) {
        long revision = 0;
        int variants = 0;
        for (Map<String, Object> style : brand.styles()) {
            JsonNode answer = expect(200, call("PUT", "/api/v1/catalog/styles/" + style.get("code"), "dev-erp-key", withoutCode(style)));
            revision = answer.get("revision").asLong();
            variants += ((List<?>) style.get("variants")).size();
        }
        say("erp", "published the FW26 season: " + brand.styles().size() + " styles, " + variants + " variants (revision " + revision + ")");
    }

    private static Map<String, Object> withoutCode(Map<String, Object> style) {
        Map<String, Object> body = new LinkedHashMap<>(style);
        body.remove("code");
        return body;
    }

    private void loadStock(DemoBrand brand) {
        for (String location : List.of("WH1", "STORE-ABK", "STORE-SOHO", "STORE-MEL")) {
            List<Map<String, Object>> lines = brand.opening(location);
            for (int from = 0, part = 1; from < lines.size(); from += 500, part++) {
                expect(201, call("POST", "/api/v1/inventory/movements", "dev-erp-key", Map.of(
                        "movementId", "OPENING-" + location + "-" + part, "type", "RECEIPT", "location", location,
                        "occurredAt", "2026-11-27T16:00:00Z", "reason", "opening stock",
                        "lines", lines.subList(from, Math.min(lines.size(), from + 500)))));
            }
            long units = lines.stream().mapToLong(l -> ((Number) l.get("quantity")).longValue()).sum();
            say("erp", "received opening stock at " + location + ": " + units + " units of " + lines.size() + " SKUs");
        }
        say("hub", "on hand for " + HERO + ": " + describe(HERO));
    }

    private void preBook() {
        expect(201, call("POST", "/api/v1/inventory/allocations", "dev-wholesale-key", Map.of(
                "allocationId", "PB-77", "account", "Nordstrom", "location", "WH1",
                "lines", List.of(Map.of("sku", HERO, "quantity", 12), Map.of("sku", "OVS-NAVY-L", "quantity", 12)))));
        say("wholesale", "pre-book PB-77 for Nordstrom holds 12 x " + HERO + " and 12 x OVS-NAVY-L at WH1");
        say("hub", "available to sell now: " + describe(HERO));
    }

    private List<Receiver> subscribeReceivers() throws IOException {
        List<Receiver> receivers = new ArrayList<>();
        for (String name : List.of("POS STORE-ABK", "POS STORE-SOHO", "POS STORE-MEL", "web shop")) {
            Receiver receiver = new Receiver(name);
            receivers.add(receiver);
            receiver.key = name.startsWith("POS") ? "dev-pos-key" : "dev-web-key";
            receiver.subscriptionId = expect(201, call("POST", "/api/v1/subscriptions", receiver.key, Map.of(
                    "url", receiver.url(), "events", List.of("availability.changed"), "secret", SECRET))).get("subscriptionId").asString();
        }
        say("hub", "4 webhook subscribers listening for availability.changed (each store's POS and the web shop)");
        return receivers;
    }

    private void playSaturday(List<Receiver> receivers) {
        Map<String, Object> sale = new LinkedHashMap<>();
        sale.put("transactionId", "ABK-R1-000123");
        sale.put("store", "STORE-ABK");
        sale.put("register", "R1");
        sale.put("businessDay", "2026-11-28");
        sale.put("occurredAt", "2026-11-28T22:01:10Z");
        sale.put("type", "SALE");
        sale.put("currency", "USD");
        sale.put("employeeSale", false);
        sale.put("customer", Map.of("email", "ana@example.com", "phone", "+13105550100"));
        sale.put("lines", List.of(Map.of("lineNo", 1, "sku", HERO, "quantity", 1, "unitPrice", "89.00", "discount", "0.00", "tax", "8.45")));
        sale.put("tenders", List.of(Map.of("type", "CARD", "brand", "VISA", "amount", "97.45", "reference", "8815", "last4", "4242")));
        Instant sold = clock.instant();
        JsonNode answer = expect(201, call("POST", "/api/v1/pos/transactions", "dev-pos-key", sale));
        Instant acknowledged = clock.instant();
        long sequence = answer.get("sequence").asLong();
        say("POS STORE-ABK", "sells the last " + HERO + " (ABK-R1-000123, $97.45 VISA): acknowledged in "
                + Duration.between(sold, acknowledged).toMillis() + " ms, ledger sequence " + sequence);

        Instant deadline = sold.plusSeconds(3);
        long slowest = 0;
        for (Receiver receiver : receivers) {
            Heard heard = receiver.awaitAbk(deadline);
            if (heard == null) {
                problems.add(receiver.name + " did not hear of " + HERO + " at STORE-ABK within 3 s");
                say(receiver.name, "heard nothing within 3 s");
                continue;
            }
            long ms = Math.max(0, Duration.between(sold, heard.at).toMillis());
            slowest = Math.max(slowest, ms);
            say(receiver.name, "told: " + HERO + " at STORE-ABK now available " + heard.available + " (signature verified, "
                    + ms + " ms after the register sent the sale)");
        }
        if (slowest > 1000) {
            problems.add("the slowest channel heard after " + slowest + " ms, more than a second");
        }

        var replay = call("POST", "/api/v1/pos/transactions", "dev-pos-key", sale);
        say("POS STORE-ABK", "the register retries the same transaction after a timeout: " + replay.statusCode()
                + (replay.headers().firstValue("Idempotent-Replay").isPresent() ? " Idempotent-Replay, counted once" : ""));
        if (replay.statusCode() != 200) {
            problems.add("a replayed transaction answered " + replay.statusCode() + ", not 200");
        }

        var checkout = call("POST", "/api/v1/inventory/reservations", "dev-web-key", Map.of(
                "reservationId", "CART-9", "channel", "web", "lines", List.of(Map.of("sku", HERO, "quantity", 1)), "ttlSeconds", 600));
        if (checkout.statusCode() == 409) {
            say("web shop", "checkout CART-9 tries to reserve " + HERO + ": refused (409), nothing held: " + shortages(checkout.body()));
        } else {
            problems.add("the web checkout's reservation answered " + checkout.statusCode() + ", not 409");
            say("web shop", "checkout CART-9 answered " + checkout.statusCode() + ": " + checkout.body());
        }
        JsonNode wh1 = json.readTree(call("GET", "/api/v1/inventory/availability?location=WH1&sku=" + HERO, "dev-wholesale-key", null).body()).get(0);
        long held = wh1.get("allocated").asLong();
        say("wholesale", "pre-book PB-77 still holds " + held + " of 12 x " + HERO + " at WH1");
        if (held != 12) {
            problems.add("the wholesale hold is " + held + ", not 12");
        }
        say("hub", "final availability: " + describe(HERO));
    }

    private String shortages(String body) {
        JsonNode problem = json.readTree(body);
        JsonNode shortages = problem.get("shortages");
        if (shortages == null) {
            return problem.path("detail").asString();
        }
        List<String> parts = new ArrayList<>();
        shortages.forEach(s -> parts.add(s.get("sku").asString() + " requested " + s.get("requested").asLong() + ", available "
                + s.get("available").asLong()));
        return String.join("; ", parts);
    }

    private String describe(String sku) {
        JsonNode rows = json.readTree(call("GET", "/api/v1/inventory/availability?sku=" + sku, "dev-ops-key", null).body());
        List<String> parts = new ArrayList<>();
        rows.forEach(r -> parts.add(r.get("location").asString() + " " + r.get("onHand").asLong() + " on hand/"
                + r.get("available").asLong() + " available"));
        return String.join(", ", parts);
    }

    private void say(String who, String what) {
        long ms = Duration.between(start, clock.instant()).toMillis();
        out.printf("%7d ms  %-15s %s%n", ms, who, what);
    }

    private HttpResponse<String> call(String method, String path, String key, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status && !(status == 201 && response.statusCode() == 200)) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    record Heard(Instant at, long available) {
    }

    /** A local webhook receiver standing for one system: verifies the signature and keeps what it heard. */
    private final class Receiver {
        final String name;
        final HttpServer server;
        final List<Heard> abk = new CopyOnWriteArrayList<>();
        final Map<String, Boolean> seen = new ConcurrentHashMap<>();
        String key;
        String subscriptionId;

        Receiver(String name) throws IOException {
            this.name = name;
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] raw = exchange.getRequestBody().readAllBytes();
                String body = new String(raw, StandardCharsets.UTF_8);
                String signature = exchange.getRequestHeaders().getFirst("Selvedge-Signature");
                int status = verified(signature, body) ? 204 : 401;
                if (status == 204) {
                    JsonNode event = json.readTree(body);
                    JsonNode data = event.get("data");
                    if (seen.putIfAbsent(event.get("id").asString(), true) == null && data != null
                            && HERO.equals(data.path("sku").asString()) && "STORE-ABK".equals(data.path("location").asString())) {
                        abk.add(new Heard(clock.instant(), data.get("available").asLong()));
                    }
                } else {
                    problems.add(name + " received a delivery whose signature did not verify");
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/selvedge";
        }

        void unsubscribeAndStop() {
            try {
                if (subscriptionId != null) {
                    call("DELETE", "/api/v1/subscriptions/" + subscriptionId, key, null);
                }
            } catch (RuntimeException e) {
                problems.add(name + "'s subscription could not be removed: " + e.getMessage());
            } finally {
                server.stop(0);
            }
        }

        Heard awaitAbk(Instant deadline) {
            while (clock.instant().isBefore(deadline)) {
                for (Heard heard : abk) {
                    if (heard.available == 0) {
                        return heard;
                    }
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return null;
        }

        private boolean verified(String header, String body) {
            if (header == null) {
                return false;
            }
            String t = null;
            String v1 = null;
            for (String part : header.split(",")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length == 2 && kv[0].equals("t")) {
                    t = kv[1];
                } else if (kv.length == 2 && kv[0].equals("v1")) {
                    v1 = kv[1];
                }
            }
            if (t == null || v1 == null) {
                return false;
            }
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
                return java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), v1.getBytes(StandardCharsets.US_ASCII));
            } catch (java.security.GeneralSecurityException e) {
                return false;
            }
        }
    }
}

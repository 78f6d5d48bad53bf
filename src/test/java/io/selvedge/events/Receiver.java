package io.selvedge.events;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.selvedge.testing.Api;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;

/**
 * A subscriber's endpoint on 127.0.0.1: checks every delivery's {@code Selvedge-Signature} with the shared
 * secret the way an integrator would (its own HMAC, not the hub's code), answers with the status the test
 * chooses, and records what came.
 */
final class Receiver implements AutoCloseable {

    /** One request as received; {@code status} is what the receiver answered. */
    record Request(String raw, JsonNode body, String contentType, String eventIdHeader, String signature,
                   boolean signatureValid, int status, long receivedAtNanos) {

        String eventId() {
            return body.get("id").asString();
        }

        long sequence() {
            return body.get("sequence").asLong();
        }

        JsonNode data() {
            return body.get("data");
        }

        boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    private final String secret;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile ToIntFunction<JsonNode> answer = body -> 200;

    private Receiver(String secret) throws IOException {
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    static Receiver start(String secret) {
        try {
            return new Receiver(secret);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/selvedge";
    }

    /** How to answer each (validly signed) delivery, by its body. */
    void answer(ToIntFunction<JsonNode> status) {
        this.answer = status;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> accepted() {
        return requests.stream().filter(Request::accepted).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long at = System.nanoTime();
        String raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String signature = exchange.getRequestHeaders().getFirst("Selvedge-Signature");
        boolean valid = verify(signature, raw);
        JsonNode body = Api.JSON.readTree(raw);
        int status = valid ? answer.applyAsInt(body) : 401;
        requests.add(new Request(raw, body, exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Selvedge-Event-Id"), signature, valid, status, at));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">, and t within five minutes of now. */
    private boolean verify(String header, String body) {
        if (header == null) {
            return false;
        }
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                t = part.substring(2);
            } else if (part.startsWith("v1=")) {
                v1 = part.substring(3);
            }
        }
        if (t == null || v1 == null || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

package io.selvedge.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The public API over real HTTP, as a POS or back office would call it: any failure to get an answer is an
 * {@link Answer} with status 0, never an exception, so a sender can decide to retry.
 */
final class HubClient implements AutoCloseable {

    static final String ERP = "dev-erp-key";
    static final String POS = "dev-pos-key";
    static final String WEB = "dev-web-key";
    static final String WHOLESALE = "dev-wholesale-key";
    static final String OPS = "dev-ops-key";

    private final java.util.List<String> bases;
    private final java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
    private final Duration timeout;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "faults-http");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http;

    HubClient(String base, Duration timeout) {
        this(java.util.List.of(base), timeout);
    }

    /**
     * Several hubs behind one client, as behind a round-robin load balancer: each request goes to the next, so a
     * request resent after no answer (its hub died) goes to another.
     */
    HubClient(java.util.List<String> bases, Duration timeout) {
        this.bases = java.util.List.copyOf(bases);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .executor(executor).build();
    }

    String base() {
        return bases.get(0);
    }

    Answer get(String path, String key) {
        return send("GET", path, key, null, (byte[]) null);
    }

    Answer post(String path, String key, String json) {
        return send("POST", path, key, "application/json", json);
    }

    Answer put(String path, String key, String json) {
        return send("PUT", path, key, "application/json", json);
    }

    Answer send(String method, String path, String key, String contentType, String body) {
        return send(method, path, key, contentType, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    Answer send(String method, String path, String key, String contentType, byte[] body) {
        return send(method, path, key, contentType, body, java.util.Map.of());
    }

    /** {@code key} may be a whole Authorization value when it has a space ("Basic x"); otherwise it is a Bearer key. */
    Answer send(String method, String path, String key, String contentType, byte[] body, java.util.Map<String, String> headers) {
        String base = bases.size() == 1 ? bases.get(0) : bases.get(Math.floorMod(turn.getAndIncrement(), bases.size()));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header("Authorization", key.contains(" ") ? key : "Bearer " + key);
        }
        headers.forEach(request::header);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Content-Type").orElse(null),
                    "true".equals(response.headers().firstValue("Idempotent-Replay").orElse(null)), null);
        } catch (IllegalArgumentException e) {
            return Answer.none("not sendable by java.net.http: " + e.getMessage());
        } catch (IOException e) {
            return Answer.none(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.none("interrupted");
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

package io.selvedge.shopify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;

/** Delivers webhooks as Shopify does: the raw body, its HMAC with the shop's secret, the topic and a webhook id. */
public final class ShopifyWebhooks {

    public static final String SECRET = "dev-shopify-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public ShopifyWebhooks(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Delivered(int status, String body, Map<String, java.util.List<String>> headers, long millis) {

        public JsonNode json() {
            return ShopifySamples.JSON.readTree(body);
        }
    }

    public Delivered deliver(String topic, String webhookId, byte[] body) {
        return deliver(topic, webhookId, body, hmac(body, SECRET), Map.of());
    }

    public Delivered deliver(String topic, String webhookId, JsonNode body) {
        return deliver(topic, webhookId, ShopifySamples.JSON.writeValueAsBytes(body));
    }

    public Delivered deliver(String topic, String webhookId, byte[] body, String hmac, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/webhooks/shopify/" + topic)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Shopify-Topic", topic)
                .header("X-Shopify-Shop-Domain", "selvedge-demo.myshopify.com").header("X-Shopify-API-Version", "2026-01")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (webhookId != null) {
            request.header("X-Shopify-Webhook-Id", webhookId);
        }
        if (hmac != null) {
            request.header("X-Shopify-Hmac-SHA256", hmac);
        }
        headers.forEach(request::setHeader);
        return send(request.build());
    }

    public static Delivered send(HttpRequest request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Delivered(response.statusCode(), response.body(), response.headers().map(), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String hmac(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hmac(String body, String secret) {
        return hmac(body.getBytes(StandardCharsets.UTF_8), secret);
    }
}

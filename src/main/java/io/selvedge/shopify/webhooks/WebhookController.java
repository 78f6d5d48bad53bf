package io.selvedge.shopify.webhooks;

import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.FieldError;
import io.selvedge.shared.ProblemException;
import io.selvedge.shopify.ShopifySettings;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/shopify/{topic}}: outside {@code /api/v1} and its bearer keys, authenticated by Shopify's HMAC
 * of the raw body, checked before anything is parsed. Answers 200 once the delivery is kept (processing follows on the
 * worker), well within Shopify's 5 s. {@code GET /api/v1/shopify/webhooks}: the recent deliveries and their outcomes,
 * for operations (never their bodies).
 */
@RestController
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);
    private static final Set<String> STATUSES = Set.of("PENDING", "RETRY", "PROCESSED", "IGNORED", "REFUSED");

    private final Shop shop;
    private final WebhookIntake intake;
    private final JdbcWebhooks webhooks;
    private final ShopifySettings settings;
    private final MeterRegistry meters;
    private final JsonMapper json;

    WebhookController(Shop shop, WebhookIntake intake, JdbcWebhooks webhooks, ShopifySettings settings, MeterRegistry meters, JsonMapper json) {
        this.shop = shop;
        this.intake = intake;
        this.webhooks = webhooks;
        this.settings = settings;
        this.meters = meters;
        this.json = json;
    }

    @PostMapping("/webhooks/shopify/{resource}/{event}")
    ResponseEntity<Map<String, Object>> receive(@PathVariable String resource, @PathVariable String event, HttpServletRequest request)
            throws IOException {
        String topic = resource + "/" + event;
        if (!shop.configured()) {
            throw ProblemException.notFound("No Shopify shop is configured in the contract (shopify:)");
        }
        long max = settings.webhooks().maxBody().toBytes();
        if (request.getContentLengthLong() > max) {
            throw tooLarge(request.getContentLengthLong(), max);
        }
        byte[] body = read(request.getInputStream(), max);
        if (body == null) {
            throw tooLarge(-1, max);
        }
        if (!WebhookSignature.verifies(body, request.getHeader("X-Shopify-Hmac-SHA256"), shop.secrets())) {
            meters.counter("selvedge.shopify.webhooks.received", "topic", "unverified", "answer", "unauthenticated").increment();
            log.warn("event=shopify.webhook.unverified bytes={} signed={}", body.length, request.getHeader("X-Shopify-Hmac-SHA256") != null);
            throw new ProblemException(ErrorCode.UNAUTHENTICATED,
                    "X-Shopify-Hmac-SHA256 is not the HMAC-SHA256 of this body with the shop's webhook secret");
        }
        if (!WebhookIntake.supported(topic)) {
            log.warn("event=shopify.webhook.unsupported-topic topic={}", topic.replaceAll("[^a-z_/]", "?"));
            throw ProblemException.notFound("Topic '" + topic + "' is not mapped; the hub maps " + WebhookIntake.TOPICS);
        }
        List<FieldError> errors = new ArrayList<>();
        String headerTopic = request.getHeader("X-Shopify-Topic");
        if (headerTopic != null && !headerTopic.equals(topic)) {
            errors.add(new FieldError("X-Shopify-Topic", "names another topic than the path"));
        }
        String webhookId = request.getHeader("X-Shopify-Webhook-Id");
        if (webhookId == null || webhookId.isBlank()) {
            webhookId = request.getHeader("X-Shopify-Event-Id");
        }
        if (webhookId == null || !webhookId.strip().matches("[A-Za-z0-9._:-]{1,200}")) {
            errors.add(new FieldError("X-Shopify-Webhook-Id", "is required: 1 to 200 letters, digits, '.', '_', ':' or '-'"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ErrorCode.MALFORMED_REQUEST, "The delivery's headers are not Shopify's", errors);
        }
        WebhookIntake.Answer answer = intake.accept(topic, webhookId.strip(), header(request, "X-Shopify-Shop-Domain"),
                header(request, "X-Shopify-API-Version"), body);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("webhookId", webhookId.strip());
        out.put("topic", topic);
        out.put("status", answer == WebhookIntake.Answer.ACCEPTED ? "ACCEPTED" : "DUPLICATE");
        var response = ResponseEntity.ok();
        if (answer == WebhookIntake.Answer.DUPLICATE) {
            response.header("Idempotent-Replay", "true");
        }
        return response.body(out);
    }

    @GetMapping("/api/v1/shopify/webhooks")
    Map<String, Object> list(@RequestParam(required = false) String status, @RequestParam(required = false) String topic,
                             @RequestParam(required = false) Long before, @RequestParam(defaultValue = "100") int limit) {
        List<FieldError> errors = new ArrayList<>();
        if (status != null && !STATUSES.contains(status)) {
            errors.add(new FieldError("status", "must be one of " + new java.util.TreeSet<>(STATUSES)));
        }
        if (limit < 1 || limit > 1000) {
            errors.add(new FieldError("limit", "must be 1 to 1000"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ErrorCode.VALIDATION, "Invalid query", errors);
        }
        List<Map<String, Object>> rows = webhooks.list(status, topic, before, limit).stream().map(WebhookController::row).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("counts", webhooks.countByStatus());
        out.put("webhooks", rows);
        if (rows.size() == limit) {
            out.put("next", rows.get(rows.size() - 1).get("id"));
        }
        return out;
    }

    @GetMapping("/api/v1/shopify/webhooks/{webhookId}")
    Map<String, Object> one(@PathVariable String webhookId) {
        Map<String, Object> row = webhooks.find(webhookId).map(WebhookController::row)
                .orElseThrow(() -> ProblemException.notFound("No Shopify webhook '" + webhookId + "' was received"));
        webhooks.result(webhookId).ifPresent(result -> row.put("result", json.readTree(result)));
        return row;
    }

    private static Map<String, Object> row(JdbcWebhooks.Summary s) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", s.id());
        row.put("webhookId", s.webhookId());
        row.put("topic", s.topic());
        row.put("shopDomain", s.shopDomain());
        row.put("receivedAt", s.receivedAt().toString());
        row.put("bytes", s.bodyBytes());
        row.put("status", s.status());
        row.put("attempts", s.attempts());
        row.put("processedAt", s.processedAt() == null ? null : s.processedAt().toString());
        row.put("nextAttemptAt", s.nextAttemptAt() == null ? null : s.nextAttemptAt().toString());
        row.put("waitingFor", s.waitingFor());
        row.put("subject", s.subject());
        row.put("reason", s.reason());
        return row;
    }

    /** At most {@code max} bytes, or null when there are more: a huge body is never held whole. */
    private static byte[] read(InputStream in, long max) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
        return body.length > max ? null : body;
    }

    private ProblemException tooLarge(long length, long max) {
        meters.counter("selvedge.shopify.webhooks.received", "topic", "too-large", "answer", "too-large").increment();
        log.warn("event=shopify.webhook.too-large bytes={} max={}", length, max);
        return new ProblemException(ErrorCode.PAYLOAD_TOO_LARGE, "A Shopify webhook body may be at most " + max + " bytes");
    }

    private static String header(HttpServletRequest request, String name) {
        String value = request.getHeader(name);
        return value == null || value.isBlank() ? null : value.strip().length() > 200 ? value.strip().substring(0, 200) : value.strip();
    }
}

package io.selvedge.shopify.webhooks;

import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.sales.SalesIntake;
import io.selvedge.shared.ErrorCode;
import io.selvedge.shared.ProblemException;
import io.selvedge.shared.WriteTransactions;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Keeps a verified delivery durably before it is answered (Shopify gives up after 5 s and retries): the raw body,
 * topic and webhook id, in one write. A repeated webhook id with the same body has the effect of one; with another
 * body it is a conflict. A body holding what looks like a full card number is not kept at all: the delivery is
 * recorded as refused, without its body.
 */
@Service
class WebhookIntake {

    /** The topics the hub maps (docs/formats/shopify.md). */
    static final List<String> TOPICS = List.of("orders/create", "orders/updated", "refunds/create", "customers/create", "customers/update",
            "inventory_levels/update", "products/create", "products/update");

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

    enum Answer { ACCEPTED, DUPLICATE, CONFLICT }

    private final JdbcWebhooks webhooks;
    private final WriteTransactions writes;
    private final WebhookWorker worker;
    private final MeterRegistry meters;
    private final Clock clock;

    WebhookIntake(JdbcWebhooks webhooks, WriteTransactions writes, WebhookWorker worker, MeterRegistry meters, Clock clock) {
        this.webhooks = webhooks;
        this.writes = writes;
        this.worker = worker;
        this.meters = meters;
        this.clock = clock;
    }

    Answer accept(String topic, String webhookId, String shopDomain, String apiVersion, byte[] body) {
        String sha = sha256(body);
        String status = JdbcWebhooks.PENDING;
        String reason = null;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            text = null;
            status = "REFUSED";
            reason = "the body is not UTF-8 text: it was not kept";
        }
        if (text != null && holdsCardNumber(text)) {
            text = null;
            status = "REFUSED";
            reason = "the body holds what looks like a full card number: it was not kept (a card number is never stored)";
        }
        JdbcWebhooks.Received received = new JdbcWebhooks.Received(webhookId, topic, shopDomain, apiVersion, clock.instant(), text, sha,
                body.length, status, reason);
        // the group commit runs it once more alone if another instance inserted the same webhook id at the same moment
        Answer answer = store(received);
        if (answer == Answer.CONFLICT) {
            meters.counter("selvedge.shopify.webhooks.received", "topic", topic, "answer", "conflict").increment();
            log.warn("event=shopify.webhook.conflict topic={} webhookId={}", topic, webhookId);
            throw new ProblemException(ErrorCode.IDEMPOTENCY_CONFLICT, "Webhook '" + webhookId + "' was already received with a different body");
        }
        meters.counter("selvedge.shopify.webhooks.received", "topic", topic, "answer", answer.name().toLowerCase(java.util.Locale.ROOT)).increment();
        log.info("event=shopify.webhook.{} topic={} webhookId={} bytes={}{}", answer == Answer.ACCEPTED ? "accepted" : "duplicate", topic,
                webhookId, body.length, reason == null ? "" : " refused=true");
        if (answer == Answer.ACCEPTED && reason == null) {
            worker.wake();
        }
        return answer;
    }

    private Answer store(JdbcWebhooks.Received received) {
        return writes.write(() -> {
            var kept = webhooks.bodyHashOf(received.webhookId());
            if (kept.isPresent()) {
                return kept.get().equals(received.bodySha256()) ? Answer.DUPLICATE : Answer.CONFLICT;
            }
            webhooks.insert(received);
            return Answer.ACCEPTED;
        });
    }

    /**
     * Looks for card numbers in the payload's string values. Ids are JSON numbers (and GIDs), and an 18-digit id that
     * starts with 4 passes a Luhn check one time in ten, so they are not read as text; a body that is not JSON is read whole.
     */
    private boolean holdsCardNumber(String text) {
        StringBuilder strings = new StringBuilder();
        try {
            collect(WebhookWorker.JSON.readTree(text), strings);
        } catch (JacksonException notJson) {
            strings.setLength(0);
            strings.append(text);
        }
        try {
            SalesIntake.refuseCardNumbers(strings.toString());
            return false;
        } catch (ProblemException cardNumber) {
            return true;
        }
    }

    private static void collect(JsonNode node, StringBuilder out) {
        if (node.isString()) {
            if (!node.stringValue().startsWith("gid://")) {
                out.append(node.stringValue()).append('\n');
            }
        } else if (node.isContainer()) {
            for (JsonNode child : node.values()) {
                collect(child, out);
            }
        }
    }

    static String sha256(byte[] body) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    static boolean supported(String topic) {
        return Set.copyOf(TOPICS).contains(topic);
    }

}

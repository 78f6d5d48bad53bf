package io.selvedge.shopify.webhooks;

import static io.selvedge.shared.SqlTimes.instant;
import static io.selvedge.shared.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The deliveries as received and their outcomes, and the Shopify orders recorded with their line numbers. */
@Repository
class JdbcWebhooks {

    static final String PENDING = "PENDING";
    static final String RETRY = "RETRY";

    private static final String SUMMARY = "id, webhook_id, topic, shop_domain, received_at, body_bytes, status, attempts, next_attempt_at, "
            + "processed_at, subject, reason, waiting_for";

    private final JdbcClient jdbc;

    JdbcWebhooks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A delivery as listed: never its body. */
    record Summary(long id, String webhookId, String topic, String shopDomain, Instant receivedAt, int bodyBytes, String status,
                   int attempts, Instant nextAttemptAt, Instant processedAt, String subject, String reason, String waitingFor) {
    }

    record Received(String webhookId, String topic, String shopDomain, String apiVersion, Instant receivedAt, String body,
                    String bodySha256, int bodyBytes, String status, String reason) {
    }

    record Due(long id, String webhookId, String topic, String body, int attempts) {
    }

    Optional<String> bodyHashOf(String webhookId) {
        return jdbc.sql("SELECT body_sha256 FROM shopify_webhook WHERE webhook_id = ?").param(webhookId).query(String.class).optional();
    }

    long insert(Received r) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO shopify_webhook (webhook_id, topic, shop_domain, api_version, received_at, body, body_sha256, body_bytes, status,
                    attempts, processed_at, reason)
                VALUES (:webhookId, :topic, :shopDomain, :apiVersion, :receivedAt, :body, :sha, :bytes, :status, 0, :processedAt, :reason)""")
                .param("webhookId", r.webhookId()).param("topic", r.topic()).param("shopDomain", r.shopDomain())
                .param("apiVersion", r.apiVersion()).param("receivedAt", utc(r.receivedAt())).param("body", r.body())
                .param("sha", r.bodySha256()).param("bytes", r.bodyBytes()).param("status", r.status())
                .param("processedAt", PENDING.equals(r.status()) ? null : utc(r.receivedAt())).param("reason", r.reason())
                .update(key, "id");
        return key.getKey().longValue();
    }

    /** Due deliveries in arrival order: pending or waiting to retry, their time come, no live lease on them. */
    List<Due> due(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id, webhook_id, topic, body, attempts FROM shopify_webhook
                WHERE status IN ('PENDING', 'RETRY') AND (next_attempt_at IS NULL OR next_attempt_at <= :now)
                  AND (claimed_until IS NULL OR claimed_until < :now)
                ORDER BY id LIMIT :limit""")
                .param("now", utc(now)).param("limit", limit)
                .query((rs, n) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5))).list();
    }

    boolean anyDue(Instant now) {
        return !due(now, 1).isEmpty();
    }

    /** Takes the lease on a due delivery; false when another worker holds it or it is no longer due. */
    boolean claim(long id, Instant now, Instant until) {
        return jdbc.sql("""
                UPDATE shopify_webhook SET claimed_until = :until
                WHERE id = :id AND status IN ('PENDING', 'RETRY') AND (claimed_until IS NULL OR claimed_until < :now)""")
                .param("until", utc(until)).param("id", id).param("now", utc(now)).update() == 1;
    }

    void finish(long id, String status, Instant at, String subject, String reason, String result) {
        jdbc.sql("""
                UPDATE shopify_webhook SET status = ?, attempts = attempts + 1, processed_at = ?, next_attempt_at = NULL, claimed_until = NULL,
                    waiting_for = NULL, subject = ?, reason = ?, result = ?
                WHERE id = ?""")
                .params(status, utc(at), subject, clip(reason, 2000), result, id).update();
    }

    void retry(long id, Instant at, Instant next, String subject, String reason, String waitingFor) {
        jdbc.sql("""
                UPDATE shopify_webhook SET status = 'RETRY', attempts = attempts + 1, processed_at = ?, next_attempt_at = ?,
                    claimed_until = NULL, subject = ?, reason = ?, waiting_for = ?
                WHERE id = ?""")
                .params(utc(at), utc(next), subject, clip(reason, 2000), waitingFor, id).update();
    }

    /** Drops the bodies of deliveries settled before {@code before}; their outcomes stay. */
    int dropBodies(Instant before) {
        return jdbc.sql("""
                UPDATE shopify_webhook SET body = NULL
                WHERE status IN ('PROCESSED', 'IGNORED', 'REFUSED') AND processed_at < ? AND body IS NOT NULL""")
                .param(utc(before)).update();
    }

    /** Deliveries that wait for {@code orderRef} are due now: it was just recorded. */
    int wake(String orderRef, Instant now) {
        return jdbc.sql("UPDATE shopify_webhook SET next_attempt_at = ? WHERE status = 'RETRY' AND waiting_for = ?")
                .params(utc(now), orderRef).update();
    }

    List<Summary> list(String status, String topic, Long before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + SUMMARY + " FROM shopify_webhook WHERE 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (status != null) {
            sql.append(" AND status = :status");
            params.put("status", status);
        }
        if (topic != null) {
            sql.append(" AND topic = :topic");
            params.put("topic", topic);
        }
        if (before != null) {
            sql.append(" AND id < :before");
            params.put("before", before);
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(JdbcWebhooks::summary).list();
    }

    Optional<Summary> find(String webhookId) {
        return jdbc.sql("SELECT " + SUMMARY + " FROM shopify_webhook WHERE webhook_id = ?").param(webhookId)
                .query(JdbcWebhooks::summary).optional();
    }

    Optional<String> result(String webhookId) {
        return jdbc.sql("SELECT result FROM shopify_webhook WHERE webhook_id = ?").param(webhookId).query(String.class).optional();
    }

    Map<String, Long> countByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT status, COUNT(*) FROM shopify_webhook GROUP BY status ORDER BY status")
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return counts;
    }

    // --- the Shopify orders recorded, and their lines ---

    record OrderLine(String lineItemId, int lineNo, String sku, long unitPriceMinor) {
    }

    record RecordedOrder(String orderId, String orderRef, String currency, Map<String, OrderLine> lines) {
    }

    Optional<RecordedOrder> order(String orderId) {
        return jdbc.sql("SELECT order_ref, currency FROM shopify_order WHERE order_id = ?").param(orderId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional()
                .map(o -> {
                    Map<String, OrderLine> lines = new LinkedHashMap<>();
                    jdbc.sql("SELECT line_item_id, line_no, sku, unit_price_minor FROM shopify_order_line WHERE order_id = ? ORDER BY line_no")
                            .param(orderId).query((rs, n) -> new OrderLine(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4))).list()
                            .forEach(l -> lines.put(l.lineItemId(), l));
                    return new RecordedOrder(orderId, o[0], o[1], lines);
                });
    }

    /** Remembers a recorded order and its lines; recording it again changes nothing. */
    void rememberOrder(String orderId, String orderRef, String currency, List<OrderLine> lines, Instant at) {
        if (jdbc.sql("SELECT COUNT(*) FROM shopify_order WHERE order_id = ?").param(orderId).query(Long.class).single() > 0) {
            return;
        }
        jdbc.sql("INSERT INTO shopify_order (order_id, order_ref, currency, recorded_at) VALUES (?, ?, ?, ?)")
                .params(orderId, orderRef, currency, utc(at)).update();
        for (OrderLine line : lines) {
            jdbc.sql("INSERT INTO shopify_order_line (order_id, line_item_id, line_no, sku, unit_price_minor) VALUES (?, ?, ?, ?, ?)")
                    .params(orderId, line.lineItemId(), line.lineNo(), line.sku(), line.unitPriceMinor()).update();
        }
    }

    private static Summary summary(ResultSet rs, int n) throws SQLException {
        return new Summary(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5), rs.getInt(6), rs.getString(7),
                rs.getInt(8), instant(rs, 9), instant(rs, 10), rs.getString(11), rs.getString(12), rs.getString(13));
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}

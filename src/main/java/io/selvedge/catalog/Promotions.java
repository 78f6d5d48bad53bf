package io.selvedge.catalog;

import static io.selvedge.shared.SqlTimes.utc;

import io.selvedge.catalog.jdbc.JdbcCatalog;
import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.Outbox;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Publishes promotions as catalogue revisions and serves them as of a revision, like prices. */
@Service
public class Promotions {

    private final JdbcClient jdbc;
    private final JdbcCatalog catalog;
    private final WriteTransactions writes;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;

    public Promotions(JdbcClient jdbc, JdbcCatalog catalog, WriteTransactions writes, Outbox outbox, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.writes = writes;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    public record Published(String promotionId, long revision) {
    }

    /** Publishes a validated promotion; an unchanged re-publish keeps its revision. */
    public Published publish(String promotionId, Map<String, Object> body, String bodyHash, Instant startsAt, Instant endsAt, String by) {
        return writes.write(() -> {
            Optional<Object[]> latest = jdbc.sql("SELECT revision, body_hash FROM promotion_version WHERE promotion_id = ? ORDER BY revision DESC")
                    .param(promotionId).query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).list().stream().findFirst();
            if (latest.isPresent() && latest.get()[1].equals(bodyHash)) {
                return new Published(promotionId, (Long) latest.get()[0]);
            }
            Instant now = clock.instant();
            long revision = catalog.nextRevision(now, by, "promotion " + promotionId);
            Map<String, Object> stored = new LinkedHashMap<>(body);
            stored.put("promotionId", promotionId);
            stored.put("revision", revision);
            jdbc.sql("""
                    INSERT INTO promotion_version (promotion_id, revision, body, body_hash, starts_at, ends_at, published_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")
                    .params(promotionId, revision, json.writeValueAsString(stored), bodyHash, utc(startsAt),
                            endsAt == null ? null : utc(endsAt), by)
                    .update();
            outbox.append(new OutgoingEvent("price.changed", "catalog", null, now,
                    Map.of("promotionId", promotionId, "revision", revision, "reason", "promotion")));
            return new Published(promotionId, revision);
        });
    }

    /** Each promotion as it stood at {@code asOf}. */
    public List<JsonNode> asOf(long asOf) {
        return jdbc.sql("""
                SELECT p.body FROM promotion_version p
                WHERE p.revision = (SELECT MAX(q.revision) FROM promotion_version q WHERE q.promotion_id = p.promotion_id AND q.revision <= ?)
                ORDER BY p.promotion_id""")
                .param(asOf).query(String.class).list().stream().map(json::readTree).toList();
    }

    /** Promotion versions published in {@code (after, through]}. */
    public List<JsonNode> publishedBetween(long after, long through) {
        return jdbc.sql("SELECT body FROM promotion_version WHERE revision > ? AND revision <= ? ORDER BY revision, promotion_id")
                .params(after, through).query(String.class).list().stream().map(json::readTree).toList();
    }

    public Optional<JsonNode> current(String promotionId) {
        return jdbc.sql("SELECT body FROM promotion_version WHERE promotion_id = ? ORDER BY revision DESC")
                .param(promotionId).query(String.class).list().stream().findFirst().map(json::readTree);
    }
}

package io.selvedge.monitoring.jdbc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the outbox after a position, read-only. A stop-gap: the events module's feed
 * ({@code EventFeed.after}) answers with a type of its internal {@code domain} package, which this module may
 * not use; once that type is part of its API this reads through the feed instead. Only the events whose
 * {@code data} monitoring needs (orders, contract violations) bring it along.
 */
@Repository
public class JdbcOutboxTail {

    /** One outbox row; {@code data} is null for types whose body monitoring does not read. */
    public record Row(long id, String type, String location, Instant occurredAt, Instant recordedAt, String data) {
    }

    private final JdbcClient jdbc;

    public JdbcOutboxTail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Row> after(long position, int limit) {
        return jdbc.sql("""
                SELECT id, type, location, occurred_at, recorded_at,
                       CASE WHEN type LIKE 'order.%' OR type = 'contract.violation' THEN data END AS data
                FROM outbox_event WHERE id > ? ORDER BY id LIMIT ?""")
                .params(position, limit)
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("type"), rs.getString("location"),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("recorded_at", OffsetDateTime.class).toInstant(), rs.getString("data")))
                .list();
    }

    /** The newest outbox position: where a first start begins, so history before monitoring existed is not replayed. */
    public long last() {
        return jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM outbox_event").query(Long.class).single();
    }
}

package io.selvedge.events.jdbc;

import io.selvedge.events.EventFeed;
import io.selvedge.events.domain.StoredEvent;
import io.selvedge.shared.CommitOrder;
import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.Outbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import io.selvedge.shared.PendingRows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox table: appended inside the writes that produce events, read by the dispatcher and the feed.
 * Ids are the delivery order: they are taken under the {@link CommitOrder} lock, held until the commit, so they
 * commit in id order even with several hub instances, and a reader that has seen id N will never later see a smaller
 * one appear.
 */
@Repository
public class JdbcOutbox implements Outbox {

    private static final String COLUMNS = "id, event_id, type, event_key, location, occurred_at, recorded_at, data";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final JsonMapper json;
    private final Clock clock;
    private final CommitOrder commitOrder;

    public JdbcOutbox(JdbcClient jdbc, JdbcTemplate batch, JsonMapper json, Clock clock, CommitOrder commitOrder) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.json = json;
        this.clock = clock;
        this.commitOrder = commitOrder;
    }

    /**
     * Inside a transaction the event joins the transaction's pending events, written as one batch just before it
     * commits: a group commit of many sales writes its outbox rows in one round trip, in append order, so ids keep
     * the order the events were produced in. Outside one (never in practice: writes always have one) it is written now.
     */
    @Override
    public void append(OutgoingEvent event) {
        appendAll(List.of(event));
    }

    @Override
    public void appendAll(List<OutgoingEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Object[]> rows = events.stream().map(event -> new Object[] {UUID.randomUUID().toString(), event.type(), event.key(),
                event.location(), OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC), now,
                json.writeValueAsString(event.data())}).toList();
        PendingRows.<Object[]>of(this, this::insert).ifPresentOrElse(pending -> pending.addAll(rows), () -> insert(rows));
    }

    private void insert(List<Object[]> rows) {
        commitOrder.enter(); // ids commit in id order, across instances too: readers follow "id > cursor"
        batch.batchUpdate("""
                INSERT INTO outbox_event (event_id, type, event_key, location, occurred_at, recorded_at, data)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", rows);
    }

    public long lastId() {
        return jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM outbox_event").query(Long.class).single();
    }

    /** Every event after {@code after}, oldest first. */
    public List<StoredEvent> after(long after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM outbox_event WHERE id > ? ORDER BY id LIMIT ?")
                .params(after, limit).query(JdbcOutbox::event).list();
    }

    /**
     * Events in {@code (after, through]} of the given types, at one of {@code locations} or at none
     * (empty = any location), oldest first: a subscription's or a feed reader's view.
     */
    public List<StoredEvent> matching(long after, long through, Collection<String> types, Collection<String> locations, int limit) {
        return filtered("SELECT " + COLUMNS + " FROM outbox_event", " ORDER BY id LIMIT :limit", after, through, types, locations)
                .param("limit", limit).query(JdbcOutbox::event).list();
    }

    /**
     * Every event after {@code after}, oldest first; {@code data} only for the types starting with one of
     * {@code withDataOf}, so a watcher of every event does not read every body.
     */
    public List<EventFeed.Watched> watch(long after, int limit, Collection<String> withDataOf) {
        StringBuilder withData = new StringBuilder();
        List<String> prefixes = List.copyOf(withDataOf);
        for (int i = 0; i < prefixes.size(); i++) {
            withData.append(i == 0 ? "" : " OR ").append("type LIKE :prefix").append(i).append(" ESCAPE '\\'");
        }
        var statement = jdbc.sql("SELECT id, type, location, occurred_at, recorded_at, CASE WHEN "
                        + (prefixes.isEmpty() ? "1 = 0" : withData) + " THEN data END AS data"
                        + " FROM outbox_event WHERE id > :after ORDER BY id LIMIT :limit")
                .param("after", after).param("limit", limit);
        for (int i = 0; i < prefixes.size(); i++) {
            statement = statement.param("prefix" + i, prefixes.get(i).replaceAll("([\\\\%_])", "\\\\$1") + "%");
        }
        return statement.query((rs, row) -> new EventFeed.Watched(rs.getLong("id"), rs.getString("type"), rs.getString("location"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                rs.getString("data"))).list();
    }

    /** How many events {@link #matching} would answer, without a limit, and when the oldest of them was written. */
    public record Count(long events, Instant oldestRecordedAt) {
    }

    public Count countMatching(long after, long through, Collection<String> types, Collection<String> locations) {
        return filtered("SELECT COUNT(*) AS n, MIN(recorded_at) AS oldest FROM outbox_event", "", after, through, types, locations)
                .query((rs, row) -> {
                    OffsetDateTime oldest = rs.getObject("oldest", OffsetDateTime.class);
                    return new Count(rs.getLong("n"), oldest == null ? null : oldest.toInstant());
                }).single();
    }

    private JdbcClient.StatementSpec filtered(String select, String end, long after, long through, Collection<String> types,
                                              Collection<String> locations) {
        StringBuilder sql = new StringBuilder(select).append(" WHERE id > :after AND id <= :through");
        if (!types.isEmpty()) {
            sql.append(" AND type IN (:types)");
        }
        if (!locations.isEmpty()) {
            sql.append(" AND (location IS NULL OR location IN (:locations))");
        }
        var statement = jdbc.sql(sql.append(end).toString()).param("after", after).param("through", through);
        if (!types.isEmpty()) {
            statement = statement.param("types", types);
        }
        if (!locations.isEmpty()) {
            statement = statement.param("locations", locations);
        }
        return statement;
    }

    public Optional<StoredEvent> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM outbox_event WHERE id = ?").param(id).query(JdbcOutbox::event).optional();
    }

    private static StoredEvent event(ResultSet rs, int row) throws SQLException {
        return new StoredEvent(rs.getLong("id"), rs.getString("event_id"), rs.getString("type"), rs.getString("event_key"),
                rs.getString("location"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(), rs.getString("data"));
    }
}

package io.selvedge.events.jdbc;

import static io.selvedge.shared.SqlTimes.utc;

import io.selvedge.events.domain.Subscription;
import io.selvedge.shared.Leases;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Subscriptions and their delivery cursors. Writes run inside the caller's write transaction. */
@Repository
public class JdbcSubscriptions {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            subscription_id, url, event_types, locations, secret, body_hash, created_by, created_at,
            deleted_at, handled_through""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public JdbcSubscriptions(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A subscription row: the subscription, the hash of the request that created it, and its cursor. */
    public record Row(Subscription subscription, String bodyHash, boolean deleted, long handledThrough) {
    }

    public void insert(Subscription s, String bodyHash, long handledThrough) {
        jdbc.sql("INSERT INTO event_subscription (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)")
                .params(s.id(), s.url(), json.writeValueAsString(s.events()), json.writeValueAsString(s.locations()),
                        s.secret(), bodyHash, s.createdBy(), utc(s.createdAt()), handledThrough)
                .update();
    }

    public Optional<Row> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM event_subscription WHERE subscription_id = ?")
                .param(id).query(this::row).optional();
    }

    public Optional<Row> findActive(String createdBy, String bodyHash) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM event_subscription WHERE created_by = ? AND body_hash = ? AND deleted_at IS NULL")
                .params(createdBy, bodyHash).query(this::row).list().stream().findFirst();
    }

    public List<Row> active() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM event_subscription WHERE deleted_at IS NULL ORDER BY created_at, subscription_id")
                .query(this::row).list();
    }

    public List<Row> activeOf(String createdBy) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM event_subscription WHERE deleted_at IS NULL AND created_by = ? ORDER BY created_at, subscription_id")
                .param(createdBy).query(this::row).list();
    }

    public void markDeleted(String id, String by, Instant at) {
        jdbc.sql("UPDATE event_subscription SET deleted_by = ?, deleted_at = ? WHERE subscription_id = ? AND deleted_at IS NULL")
                .params(by, utc(at), id).update();
    }

    /**
     * Moves cursors forward only, so a late or repeated flush can never send a subscription back; and only while
     * {@code fence} (the dispatcher's lease) still stands, so an instance that lost the lead cannot move them at all.
     */
    public void advanceCursors(Collection<String> ids, long handledThrough, Leases.Fence fence) {
        jdbc.sql("UPDATE event_subscription SET handled_through = :through WHERE subscription_id IN (:ids) AND handled_through < :through"
                        + " AND " + Leases.Fence.SQL)
                .param("through", handledThrough).param("ids", ids).params(fence.params()).update();
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        Subscription s = new Subscription(rs.getString("subscription_id"), rs.getString("url"),
                new java.util.LinkedHashSet<>(json.readValue(rs.getString("event_types"), STRINGS)),
                new java.util.LinkedHashSet<>(json.readValue(rs.getString("locations"), STRINGS)),
                rs.getString("secret"), rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
        return new Row(s, rs.getString("body_hash"), rs.getObject("deleted_at", OffsetDateTime.class) != null,
                rs.getLong("handled_through"));
    }
}

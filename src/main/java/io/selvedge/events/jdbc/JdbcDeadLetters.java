package io.selvedge.events.jdbc;

import static io.selvedge.shared.SqlTimes.utc;

import io.selvedge.events.domain.DeadLetter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The dead-letter list. Writes run inside the caller's write transaction. */
@Repository
public class JdbcDeadLetters {

    private static final String SELECT = """
            SELECT d.id, d.subscription_id, d.outbox_id, o.event_id, o.type, d.attempts, d.last_status, d.last_error,
                   d.status, d.dead_at, d.last_attempt_at, d.replayed_at
            FROM event_dead_letter d JOIN outbox_event o ON o.id = d.outbox_id
            JOIN event_subscription s ON s.subscription_id = d.subscription_id""";
    private static final int MAX_ERROR = 500;

    private final JdbcClient jdbc;

    public JdbcDeadLetters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Lists an event as dead for a subscription. Update-then-insert: after a crash the same event may die
     * again for the same subscription, and it stays one entry.
     */
    public void record(String subscriptionId, long outboxId, int attempts, Integer status, String error, Instant at) {
        int updated = jdbc.sql("""
                UPDATE event_dead_letter SET attempts = ?, last_status = ?, last_error = ?, status = 'DEAD', dead_at = ?,
                       last_attempt_at = ?, replayed_at = NULL
                WHERE subscription_id = ? AND outbox_id = ?""")
                .params(attempts, status, clip(error), utc(at), utc(at), subscriptionId, outboxId).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO event_dead_letter (subscription_id, outbox_id, attempts, last_status, last_error, status,
                                                   dead_at, last_attempt_at)
                    VALUES (?, ?, ?, ?, ?, 'DEAD', ?, ?)""")
                    .params(subscriptionId, outboxId, attempts, status, clip(error), utc(at), utc(at)).update();
        }
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.sql(SELECT + " WHERE d.id = ?").param(id).query(JdbcDeadLetters::deadLetter).optional();
    }

    /**
     * Entries of active subscriptions after {@code afterId}, oldest first; {@code subscriptionIds} null = all
     * subscriptions, {@code status} null = any.
     */
    public List<DeadLetter> list(Collection<String> subscriptionIds, DeadLetter.Status status, long afterId, int limit) {
        StringBuilder sql = new StringBuilder(SELECT + " WHERE s.deleted_at IS NULL AND d.id > :after");
        if (subscriptionIds != null) {
            if (subscriptionIds.isEmpty()) {
                return List.of();
            }
            sql.append(" AND d.subscription_id IN (:subscriptions)");
        }
        if (status != null) {
            // an entry being replayed is still undelivered: it lists as DEAD until the replay succeeds
            sql.append(status == DeadLetter.Status.DEAD ? " AND d.status IN ('DEAD', 'REPLAYING')" : " AND d.status = :status");
        }
        sql.append(" ORDER BY d.id LIMIT :limit");
        var statement = jdbc.sql(sql.toString()).param("after", afterId).param("limit", limit);
        if (subscriptionIds != null) {
            statement = statement.param("subscriptions", subscriptionIds);
        }
        if (status == DeadLetter.Status.REPLAYED) {
            statement = statement.param("status", status.name());
        }
        return statement.query(JdbcDeadLetters::deadLetter).list();
    }

    public long countDead() {
        return jdbc.sql("""
                SELECT COUNT(*) FROM event_dead_letter d JOIN event_subscription s ON s.subscription_id = d.subscription_id
                WHERE d.status IN ('DEAD', 'REPLAYING') AND s.deleted_at IS NULL""").query(Long.class).single();
    }

    /**
     * Claims an entry for one replay: true for exactly one of several concurrent replays (or for a replay whose
     * claimer died before {@code staleBefore}); the others send nothing.
     */
    public boolean claimForReplay(long id, Instant now, Instant staleBefore) {
        return jdbc.sql("""
                UPDATE event_dead_letter SET status = 'REPLAYING', last_attempt_at = ?
                WHERE id = ? AND (status = 'DEAD' OR (status = 'REPLAYING' AND last_attempt_at < ?))""")
                .params(utc(now), id, utc(staleBefore)).update() == 1;
    }

    /** Whether a replay of the entry is in flight now. */
    public boolean replaying(long id) {
        return jdbc.sql("SELECT COUNT(*) FROM event_dead_letter WHERE id = ? AND status = 'REPLAYING'").param(id).query(Long.class).single() > 0;
    }

    public void markReplayed(long id, int attempts, Instant at) {
        jdbc.sql("UPDATE event_dead_letter SET status = 'REPLAYED', attempts = ?, last_attempt_at = ?, replayed_at = ? WHERE id = ?")
                .params(attempts, utc(at), utc(at), id).update();
    }

    public void recordReplayFailure(long id, int attempts, Integer status, String error, Instant at) {
        jdbc.sql("UPDATE event_dead_letter SET status = 'DEAD', attempts = ?, last_status = ?, last_error = ?, last_attempt_at = ? WHERE id = ?")
                .params(attempts, status, clip(error), utc(at), id).update();
    }

    private static DeadLetter deadLetter(ResultSet rs, int n) throws SQLException {
        int status = rs.getInt("last_status");
        Integer lastStatus = rs.wasNull() ? null : status;
        OffsetDateTime replayed = rs.getObject("replayed_at", OffsetDateTime.class);
        return new DeadLetter(rs.getLong("id"), rs.getString("subscription_id"), rs.getLong("outbox_id"),
                rs.getString("event_id"), rs.getString("type"), rs.getInt("attempts"), lastStatus, rs.getString("last_error"),
                ("REPLAYING".equals(rs.getString("status")) ? DeadLetter.Status.DEAD : DeadLetter.Status.valueOf(rs.getString("status"))), rs.getObject("dead_at", OffsetDateTime.class).toInstant(),
                rs.getObject("last_attempt_at", OffsetDateTime.class).toInstant(), replayed == null ? null : replayed.toInstant());
    }

    private static String clip(String error) {
        String text = error == null || error.isBlank() ? "unknown error" : error;
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }
}

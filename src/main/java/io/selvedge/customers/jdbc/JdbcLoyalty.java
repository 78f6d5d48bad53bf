package io.selvedge.customers.jdbc;

import static io.selvedge.shared.SqlTimes.instant;
import static io.selvedge.shared.SqlTimes.utc;

import io.selvedge.customers.domain.LoyaltyBalances.Balance;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The loyalty ledger: movements (append-only) and each record's balance, kept in the same write. */
@Repository
public class JdbcLoyalty {

    public record MovementRow(long entry, String movementId, String customerId, long points, String reason, Instant occurredAt,
                              Instant recordedAt, String recordedBy) {
    }

    private final JdbcClient jdbc;

    public JdbcLoyalty(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The balances held by any of {@code customerIds}; records without movements are absent. */
    public Map<String, Balance> balances(Collection<String> customerIds) {
        Map<String, Balance> found = new HashMap<>();
        if (customerIds.isEmpty()) {
            return found;
        }
        jdbc.sql("SELECT customer_id, points, movements FROM customer_loyalty_balance WHERE customer_id IN (:ids)")
                .param("ids", customerIds)
                .query(rs -> {
                    found.put(rs.getString(1), new Balance(rs.getLong(2), rs.getLong(3)));
                });
        return found;
    }

    public void insertMovement(String movementId, String customerId, long points, String reason, Instant occurredAt, Instant at,
                               String by) {
        jdbc.sql("""
                INSERT INTO customer_loyalty_movement (movement_id, customer_id, points, reason, occurred_at, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(movementId, customerId, points, reason, utc(occurredAt), utc(at), by)
                .update();
    }

    /** Sets a record's balance to what the ledger now says (the caller derived it from the balance it read). */
    public void putBalance(String customerId, Balance balance, Instant at) {
        int updated = jdbc.sql("UPDATE customer_loyalty_balance SET points = ?, movements = ?, updated_at = ? WHERE customer_id = ?")
                .params(balance.points(), balance.movements(), utc(at), customerId)
                .update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO customer_loyalty_balance (customer_id, points, movements, updated_at) VALUES (?, ?, ?, ?)")
                    .params(customerId, balance.points(), balance.movements(), utc(at))
                    .update();
        }
    }

    /** The movements of {@code customerIds}, newest first, below entry {@code before} (null: from the newest). */
    public List<MovementRow> movements(Collection<String> customerIds, Long before, int limit) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT entry_id, movement_id, customer_id, points, reason, occurred_at, recorded_at, recorded_by
                FROM customer_loyalty_movement
                WHERE customer_id IN (:ids) AND entry_id < :before
                ORDER BY entry_id DESC
                LIMIT :limit""")
                .param("ids", customerIds).param("before", before == null ? Long.MAX_VALUE : before).param("limit", limit)
                .query(JdbcLoyalty::movementRow)
                .list();
    }

    /** Erasure: a reason is free text someone typed and may name the person; points, ids and times stay. */
    public void eraseReasons(Collection<String> customerIds) {
        jdbc.sql("UPDATE customer_loyalty_movement SET reason = NULL WHERE customer_id IN (:ids) AND reason IS NOT NULL")
                .param("ids", customerIds)
                .update();
    }

    private static MovementRow movementRow(ResultSet rs, int n) throws SQLException {
        return new MovementRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), instant(rs, 6),
                instant(rs, 7), rs.getString(8));
    }
}

package io.selvedge.inventory.jdbc;

import static io.selvedge.shared.SqlTimes.instant;
import static io.selvedge.shared.SqlTimes.utc;

import io.selvedge.inventory.domain.Account;
import io.selvedge.inventory.domain.MovementKind;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads over the ledger's history that the posting path does not need: balances of accounts outside the locations,
 * and what moved a location's on-hand after a moment (counts and POS snapshots are taken as of a time).
 */
@Repository
public class JdbcLedgerHistory {

    private final JdbcClient jdbc;

    public JdbcLedgerHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A movement that changed a location's on-hand of one SKU: its net effect there (signed). */
    public record LaterMovement(String movementId, MovementKind kind, Instant occurredAt, long onHandEffect) {
    }

    /** Posted balances of one account, by SKU, for {@code skus} (absent: no balance yet, i.e. zero). */
    public Map<String, Long> posted(Account account, Collection<String> skus) {
        Map<String, Long> balances = new HashMap<>();
        if (skus.isEmpty()) {
            return balances;
        }
        jdbc.sql("SELECT sku, posted FROM stock_balance WHERE account = :account AND sku IN (:skus)")
                .param("account", account.code()).param("skus", skus)
                .query(rs -> {
                    balances.put(rs.getString(1), rs.getLong(2));
                });
        return balances;
    }

    /** Every posted balance of one account, by SKU. */
    public Map<String, Long> posted(Account account) {
        Map<String, Long> balances = new HashMap<>();
        jdbc.sql("SELECT sku, posted FROM stock_balance WHERE account = ?").param(account.code())
                .query(rs -> {
                    balances.put(rs.getString(1), rs.getLong(2));
                });
        return balances;
    }

    /** Per SKU, what posted entries that occurred after {@code at} did to the location's on-hand (SKUs untouched are absent). */
    public Map<String, Long> onHandChangeAfter(String location, Instant at) {
        String account = Account.onHand(location).code();
        Map<String, Long> changes = new HashMap<>();
        jdbc.sql("""
                SELECT sku, SUM(CASE WHEN to_account = :a THEN quantity ELSE -quantity END) FROM ledger_entry
                WHERE (to_account = :a OR from_account = :a) AND phase IN ('POSTED', 'POST') AND occurred_at > :at
                GROUP BY sku""")
                .param("a", account).param("at", utc(at))
                .query(rs -> {
                    changes.put(rs.getString(1), rs.getLong(2));
                });
        return changes;
    }

    /** The movements that changed the location's on-hand of {@code sku} after {@code at}, oldest first, at most {@code limit}. */
    public List<LaterMovement> movementsAfter(String location, String sku, Instant at, int limit) {
        String account = Account.onHand(location).code();
        return jdbc.sql("""
                SELECT e.movement_id, m.kind, m.occurred_at, SUM(CASE WHEN e.to_account = :a THEN e.quantity ELSE -e.quantity END)
                FROM ledger_entry e JOIN stock_movement m ON m.movement_id = e.movement_id
                WHERE e.sku = :sku AND (e.to_account = :a OR e.from_account = :a) AND e.phase IN ('POSTED', 'POST') AND e.occurred_at > :at
                GROUP BY e.movement_id, m.kind, m.occurred_at
                ORDER BY m.occurred_at, MIN(e.id)
                LIMIT :limit""")
                .param("a", account).param("sku", sku).param("at", utc(at)).param("limit", limit)
                .query((rs, n) -> new LaterMovement(rs.getString(1), MovementKind.valueOf(rs.getString(2)),
                        instant(rs, 3), rs.getLong(4)))
                .list();
    }
}

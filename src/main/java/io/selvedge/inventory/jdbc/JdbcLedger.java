package io.selvedge.inventory.jdbc;

import static io.selvedge.shared.SqlTimes.instant;
import static io.selvedge.shared.SqlTimes.utc;

import io.selvedge.inventory.AvailabilityRow;
import io.selvedge.inventory.domain.Account;
import io.selvedge.inventory.domain.BalanceDelta;
import io.selvedge.inventory.domain.Entry;
import io.selvedge.inventory.domain.Figures;
import io.selvedge.inventory.domain.MovementKind;
import io.selvedge.inventory.domain.Transfer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The ledger's tables: movements, entries, balances, availability rows and their changes, oversells.
 * Writes run inside the caller's write transaction; entries and changes are only ever inserted.
 */
@Repository
public class JdbcLedger {

    private static final String ROW_COLUMNS = "sku, location, on_hand, allocated, in_transit, available, seq";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public JdbcLedger(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** The header of a movement. {@code reverses} names the sale a reversal undoes; {@code holdRef} the hold a hold movement acts on. */
    public record Movement(String movementId, MovementKind kind, String location, String channel, String holdRef,
                           String reverses, String reason, Instant occurredAt) {
    }

    public boolean movementExists(String movementId) {
        return jdbc.sql("SELECT COUNT(*) FROM stock_movement WHERE movement_id = ?").param(movementId).query(Long.class).single() > 0;
    }

    public Optional<Movement> movement(String movementId) {
        return jdbc.sql("""
                SELECT movement_id, kind, location, channel, hold_ref, reverses, reason, occurred_at
                FROM stock_movement WHERE movement_id = ?""")
                .param(movementId)
                .query((rs, n) -> new Movement(rs.getString(1), MovementKind.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), instant(rs, 8)))
                .optional();
    }

    public Optional<String> reversalOf(String movementId) {
        return jdbc.sql("SELECT movement_id FROM stock_movement WHERE reverses = ?").param(movementId).query(String.class).optional();
    }

    public void insertMovement(Movement m, Instant recordedAt) {
        jdbc.sql("""
                INSERT INTO stock_movement (movement_id, kind, location, channel, hold_ref, reverses, reason, occurred_at, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(m.movementId(), m.kind().name(), m.location(), m.channel(), m.holdRef(), m.reverses(), m.reason(),
                        utc(m.occurredAt()), utc(recordedAt))
                .update();
    }

    /** Inserts the entries in order, in one batch, and returns their ids (pending ones are named later by their POST or VOID). */
    public List<Long> insertEntries(String movementId, List<Entry> entries, Instant occurredAt) {
        List<Object[]> rows = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            Transfer t = entry.transfer();
            rows.add(new Object[] {movementId, t.sku(), t.from().code(), t.to().code(), t.quantity(), entry.phase().name(),
                    entry.resolves(), utc(occurredAt)});
        }
        return insertReturningKeys("""
                INSERT INTO ledger_entry (movement_id, sku, from_account, to_account, quantity, phase, resolves, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", "id", rows);
    }

    /** One JDBC batch (one round trip) that answers each row's generated key, in row order. */
    private List<Long> insertReturningKeys(String sql, String keyColumn, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        return batch.execute((java.sql.Connection c) -> {
            try (java.sql.PreparedStatement statement = c.prepareStatement(sql, new String[] {keyColumn})) {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        statement.setObject(i + 1, row[i]);
                    }
                    statement.addBatch();
                }
                statement.executeBatch();
                List<Long> keys = new ArrayList<>(rows.size());
                try (java.sql.ResultSet generated = statement.getGeneratedKeys()) {
                    while (generated.next()) {
                        keys.add(generated.getLong(1));
                    }
                }
                if (keys.size() != rows.size()) {
                    throw new IllegalStateException("the database returned " + keys.size() + " keys for " + rows.size() + " rows");
                }
                return keys;
            }
        });
    }

    public List<Entry> entriesOf(String movementId) {
        return jdbc.sql("SELECT sku, from_account, to_account, quantity, phase, resolves FROM ledger_entry WHERE movement_id = ? ORDER BY id")
                .param(movementId)
                .query((rs, n) -> new Entry(Entry.Phase.valueOf(rs.getString(5)),
                        new Transfer(Account.parse(rs.getString(2)), Account.parse(rs.getString(3)), rs.getString(1), rs.getLong(4)),
                        rs.getObject(6, Long.class)))
                .list();
    }

    /**
     * Adds each delta to its balance row: one batch of UPDATEs, then one batch of INSERTs for the rows touched for
     * the first time (portable on H2 and PostgreSQL, no upsert dialect).
     */
    public void applyBalances(List<BalanceDelta> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        int[] updated = batch.batchUpdate("""
                UPDATE stock_balance SET posted = posted + ?, pending_out = pending_out + ?, pending_in = pending_in + ?
                WHERE account = ? AND sku = ?""", deltas.stream()
                .map(d -> new Object[] {d.posted(), d.pendingOut(), d.pendingIn(), d.account().code(), d.sku()}).toList());
        List<Object[]> fresh = new ArrayList<>();
        for (int i = 0; i < deltas.size(); i++) {
            if (updated[i] == 0) {
                BalanceDelta d = deltas.get(i);
                fresh.add(new Object[] {d.account().code(), d.sku(), d.posted(), d.pendingOut(), d.pendingIn()});
            }
        }
        if (!fresh.isEmpty()) {
            batch.batchUpdate("INSERT INTO stock_balance (account, sku, posted, pending_out, pending_in) VALUES (?, ?, ?, ?, ?)", fresh);
        }
    }

    /** What the balances say of {@code skus} at {@code location}: on-hand, held (pending out of on-hand), in transit. */
    public Map<String, Figures> figures(String location, Collection<String> skus) {
        Map<String, Figures> figures = new HashMap<>();
        if (skus.isEmpty()) {
            return figures;
        }
        String onHand = Account.onHand(location).code();
        String inTransit = Account.inTransit(location).code();
        jdbc.sql("SELECT account, sku, posted, pending_out FROM stock_balance WHERE account IN (:accounts) AND sku IN (:skus)")
                .param("accounts", List.of(onHand, inTransit)).param("skus", skus)
                .query(rs -> {
                    Figures f = figures.getOrDefault(rs.getString(2), Figures.NONE);
                    Figures add = rs.getString(1).equals(onHand) ? new Figures(rs.getLong(3), rs.getLong(4), 0)
                            : new Figures(0, 0, rs.getLong(3));
                    figures.put(rs.getString(2), f.plus(add));
                });
        return figures;
    }

    /** What the balances say of {@code skus} at {@code location}, and their availability rows as they stand. */
    public record FiguresAndRows(Map<String, Figures> figures, Map<String, AvailabilityRow> rows) {
    }

    /**
     * {@link #figures(String, Collection)} and {@link #rows(String, Collection)} in one round trip: every posting reads
     * both for the rows it touched.
     */
    public FiguresAndRows figuresAndRows(String location, Collection<String> skus) {
        Map<String, Figures> figures = new HashMap<>();
        Map<String, AvailabilityRow> rows = new HashMap<>();
        if (skus.isEmpty()) {
            return new FiguresAndRows(figures, rows);
        }
        String onHand = Account.onHand(location).code();
        String inTransit = Account.inTransit(location).code();
        jdbc.sql("""
                        SELECT 'B', account, sku, posted, pending_out, 0, 0, 0 FROM stock_balance WHERE account IN (:accounts) AND sku IN (:skus)
                        UNION ALL
                        SELECT 'R', location, sku, on_hand, allocated, in_transit, available, seq FROM stock_availability
                        WHERE location = :location AND sku IN (:skus)""")
                .param("accounts", List.of(onHand, inTransit)).param("skus", skus).param("location", location)
                .query(rs -> {
                    String sku = rs.getString(3);
                    if (rs.getString(1).equals("B")) {
                        Figures add = rs.getString(2).equals(onHand) ? new Figures(rs.getLong(4), rs.getLong(5), 0)
                                : new Figures(0, 0, rs.getLong(4));
                        figures.put(sku, figures.getOrDefault(sku, Figures.NONE).plus(add));
                    } else {
                        rows.put(sku, new AvailabilityRow(sku, location, rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
                    }
                });
        return new FiguresAndRows(figures, rows);
    }

    /** SKU → location → figures, for a channel's pool of locations. */
    public Map<String, Map<String, Figures>> figures(List<String> locations, Collection<String> skus) {
        Map<String, Map<String, Figures>> bySku = new HashMap<>();
        for (String location : locations) {
            figures(location, skus).forEach((sku, f) -> bySku.computeIfAbsent(sku, s -> new HashMap<>()).put(location, f));
        }
        return bySku;
    }

    /**
     * On-hand at {@code location} as of {@code at}: the balance less what posted entries that occurred later did to it
     * (a count is taken at one moment and may arrive after later sales).
     */
    public long onHandAsOf(String location, String sku, long onHandNow, Instant at) {
        String account = Account.onHand(location).code();
        long later = jdbc.sql("""
                SELECT COALESCE(SUM(CASE WHEN to_account = :a THEN quantity ELSE -quantity END), 0) FROM ledger_entry
                WHERE sku = :sku AND (to_account = :a OR from_account = :a) AND phase IN ('POSTED', 'POST') AND occurred_at > :at""")
                .param("a", account).param("sku", sku).param("at", utc(at))
                .query(Long.class).single();
        return onHandNow - later;
    }

    public Map<String, AvailabilityRow> rows(String location, Collection<String> skus) {
        Map<String, AvailabilityRow> rows = new HashMap<>();
        if (skus.isEmpty()) {
            return rows;
        }
        jdbc.sql("SELECT " + ROW_COLUMNS + " FROM stock_availability WHERE location = :location AND sku IN (:skus)")
                .param("location", location).param("skus", skus)
                .query(JdbcLedger::row).list().forEach(r -> rows.put(r.sku(), r));
        return rows;
    }

    /** A new state of an availability row, before it has its sequence. */
    public record Change(String location, String sku, Figures figures, long available) {
    }

    /** Appends the changes in order, in one batch, and returns their sequences. */
    public List<Long> appendChanges(List<Change> changes, String movementId, Instant recordedAt) {
        List<Object[]> rows = new ArrayList<>(changes.size());
        for (Change c : changes) {
            rows.add(new Object[] {c.location(), c.sku(), c.figures().onHand(), c.figures().allocated(), c.figures().inTransit(),
                    c.available(), movementId, utc(recordedAt)});
        }
        return insertReturningKeys("""
                INSERT INTO availability_change (location, sku, on_hand, allocated, in_transit, available, movement_id, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", "seq", rows);
    }

    /** Appends a change of an availability row and returns its sequence. */
    public long appendChange(String location, String sku, Figures figures, long available, String movementId, Instant recordedAt) {
        return appendChanges(List.of(new Change(location, sku, figures, available)), movementId, recordedAt).get(0);
    }

    /** Writes the rows' new states: one batch of UPDATEs for rows that exist, one of INSERTs for new ones. */
    public void writeRows(List<AvailabilityRow> existing, List<AvailabilityRow> created) {
        if (!existing.isEmpty()) {
            batch.batchUpdate("""
                    UPDATE stock_availability SET on_hand = ?, allocated = ?, in_transit = ?, available = ?, seq = ?
                    WHERE location = ? AND sku = ?""", existing.stream().map(row -> new Object[] {row.onHand(), row.allocated(),
                    row.inTransit(), row.available(), row.sequence(), row.location(), row.sku()}).toList());
        }
        if (!created.isEmpty()) {
            batch.batchUpdate("INSERT INTO stock_availability (" + ROW_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                    created.stream().map(row -> new Object[] {row.sku(), row.location(), row.onHand(), row.allocated(),
                            row.inTransit(), row.available(), row.sequence()}).toList());
        }
    }

    public void writeRow(AvailabilityRow row, boolean exists) {
        writeRows(exists ? List.of(row) : List.of(), exists ? List.of() : List.of(row));
    }

    /** Current rows, optionally of one location and/or one SKU, in (location, sku) order. */
    public List<AvailabilityRow> availability(List<String> locations, String sku) {
        StringBuilder sql = new StringBuilder("SELECT " + ROW_COLUMNS + " FROM stock_availability WHERE 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (locations != null) {
            sql.append(" AND location IN (:locations)");
            params.put("locations", locations);
        }
        if (sku != null) {
            sql.append(" AND sku = :sku");
            params.put("sku", sku);
        }
        sql.append(" ORDER BY location, sku");
        return jdbc.sql(sql.toString()).params(params).query(JdbcLedger::row).list();
    }

    /** The broadcast feed: changes after {@code after}, in sequence order. */
    public List<AvailabilityRow> changes(long after, String location, int limit) {
        String sql = "SELECT sku, location, on_hand, allocated, in_transit, available, seq FROM availability_change WHERE seq > :after"
                + (location == null ? "" : " AND location = :location") + " ORDER BY seq LIMIT :limit";
        var statement = jdbc.sql(sql).param("after", after).param("limit", limit);
        if (location != null) {
            statement = statement.param("location", location);
        }
        return statement.query(JdbcLedger::row).list();
    }

    public long lastSequenceOf(String movementId) {
        return jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM availability_change WHERE movement_id = ?").param(movementId)
                .query(Long.class).single();
    }

    public void recordOversell(String movementId, String location, String sku, long quantity, long onHand, Instant occurredAt,
                               Instant recordedAt) {
        jdbc.sql("""
                INSERT INTO stock_oversell (movement_id, location, sku, quantity, on_hand, occurred_at, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(movementId, location, sku, quantity, onHand, utc(occurredAt), utc(recordedAt))
                .update();
    }

    public List<String> oversoldSkus(String movementId) {
        return jdbc.sql("SELECT sku FROM stock_oversell WHERE movement_id = ? ORDER BY id").param(movementId).query(String.class).list();
    }

    public record Oversell(long id, String movementId, String location, String sku, long quantity, long onHand, Instant occurredAt,
                           Instant recordedAt) {
    }

    /** Oversells, newest first. */
    public List<Oversell> oversells(String location, int limit) {
        String sql = "SELECT id, movement_id, location, sku, quantity, on_hand, occurred_at, recorded_at FROM stock_oversell"
                + (location == null ? "" : " WHERE location = :location") + " ORDER BY id DESC LIMIT :limit";
        var statement = jdbc.sql(sql).param("limit", limit);
        if (location != null) {
            statement = statement.param("location", location);
        }
        return statement.query((rs, n) -> new Oversell(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getLong(6), instant(rs, 7), instant(rs, 8))).list();
    }

    public long oversellCount(String location) {
        return jdbc.sql("SELECT COUNT(*) FROM stock_oversell WHERE location = ?").param(location).query(Long.class).single();
    }

    private static AvailabilityRow row(ResultSet rs, int n) throws SQLException {
        return new AvailabilityRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7));
    }
}

package io.selvedge.settlement.jdbc;

import io.selvedge.settlement.domain.Settlement;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Closed days, their drawer counts, and which close settled each transaction. Insert-only. */
@Repository
public class JdbcSettlements {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public JdbcSettlements(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public record ClosedDay(String store, LocalDate businessDay, String currency, Instant closedAt, String closedBy, String bodyHash,
                            String settlementJson) {
    }

    public Optional<ClosedDay> find(String store, LocalDate businessDay) {
        return jdbc.sql("""
                SELECT store, business_day, currency, closed_at, closed_by, body_hash, settlement
                FROM settlement_day WHERE store = ? AND business_day = ?""")
                .params(store, businessDay)
                .query((rs, n) -> new ClosedDay(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3).trim(),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6).trim(), rs.getString(7)))
                .optional();
    }

    /** The store's closed days before {@code day}, oldest first. */
    public List<LocalDate> closedDaysBefore(String store, LocalDate day) {
        return jdbc.sql("SELECT business_day FROM settlement_day WHERE store = ? AND business_day < ? ORDER BY business_day")
                .params(store, day)
                .query(LocalDate.class)
                .list();
    }

    /** How many transactions of each of {@code days} (their own business day) some close has settled. */
    public Map<LocalDate, Long> settledCounts(String store, Collection<LocalDate> days) {
        Map<LocalDate, Long> counts = new TreeMap<>();
        if (days.isEmpty()) {
            return counts;
        }
        Set<LocalDate> wanted = new HashSet<>(days);
        jdbc.sql("""
                SELECT business_day, COUNT(*) FROM settlement_transaction
                WHERE store = ? AND business_day >= ? AND business_day <= ? GROUP BY business_day""")
                .params(store, days.stream().min(LocalDate::compareTo).orElseThrow(), days.stream().max(LocalDate::compareTo).orElseThrow())
                .query(rs -> {
                    LocalDate day = rs.getObject(1, LocalDate.class);
                    if (wanted.contains(day)) {
                        counts.put(day, rs.getLong(2));
                    }
                });
        return counts;
    }

    /** The ids of the transactions of {@code businessDay} already settled by some close. */
    public Set<String> settledIds(String store, LocalDate businessDay) {
        return new HashSet<>(jdbc.sql("SELECT order_ref FROM settlement_transaction WHERE store = ? AND business_day = ?")
                .params(store, businessDay)
                .query(String.class)
                .list());
    }

    public void insert(ClosedDay day, int transactionCount, int lateCount, List<Settlement.Drawer> drawers,
                       List<Settled> settled) {
        jdbc.sql("""
                INSERT INTO settlement_day (store, business_day, currency, closed_at, closed_by, body_hash, transaction_count,
                    late_count, settlement) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(day.store(), day.businessDay(), day.currency(), utc(day.closedAt()), day.closedBy(), day.bodyHash(),
                        transactionCount, lateCount, day.settlementJson())
                .update();
        for (Settlement.Drawer drawer : drawers) {
            jdbc.sql("""
                    INSERT INTO settlement_drawer_count (store, business_day, register, expected_minor, counted_minor, currency)
                    VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(day.store(), day.businessDay(), drawer.register(), drawer.expected(), drawer.counted(), day.currency())
                    .update();
        }
        List<Object[]> rows = new ArrayList<>(settled.size());
        for (Settled s : settled) {
            rows.add(new Object[] {s.transactionId(), day.store(), Date.valueOf(s.businessDay()), Date.valueOf(day.businessDay())});
        }
        // the primary key on order_ref is what guarantees a transaction is settled once, whatever races
        batch.batchUpdate("INSERT INTO settlement_transaction (order_ref, store, business_day, settled_day) VALUES (?, ?, ?, ?)", rows);
    }

    /** A transaction a close took, with its own business day. */
    public record Settled(String transactionId, LocalDate businessDay) {
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

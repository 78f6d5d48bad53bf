package io.selvedge.settlement.jdbc;

import static io.selvedge.shared.SqlTimes.utc;

import io.selvedge.settlement.domain.Settlement;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collections;
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

    /** 2,000 rows of 4 parameters: well inside PostgreSQL's 65,535 parameters a statement. */
    private static final int ROWS_PER_INSERT = 2000;

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

    /**
     * Locks the closed day's row until the transaction ends, so an adjusting entry and finance's approval of the day
     * cannot pass each other (the approval would not cover the entry). False if the day is not closed.
     */
    public boolean lock(String store, LocalDate businessDay) {
        return !jdbc.sql("SELECT business_day FROM settlement_day WHERE store = ? AND business_day = ? FOR UPDATE")
                .params(store, businessDay).query(LocalDate.class).list().isEmpty();
    }

    /**
     * Transactions of the store's days closed before {@code before} that reached the hub after their day closed and
     * that no close has taken yet, by their business day. A transaction counts as a candidate when it was recorded at
     * or after its day's {@code late_after} (the close's time less a margin for writes in flight), so each closed day
     * costs one short range of the (location, business_day, recorded_at) index, whatever the day's volume.
     */
    public Map<LocalDate, Set<String>> lateArrivals(String store, LocalDate before) {
        Map<LocalDate, Set<String>> late = new TreeMap<>();
        jdbc.sql("""
                SELECT o.business_day, o.order_ref
                FROM settlement_day d
                JOIN sales_order o ON o.location = d.store AND o.business_day = d.business_day AND o.recorded_at >= d.late_after
                WHERE d.store = ? AND d.business_day < ? AND o.kind = 'POS'
                  AND NOT EXISTS (SELECT 1 FROM settlement_transaction s WHERE s.order_ref = o.order_ref)""")
                .params(store, before)
                .query(rs -> {
                    late.computeIfAbsent(rs.getObject(1, LocalDate.class), d -> new HashSet<>()).add(rs.getString(2));
                });
        return late;
    }

    /** {@code lateAfter}: transactions of the day recorded from then on are searched for late arrivals. */
    public void insert(ClosedDay day, Instant lateAfter, int transactionCount, int lateCount, List<Settlement.Drawer> drawers,
                       List<Settled> settled) {
        jdbc.sql("""
                INSERT INTO settlement_day (store, business_day, currency, closed_at, closed_by, body_hash, transaction_count,
                    late_count, settlement, late_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(day.store(), day.businessDay(), day.currency(), utc(day.closedAt()), day.closedBy(), day.bodyHash(),
                        transactionCount, lateCount, day.settlementJson(), utc(lateAfter))
                .update();
        batch.batchUpdate("""
                INSERT INTO settlement_drawer_count (store, business_day, register, expected_minor, counted_minor, currency)
                VALUES (?, ?, ?, ?, ?, ?)""", drawers.stream().map(drawer -> new Object[] {day.store(), Date.valueOf(day.businessDay()),
                drawer.register(), drawer.expected(), drawer.counted(), day.currency()}).toList());
        // the primary key on order_ref is what guarantees a transaction is settled once, whatever races; a day's thousands of
        // rows go as multi-row INSERTs, a fraction of the round trips and statement work of one row each
        Date settledDay = Date.valueOf(day.businessDay());
        for (int from = 0; from < settled.size(); from += ROWS_PER_INSERT) {
            List<Settled> chunk = settled.subList(from, Math.min(settled.size(), from + ROWS_PER_INSERT));
            Object[] values = new Object[chunk.size() * 4];
            for (int i = 0; i < chunk.size(); i++) {
                values[4 * i] = chunk.get(i).transactionId();
                values[4 * i + 1] = day.store();
                values[4 * i + 2] = Date.valueOf(chunk.get(i).businessDay());
                values[4 * i + 3] = settledDay;
            }
            batch.update("INSERT INTO settlement_transaction (order_ref, store, business_day, settled_day) VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?)")), values);
        }
    }

    /** A transaction a close took, with its own business day. */
    public record Settled(String transactionId, LocalDate businessDay) {
    }
}

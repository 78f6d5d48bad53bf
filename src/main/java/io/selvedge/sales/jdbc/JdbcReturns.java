package io.selvedge.sales.jdbc;

import io.selvedge.sales.domain.OriginalOrder;
import io.selvedge.sales.domain.ReturnOutcome;
import io.selvedge.sales.domain.TenderKey;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What returns need of the orders: originals with what is left to return and refund, the money each return drew
 * from which payment, parked returns, and unreferenced ones. A voided return counts for nothing: its rows stay, and
 * every sum leaves out transactions a void names.
 */
@Repository
public class JdbcReturns {

    private static final String NOT_VOIDED = "NOT EXISTS (SELECT 1 FROM sales_order v WHERE v.void_of = %s)";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public JdbcReturns(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * Locks the rows of those orders that exist and returns their refs. Every return of a line locks its order first
     * (in ref order, so two returns never wait on each other in a cycle), so returns of one line are serialised
     * across hub instances too, and each sees what the one before it returned (DESIGN invariant 4).
     */
    public Set<String> lock(Collection<String> orderRefs) {
        if (orderRefs.isEmpty()) {
            return Set.of();
        }
        return new LinkedHashSet<>(jdbc.sql("SELECT order_ref FROM sales_order WHERE order_ref IN (:refs) ORDER BY order_ref FOR UPDATE")
                .param("refs", List.copyOf(orderRefs)).query(String.class).list());
    }

    /** The orders as returns see them: lines with what was returned of them, payments with what they can still refund. */
    public Map<String, OriginalOrder> originals(Collection<String> orderRefs) {
        if (orderRefs.isEmpty()) {
            return Map.of();
        }
        List<String> refs = List.copyOf(orderRefs);
        Map<String, Header> headers = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT o.order_ref, o.type, o.kind, o.channel, o.location, o.currency, o.employee_sale, o.customer_id,
                       (SELECT COUNT(*) FROM sales_order v WHERE v.void_of = o.order_ref)
                FROM sales_order o WHERE o.order_ref IN (:refs)""")
                .param("refs", refs)
                .query(rs -> {
                    headers.put(rs.getString(1), new Header(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6).trim(), rs.getBoolean(7), rs.getString(8), rs.getLong(9) > 0));
                });
        Map<String, long[]> returned = new HashMap<>();
        jdbc.sql("""
                SELECT l.return_of_ref, l.return_of_line, SUM(l.quantity), SUM(l.unit_price_minor * l.quantity - l.discount_minor + l.tax_minor)
                FROM sales_order_line l
                WHERE l.return_of_ref IN (:refs) AND %s
                GROUP BY l.return_of_ref, l.return_of_line""".formatted(NOT_VOIDED.formatted("l.order_ref")))
                .param("refs", refs)
                .query(rs -> {
                    returned.put(rs.getString(1) + "#" + rs.getInt(2), new long[] {rs.getLong(3), rs.getLong(4)});
                });
        Map<String, Map<Integer, OriginalOrder.Line>> lines = new HashMap<>();
        jdbc.sql("""
                SELECT order_ref, line_no, sku, quantity, unit_price_minor, discount_minor, tax_minor, returned
                FROM sales_order_line WHERE order_ref IN (:refs)""")
                .param("refs", refs)
                .query(rs -> {
                    long[] back = returned.getOrDefault(rs.getString(1) + "#" + rs.getInt(2), new long[2]);
                    long total = rs.getLong(5) * rs.getLong(4) - rs.getLong(6) + rs.getLong(7);
                    lines.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getInt(2), new OriginalOrder.Line(rs.getInt(2),
                            rs.getString(3), rs.getLong(4), total, back[0], back[1], rs.getBoolean(8)));
                });
        Map<String, List<Map.Entry<TenderKey, Long>>> tenders = new HashMap<>();
        jdbc.sql("""
                SELECT order_ref, type, brand, reference, last4, amount_minor FROM sales_order_tender
                WHERE order_ref IN (:refs) ORDER BY order_ref, position""")
                .param("refs", refs)
                .query(rs -> {
                    tenders.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(Map.entry(new TenderKey(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), rs.getLong(6)));
                });
        Map<String, Map<TenderKey, Long>> credited = new HashMap<>();
        Map<String, Map<TenderKey, Long>> drawn = new HashMap<>();
        jdbc.sql("""
                SELECT r.order_ref, r.kind, r.tender_key, SUM(r.amount_minor) FROM sales_refund r
                WHERE r.order_ref IN (:refs) AND %s
                GROUP BY r.order_ref, r.kind, r.tender_key""".formatted(NOT_VOIDED.formatted("r.return_ref")))
                .param("refs", refs)
                .query(rs -> {
                    (rs.getString(2).equals(CREDIT) ? credited : drawn).computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .merge(TenderKey.parse(rs.getString(3)), rs.getLong(4), Math::addExact);
                });
        Map<String, OriginalOrder> out = new LinkedHashMap<>();
        for (Header h : headers.values()) {
            out.put(h.orderRef(), new OriginalOrder(h.orderRef(), h.type(), h.kind(), h.channel(), h.location(), h.currency(), h.voided(),
                    h.employeeSale(), h.customerId(), lines.getOrDefault(h.orderRef(), Map.of()),
                    OriginalOrder.capacities(tenders.getOrDefault(h.orderRef(), List.of()), h.type().equals("EXCHANGE"),
                            credited.getOrDefault(h.orderRef(), Map.of()), drawn.getOrDefault(h.orderRef(), Map.of()))));
        }
        return out;
    }

    /** Whether any return that was not voided gives back a line of {@code orderRef}. */
    public boolean hasReturns(String orderRef) {
        return jdbc.sql("SELECT COUNT(*) FROM sales_order_line l WHERE l.return_of_ref = ? AND " + NOT_VOIDED.formatted("l.order_ref"))
                .param(orderRef).query(Long.class).single() > 0;
    }

    /** The money a return drew from original payments, and what an exchange carried onto itself. */
    public void insertRefunds(String returnRef, List<ReturnOutcome.Draw> draws, List<ReturnOutcome.Draw> credits) {
        List<Object[]> rows = new ArrayList<>();
        draws.forEach(d -> rows.add(new Object[] {returnRef, d.orderRef(), DRAW, d.key().code(), d.tenderIndex() == null ? null : d.tenderIndex() + 1,
                d.amountMinor()}));
        credits.forEach(c -> rows.add(new Object[] {returnRef, returnRef, CREDIT, c.key().code(), null, c.amountMinor()}));
        if (rows.isEmpty()) {
            return;
        }
        batch.batchUpdate("""
                INSERT INTO sales_refund (return_ref, order_ref, kind, tender_key, tender_no, amount_minor) VALUES (?, ?, ?, ?, ?, ?)""",
                rows, new int[] {Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.INTEGER, Types.BIGINT});
    }

    // --- parked returns ---

    public record Parked(String transactionId, String store, LocalDate businessDay, String bodyHash, String status, Instant receivedAt,
                         Instant resolvedAt, Integer responseStatus, String response, List<String> waitingFor) {
    }

    public void park(String transactionId, String store, LocalDate businessDay, String bodyHash, String command, List<String> waitingFor,
                     String response, Instant at) {
        jdbc.sql("""
                INSERT INTO sales_parked (transaction_id, store, business_day, body_hash, command, received_at, status, response_status, response)
                VALUES (?, ?, ?, ?, ?, ?, 'PARKED', 202, ?)""")
                .params(transactionId, store, businessDay, bodyHash, command, utc(at), response)
                .update();
        batch.batchUpdate("INSERT INTO sales_parked_wait (transaction_id, order_ref) VALUES (?, ?)",
                waitingFor.stream().map(ref -> new Object[] {transactionId, ref}).toList(), new int[] {Types.VARCHAR, Types.VARCHAR});
    }

    public Optional<Parked> parked(String transactionId) {
        return list("p.transaction_id = :id", Map.of("id", transactionId), 1).stream().findFirst();
    }

    /** Locks a parked return and tells whether it is still waiting (another instance may have posted it meanwhile). */
    public boolean lockParked(String transactionId) {
        return jdbc.sql("SELECT status FROM sales_parked WHERE transaction_id = ? FOR UPDATE").param(transactionId)
                .query(String.class).optional().filter("PARKED"::equals).isPresent();
    }

    public String command(String transactionId) {
        return jdbc.sql("SELECT command FROM sales_parked WHERE transaction_id = ?").param(transactionId).query(String.class).single();
    }

    /** Parked returns that wait for {@code orderRef}, oldest first. */
    public List<String> waitingFor(String orderRef) {
        return jdbc.sql("""
                SELECT p.transaction_id FROM sales_parked_wait w JOIN sales_parked p ON p.transaction_id = w.transaction_id
                WHERE w.order_ref = ? AND p.status = 'PARKED' ORDER BY p.received_at, p.transaction_id""")
                .param(orderRef).query(String.class).list();
    }

    /** Parked returns whose every original has arrived (posted by another instance, or raced): the janitor's work. */
    public List<String> ready(int limit) {
        return jdbc.sql("""
                SELECT p.transaction_id FROM sales_parked p
                WHERE p.status = 'PARKED' AND NOT EXISTS (
                    SELECT 1 FROM sales_parked_wait w WHERE w.transaction_id = p.transaction_id
                    AND NOT EXISTS (SELECT 1 FROM sales_order o WHERE o.order_ref = w.order_ref))
                ORDER BY p.received_at, p.transaction_id LIMIT :limit""")
                .param("limit", limit).query(String.class).list();
    }

    /** Originals a parked return still waits for. */
    public List<String> missing(String transactionId) {
        return jdbc.sql("""
                SELECT w.order_ref FROM sales_parked_wait w WHERE w.transaction_id = ?
                AND NOT EXISTS (SELECT 1 FROM sales_order o WHERE o.order_ref = w.order_ref) ORDER BY w.order_ref""")
                .param(transactionId).query(String.class).list();
    }

    public void resolve(String transactionId, String status, int responseStatus, String response, Instant at) {
        int updated = jdbc.sql("""
                UPDATE sales_parked SET status = ?, response_status = ?, response = ?, resolved_at = ?
                WHERE transaction_id = ? AND status = 'PARKED'""")
                .params(status, responseStatus, response, utc(at), transactionId)
                .update();
        if (updated != 1) {
            throw new IllegalStateException("parked return " + transactionId + " was resolved twice");
        }
    }

    /** Parked returns by status (all when null), optionally of one store and received before {@code before}, oldest first. */
    public List<Parked> list(String status, String store, Instant before, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (status != null) {
            where.append(" AND p.status = :status");
            params.put("status", status);
        }
        if (store != null) {
            where.append(" AND p.store = :store");
            params.put("store", store);
        }
        if (before != null) {
            where.append(" AND p.received_at < :before");
            params.put("before", utc(before));
        }
        return list(where.toString(), params, limit);
    }

    public long count(String status, Instant before) {
        return jdbc.sql("SELECT COUNT(*) FROM sales_parked WHERE status = :status" + (before == null ? "" : " AND received_at < :before"))
                .params(before == null ? Map.of("status", status) : Map.of("status", status, "before", utc(before)))
                .query(Long.class).single();
    }

    private List<Parked> list(String where, Map<String, Object> params, int limit) {
        Map<String, Parked> rows = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT p.transaction_id, p.store, p.business_day, p.body_hash, p.status, p.received_at, p.resolved_at, p.response_status, p.response
                FROM sales_parked p WHERE %s ORDER BY p.received_at, p.transaction_id LIMIT %d""".formatted(where, limit))
                .params(params)
                .query(rs -> {
                    OffsetDateTime resolved = rs.getObject(7, OffsetDateTime.class);
                    rows.put(rs.getString(1), new Parked(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class), rs.getString(4),
                            rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant(), resolved == null ? null : resolved.toInstant(),
                            rs.getObject(8, Integer.class), rs.getString(9), new ArrayList<>()));
                });
        if (!rows.isEmpty()) {
            jdbc.sql("SELECT transaction_id, order_ref FROM sales_parked_wait WHERE transaction_id IN (:ids) ORDER BY order_ref")
                    .param("ids", List.copyOf(rows.keySet()))
                    .query(rs -> {
                        rows.get(rs.getString(1)).waitingFor().add(rs.getString(2));
                    });
        }
        return List.copyOf(rows.values());
    }

    // --- unreferenced returns ---

    public record Unreferenced(String transactionId, String store, LocalDate businessDay, Instant occurredAt, int lineNo, String sku,
                               long quantity, long amountMinor, String currency, String condition) {
    }

    /** Returned lines that name no original (blind returns the contract allowed), not voided. */
    public List<Unreferenced> unreferenced(String store, LocalDate businessDay, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT o.order_ref, o.location, o.business_day, o.occurred_at, l.line_no, l.sku, l.quantity,
                       l.unit_price_minor * l.quantity - l.discount_minor + l.tax_minor, o.currency, l.item_condition
                FROM sales_order_line l JOIN sales_order o ON o.order_ref = l.order_ref
                WHERE l.returned = TRUE AND l.return_of_ref IS NULL AND\s""").append(NOT_VOIDED.formatted("o.order_ref"));
        Map<String, Object> params = new LinkedHashMap<>();
        if (store != null) {
            sql.append(" AND o.location = :store");
            params.put("store", store);
        }
        if (businessDay != null) {
            sql.append(" AND o.business_day = :day");
            params.put("day", businessDay);
        }
        sql.append(" ORDER BY o.order_ref, l.line_no LIMIT ").append(limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Unreferenced(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getInt(5), rs.getString(6), rs.getLong(7), rs.getLong(8),
                        rs.getString(9).trim(), rs.getString(10)))
                .list();
    }

    public long countUnreferenced() {
        return jdbc.sql("SELECT COUNT(*) FROM sales_order_line l WHERE l.returned = TRUE AND l.return_of_ref IS NULL AND "
                + NOT_VOIDED.formatted("l.order_ref")).query(Long.class).single();
    }

    static final String DRAW = "REFUND";
    static final String CREDIT = "CREDIT";

    private record Header(String orderRef, String type, String kind, String channel, String location, String currency, boolean employeeSale,
                          String customerId, boolean voided) {
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

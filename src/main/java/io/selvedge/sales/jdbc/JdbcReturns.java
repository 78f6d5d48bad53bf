package io.selvedge.sales.jdbc;

import io.selvedge.sales.domain.OriginalOrder;
import io.selvedge.sales.domain.ReturnOutcome;
import io.selvedge.sales.domain.TenderKey;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What returns need of the orders: originals with what is left to return and refund, the money each return drew
 * from which payment, and unreferenced ones. A voided return counts for nothing: its rows stay, and
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
}

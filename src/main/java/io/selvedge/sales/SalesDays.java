package io.selvedge.sales;

import io.selvedge.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read-only view of a store's business days as the POS reported them, for the end-of-day close. Only store
 * transactions (kind POS) count: channel orders never pass through a store's drawer.
 *
 * <p>A void is returned as stored (its tenders are negated copies of the voided transaction's) together with the
 * voided transaction's lines as they were recorded (positive): the void reverses exactly those lines.
 *
 * <p>Returns and exchanges: a RETURN's lines are all {@link Line#returned() returned} (given back, refunded; its tenders
 * are the refunds, negative); an EXCHANGE has both kinds, its tenders the difference. Quantities and amounts stay
 * positive as sent; {@code returned} says which way a line goes, {@code returnOfOrderRef}/{@code returnOfLineNo} name the
 * original line (null for an unreferenced return), {@code condition} is RESALEABLE or DAMAGED.
 */
@Component
public class SalesDays {

    private final JdbcClient jdbc;

    public SalesDays(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One store transaction with its money. {@code type} is SALE, RETURN, EXCHANGE or VOID. */
    public record DayTransaction(String transactionId, String type, String register, LocalDate businessDay, Instant occurredAt,
                                 Currency currency, boolean employeeSale, String voidOf, List<Line> lines, List<Tender> tenders) {

        public DayTransaction {
            lines = List.copyOf(lines);
            tenders = List.copyOf(tenders);
        }
    }

    /**
     * A line as recorded: the customer paid (or, when {@code returned}, was refunded) quantity × unitPrice − discount + tax.
     * For a void, the voided transaction's line.
     */
    public record Line(int lineNo, String sku, String category, long quantity, Money unitPrice, Money discount, Money tax,
                       boolean returned, String returnOfOrderRef, Integer returnOfLineNo, String condition) {

        /** A sold line. */
        public Line(int lineNo, String sku, String category, long quantity, Money unitPrice, Money discount, Money tax) {
            this(lineNo, sku, category, quantity, unitPrice, discount, tax, false, null, null, null);
        }
    }

    /** A tender, signed from the store's side (money paid out is negative). */
    public record Tender(String type, String brand, Money amount) {
    }

    /** Every store transaction of {@code store} on {@code businessDay}, ordered by transaction id. */
    public List<DayTransaction> day(String store, LocalDate businessDay) {
        Map<String, Header> headers = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT order_ref, type, register, business_day, occurred_at, currency, employee_sale, void_of
                FROM sales_order WHERE kind = 'POS' AND location = ? AND business_day = ? ORDER BY order_ref""")
                .params(store, businessDay)
                .query(rs -> {
                    headers.put(rs.getString(1), new Header(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, LocalDate.class), rs.getObject(5, OffsetDateTime.class).toInstant(),
                            Currency.getInstance(rs.getString(6).trim()), rs.getBoolean(7), rs.getString(8)));
                });
        if (headers.isEmpty()) {
            return List.of();
        }
        Map<String, List<Line>> lines = new LinkedHashMap<>();
        // a void row has no lines of its own: it reverses the lines of the sale it names
        jdbc.sql("""
                SELECT o.order_ref, l.line_no, l.sku, l.category, l.quantity, l.unit_price_minor, l.discount_minor, l.tax_minor,
                       l.returned, l.return_of_ref, l.return_of_line, l.item_condition
                FROM sales_order o JOIN sales_order_line l ON l.order_ref = o.order_ref
                WHERE o.kind = 'POS' AND o.location = ? AND o.business_day = ?
                UNION ALL
                SELECT o.order_ref, l.line_no, l.sku, l.category, l.quantity, l.unit_price_minor, l.discount_minor, l.tax_minor,
                       l.returned, l.return_of_ref, l.return_of_line, l.item_condition
                FROM sales_order o JOIN sales_order_line l ON l.order_ref = o.void_of
                WHERE o.kind = 'POS' AND o.location = ? AND o.business_day = ? AND o.type = 'VOID'""")
                .params(store, businessDay, store, businessDay)
                .query(rs -> {
                    Header header = headers.get(rs.getString(1));
                    Currency currency = header.currency();
                    lines.computeIfAbsent(header.transactionId(), k -> new ArrayList<>()).add(new Line(rs.getInt(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5), new Money(rs.getLong(6), currency), new Money(rs.getLong(7), currency),
                            new Money(rs.getLong(8), currency), rs.getBoolean(9), rs.getString(10), rs.getObject(11, Integer.class),
                            rs.getString(12)));
                });
        Map<String, List<Tender>> tenders = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT o.order_ref, t.type, t.brand, t.amount_minor
                FROM sales_order o JOIN sales_order_tender t ON t.order_ref = o.order_ref
                WHERE o.kind = 'POS' AND o.location = ? AND o.business_day = ? ORDER BY o.order_ref, t.position""")
                .params(store, businessDay)
                .query(rs -> {
                    Header header = headers.get(rs.getString(1));
                    tenders.computeIfAbsent(header.transactionId(), k -> new ArrayList<>())
                            .add(new Tender(rs.getString(2), rs.getString(3), new Money(rs.getLong(4), header.currency())));
                });
        List<DayTransaction> out = new ArrayList<>(headers.size());
        for (Header h : headers.values()) {
            List<Line> own = new ArrayList<>(lines.getOrDefault(h.transactionId(), List.of()));
            own.sort(java.util.Comparator.comparingInt(Line::lineNo));
            out.add(new DayTransaction(h.transactionId(), h.type(), h.register(), h.businessDay(), h.occurredAt(), h.currency(),
                    h.employeeSale(), h.voidOf(), own, tenders.getOrDefault(h.transactionId(), List.of())));
        }
        return out;
    }

    /**
     * How many store transactions each of {@code days} holds (days without any are absent). Cheap: it reads the
     * (location, business_day) index, so a close can tell which closed days received transactions since.
     */
    public Map<LocalDate, Long> counts(String store, Collection<LocalDate> days) {
        Map<LocalDate, Long> counts = new TreeMap<>();
        java.util.Set<LocalDate> wanted = new java.util.HashSet<>(days);
        if (wanted.isEmpty()) {
            return counts;
        }
        LocalDate from = days.stream().min(LocalDate::compareTo).orElseThrow();
        LocalDate to = days.stream().max(LocalDate::compareTo).orElseThrow();
        jdbc.sql("""
                SELECT business_day, COUNT(*) FROM sales_order
                WHERE kind = 'POS' AND location = ? AND business_day >= ? AND business_day <= ?
                GROUP BY business_day""")
                .params(store, from, to)
                .query(rs -> {
                    LocalDate day = rs.getObject(1, LocalDate.class);
                    if (wanted.contains(day)) {
                        counts.put(day, rs.getLong(2));
                    }
                });
        return counts;
    }

    private record Header(String transactionId, String type, String register, LocalDate businessDay, Instant occurredAt,
                          Currency currency, boolean employeeSale, String voidOf) {
    }
}

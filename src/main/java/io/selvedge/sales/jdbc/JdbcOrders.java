package io.selvedge.sales.jdbc;

import static io.selvedge.shared.SqlTimes.utc;

import io.selvedge.sales.RecordSale;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.sql.Types;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Received orders and their audit trail. Insert-only: a void is a new row, never an edit. */
@Repository
public class JdbcOrders {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public JdbcOrders(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public record Stored(String orderRef, String type, String location, LocalDate businessDay, String currency,
                         long totalMinor, long taxMinor, long discountMinor, String voidedBy, String customerId) {
    }

    public Optional<Stored> find(String orderRef) {
        return jdbc.sql("""
                SELECT o.order_ref, o.type, o.location, o.business_day, o.currency, o.total_minor, o.tax_minor, o.discount_minor,
                       (SELECT v.order_ref FROM sales_order v WHERE v.void_of = o.order_ref), o.customer_id
                FROM sales_order o WHERE o.order_ref = ?""")
                .param(orderRef)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class),
                        rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getString(9), rs.getString(10)))
                .optional();
    }

    public void insert(RecordSale sale, String location, long totalMinor, long taxMinor, long discountMinor, String customerId,
                       Instant recordedAt, Map<String, Long> listPrices) {
        jdbc.sql("""
                INSERT INTO sales_order (order_ref, kind, type, location, channel, register, business_day, occurred_at, recorded_at,
                    currency, total_minor, tax_minor, discount_minor, employee_sale, customer_id, void_of, reservation_id, received_from,
                    employee_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(sale.orderRef(), sale.kind().name(), sale.type(), location, sale.channel(), sale.register(), sale.businessDay(),
                        utc(sale.occurredAt()), utc(recordedAt), sale.currency().getCurrencyCode(), totalMinor, taxMinor, discountMinor,
                        sale.employeeSale(), customerId, sale.voidOf(), sale.reservationId(), sale.receivedFrom(), sale.employeeId())
                .update();
        // lines and tenders go in one batched round trip each
        batch.batchUpdate("""
                INSERT INTO sales_order_line (order_ref, line_no, sku, category, quantity, unit_price_minor, list_price_minor,
                    discount_minor, tax_minor, returned, return_of_ref, return_of_line, item_condition, price_overridden)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                sale.lines().stream().map(line -> new Object[] {sale.orderRef(), line.lineNo(), line.sku(), line.category(),
                        line.quantity(), line.unitPrice().minor(), line.returned() ? null : listPrices.get(line.sku()), line.discount().minor(),
                        line.tax().minor(), line.returned(), line.returnOf() == null ? null : line.returnOf().orderRef(),
                        line.returnOf() == null ? null : line.returnOf().lineNo(),
                        line.condition() == null ? null : line.condition().name(), sale.priceOverridden(line)}).toList(),
                new int[] {Types.VARCHAR, Types.INTEGER, Types.VARCHAR, Types.VARCHAR, Types.BIGINT, Types.BIGINT, Types.BIGINT,
                        Types.BIGINT, Types.BIGINT, Types.BOOLEAN, Types.VARCHAR, Types.INTEGER, Types.VARCHAR, Types.BOOLEAN});
        List<Object[]> tenders = new ArrayList<>();
        for (int i = 0; i < sale.tenders().size(); i++) {
            RecordSale.Tender tender = sale.tenders().get(i);
            tenders.add(new Object[] {sale.orderRef(), i + 1, tender.type(), tender.brand(), tender.amount().minor(), tender.reference(),
                    tender.last4()});
        }
        batch.batchUpdate("""
                INSERT INTO sales_order_tender (order_ref, position, type, brand, amount_minor, reference, last4)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", tenders,
                new int[] {Types.VARCHAR, Types.INTEGER, Types.VARCHAR, Types.VARCHAR, Types.BIGINT, Types.VARCHAR, Types.CHAR});
    }

    /** The tenders of an order, to reverse them on a void. */
    public List<RecordSale.Tender> tenders(String orderRef, java.util.Currency currency) {
        return jdbc.sql("SELECT type, brand, amount_minor, reference, last4 FROM sales_order_tender WHERE order_ref = ? ORDER BY position")
                .param(orderRef)
                .query((rs, n) -> new RecordSale.Tender(rs.getString(1), rs.getString(2),
                        new io.selvedge.shared.Money(rs.getLong(3), currency), rs.getString(4), rs.getString(5)))
                .list();
    }

    public void audit(String orderRef, String location, LocalDate businessDay, String kind, Integer lineNo, String approvedBy,
                      String reason, Long amountMinor, String currency, Instant at) {
        audit(orderRef, location, businessDay, kind, lineNo, approvedBy, reason, amountMinor, currency, null, at);
    }

    public void audit(String orderRef, String location, LocalDate businessDay, String kind, Integer lineNo, String approvedBy,
                      String reason, Long amountMinor, String currency, String employeeId, Instant at) {
        jdbc.sql("""
                INSERT INTO sales_audit (order_ref, location, business_day, kind, line_no, approved_by, reason, amount_minor, currency,
                    employee_id, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(orderRef, location, businessDay, kind, lineNo, approvedBy, reason, amountMinor, currency, employeeId, utc(at))
                .update();
    }

    public List<Map<String, Object>> auditTrail(String location, LocalDate businessDay, String kind) {
        StringBuilder sql = new StringBuilder("""
                SELECT order_ref, location, business_day, kind, line_no, approved_by, reason, amount_minor, currency, recorded_at,
                    employee_id
                FROM sales_audit WHERE 1 = 1""");
        Map<String, Object> params = new LinkedHashMap<>();
        if (location != null) {
            sql.append(" AND location = :location");
            params.put("location", location);
        }
        if (businessDay != null) {
            sql.append(" AND business_day = :day");
            params.put("day", businessDay);
        }
        if (kind != null) {
            sql.append(" AND kind LIKE :kind");
            params.put("kind", kind + "%");
        }
        sql.append(" ORDER BY id LIMIT 1000");
        List<Map<String, Object>> rows = new ArrayList<>();
        var statement = jdbc.sql(sql.toString());
        for (var p : params.entrySet()) {
            statement = statement.param(p.getKey(), p.getValue());
        }
        statement.query(rs -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("orderRef", rs.getString(1));
            row.put("store", rs.getString(2));
            row.put("businessDay", rs.getObject(3, LocalDate.class).toString());
            row.put("kind", rs.getString(4));
            row.put("lineNo", rs.getObject(5));
            row.put("approvedBy", rs.getString(6));
            row.put("reason", rs.getString(7));
            Long amount = rs.getObject(8) == null ? null : rs.getLong(8);
            String currency = rs.getString(9);
            row.put("amount", amount == null ? null
                    : new io.selvedge.shared.Money(amount, java.util.Currency.getInstance(currency)).toDecimalString());
            row.put("currency", rs.getString(9));
            row.put("employeeId", rs.getString(11));
            row.put("recordedAt", rs.getObject(10, OffsetDateTime.class).toInstant().toString());
            rows.add(row);
        });
        return rows;
    }
}

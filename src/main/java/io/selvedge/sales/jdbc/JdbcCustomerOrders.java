package io.selvedge.sales.jdbc;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The orders recorded under a set of customer ids (the records of one customer's merge group), newest first, in
 * keyset pages on (occurred_at, order_ref): a page never repeats or skips a row of the one before, whatever arrives
 * in between. Read-only; served by the index {@code sales_order_customer}.
 */
@Repository
public class JdbcCustomerOrders {

    private final JdbcClient jdbc;

    public JdbcCustomerOrders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Where a page ends: the last row's moment and ref; the next page starts strictly below it. */
    public record Position(Instant occurredAt, String orderRef) {
    }

    /** One order as the history lists it; money in minor units, signed as stored (a return's total is negative). */
    public record Row(String orderRef, String kind, String type, String channel, String location, String register,
                      LocalDate businessDay, Instant occurredAt, Instant recordedAt, String currency, long totalMinor,
                      long taxMinor, long discountMinor, String customerId, String voidOf, String voidedBy) {

        public Position position() {
            return new Position(occurredAt, orderRef);
        }
    }

    public List<Row> page(Collection<String> customerIds, Position after, int limit) {
        String below = after == null ? "" : " AND (o.occurred_at < :at OR (o.occurred_at = :at AND o.order_ref < :ref))";
        var statement = jdbc.sql("""
                SELECT o.order_ref, o.kind, o.type, o.channel, o.location, o.register, o.business_day, o.occurred_at, o.recorded_at,
                       o.currency, o.total_minor, o.tax_minor, o.discount_minor, o.customer_id, o.void_of,
                       (SELECT v.order_ref FROM sales_order v WHERE v.void_of = o.order_ref)
                FROM sales_order o
                WHERE o.customer_id IN (:ids)"""
                + below
                + " ORDER BY o.occurred_at DESC, o.order_ref DESC LIMIT :limit")
                .param("ids", customerIds)
                .param("limit", limit);
        if (after != null) {
            statement = statement.param("at", OffsetDateTime.ofInstant(after.occurredAt(), ZoneOffset.UTC)).param("ref", after.orderRef());
        }
        return statement.query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getObject(7, LocalDate.class), rs.getObject(8, OffsetDateTime.class).toInstant(),
                        rs.getObject(9, OffsetDateTime.class).toInstant(), rs.getString(10), rs.getLong(11), rs.getLong(12),
                        rs.getLong(13), rs.getString(14), rs.getString(15), rs.getString(16)))
                .list();
    }
}

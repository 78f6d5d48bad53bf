package io.selvedge.sales;

import io.selvedge.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read-only view of the tenders received with store transactions and channel orders, with the processor reference
 * and last four digits the POS or web shop sent, for the tie-out against card processor and bank files. Tenders
 * are as stored: signed from the store's side, a void's tenders being negated copies of the voided sale's.
 */
@Component
public class ReceivedTenders {

    private static final int CHUNK = 500;

    private final JdbcClient jdbc;

    public ReceivedTenders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One tender. {@code kind} is POS (a store transaction: {@code location} is the store) or CHANNEL (an order of
     * {@code channel}); {@code transactionType} is SALE or VOID (RETURN, EXCHANGE with the returns capability).
     */
    public record Tender(String orderRef, int position, String kind, String location, String channel, LocalDate businessDay,
                         Instant occurredAt, String transactionType, String voidOf, String type, String brand, Money amount,
                         String reference, String last4) {
    }

    /** Tenders of {@code types} (CARD, CASH ...) of transactions whose business day is {@code from}..{@code to}. */
    public List<Tender> between(LocalDate from, LocalDate to, Collection<String> types) {
        if (types.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " WHERE o.business_day >= :from AND o.business_day <= :to AND t.type IN (:types)"
                        + " ORDER BY o.business_day, o.order_ref, t.position")
                .param("from", from).param("to", to).param("types", List.copyOf(types))
                .query((rs, n) -> tender(rs))
                .list();
    }

    /** Tenders that carry one of {@code references}, whatever their day. */
    public List<Tender> withReferences(Collection<String> references) {
        List<String> all = List.copyOf(new LinkedHashSet<>(references));
        List<Tender> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + CHUNK));
            jdbc.sql(SELECT + " WHERE t.reference IN (:refs) ORDER BY o.business_day, o.order_ref, t.position")
                    .param("refs", chunk)
                    .query((rs, n) -> tender(rs))
                    .list()
                    .forEach(t -> {
                        if (seen.add(t.orderRef() + "#" + t.position())) {
                            out.add(t);
                        }
                    });
        }
        return out;
    }

    private static final String SELECT = """
            SELECT o.order_ref, t.position, o.kind, o.location, o.channel, o.business_day, o.occurred_at, o.type, o.void_of, o.currency,
                   t.type, t.brand, t.amount_minor, t.reference, t.last4
            FROM sales_order o JOIN sales_order_tender t ON t.order_ref = o.order_ref""";

    private static Tender tender(java.sql.ResultSet rs) throws java.sql.SQLException {
        Currency currency = Currency.getInstance(rs.getString(10).trim());
        String last4 = rs.getString(15);
        return new Tender(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getObject(6, LocalDate.class),
                rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getString(8), rs.getString(9), rs.getString(11), rs.getString(12),
                new Money(rs.getLong(13), currency), rs.getString(14), last4 == null ? null : last4.trim());
    }
}

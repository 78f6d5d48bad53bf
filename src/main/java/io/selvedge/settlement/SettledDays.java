package io.selvedge.settlement;

import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read-only view of closed store days for the bank tie-out: what the drawers held when counted (the cash the store
 * takes to the bank) and whether finance has approved the day's journal.
 */
@Component
public class SettledDays {

    private final JdbcClient jdbc;

    public SettledDays(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A closed day: the drawers' expected and counted cash over all registers, in minor units of {@code currency}. */
    public record CountedDay(String store, LocalDate businessDay, Currency currency, long expectedCashMinor, long countedCashMinor,
                             boolean approved) {
    }

    /** Closed days {@code from}..{@code to} (inclusive) of every store, by store and day. */
    public List<CountedDay> between(LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT d.store, d.business_day, d.currency,
                       COALESCE((SELECT SUM(c.expected_minor) FROM settlement_drawer_count c
                                 WHERE c.store = d.store AND c.business_day = d.business_day), 0),
                       COALESCE((SELECT SUM(c.counted_minor) FROM settlement_drawer_count c
                                 WHERE c.store = d.store AND c.business_day = d.business_day), 0),
                       CASE WHEN EXISTS (SELECT 1 FROM settlement_journal_approval a
                                         WHERE a.store = d.store AND a.business_day = d.business_day) THEN 1 ELSE 0 END
                FROM settlement_day d
                WHERE d.business_day >= ? AND d.business_day <= ?
                ORDER BY d.store, d.business_day""")
                .params(from, to)
                .query((rs, n) -> new CountedDay(rs.getString(1), rs.getObject(2, LocalDate.class), Currency.getInstance(rs.getString(3).trim()),
                        rs.getLong(4), rs.getLong(5), rs.getInt(6) == 1))
                .list();
    }
}

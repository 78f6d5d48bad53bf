package io.selvedge.reconciliation.jdbc;

import io.selvedge.reconciliation.domain.BankEntry;
import io.selvedge.reconciliation.domain.TieOut;
import io.selvedge.shared.Money;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Bank statement entries as received (inserted, never updated). {@code entry_key} is the hash of the account and the
 * bank's own reference, when the bank gives one, so an entry in two overlapping statements is recorded once.
 */
@Repository
public class JdbcBankEntries {

    private static final int CHUNK = 500;
    private static final int TEXT = 2000;
    private static final int REFS = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public JdbcBankEntries(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public Set<String> existingKeys(Collection<String> keys) {
        Set<String> found = new HashSet<>();
        List<String> all = List.copyOf(new LinkedHashSet<>(keys));
        for (int i = 0; i < all.size(); i += CHUNK) {
            found.addAll(jdbc.sql("SELECT entry_key FROM reconciliation_bank_entry WHERE entry_key IN (:keys)")
                    .param("keys", all.subList(i, Math.min(all.size(), i + CHUNK)))
                    .query((rs, n) -> rs.getString(1).trim())
                    .list());
        }
        return found;
    }

    /** Inserts entries with their (already hashed, possibly null) keys, in file order. */
    public void insert(String importId, String format, List<BankEntry> entries, List<String> keys) {
        List<Object[]> rows = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            BankEntry e = entries.get(i);
            rows.add(new Object[] {importId, e.lineNo(), text(keys.get(i)), format, text(cut(e.statementId(), 100)), e.account(),
                    e.direction().name(), e.amount().minor(), e.amount().currency().getCurrencyCode(), e.status(), e.reversal(),
                    Date.valueOf(e.bookingDate()), new SqlParameterValue(Types.DATE, e.valueDate() == null ? null : Date.valueOf(e.valueDate())),
                    text(cut(e.bankReference(), 200)), text(cut(e.references().isEmpty() ? null : String.join(" ", e.references()), REFS)),
                    text(cut(e.typeCode(), 64)), text(cut(e.text(), TEXT))});
        }
        batch.batchUpdate("""
                INSERT INTO reconciliation_bank_entry (import_id, line_no, entry_key, format, statement_id, account, direction, amount_minor,
                    currency, status, reversal, booking_date, value_date, bank_reference, refs, type_code, text)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
    }

    /** Booked, unreversed credits booked {@code from}..{@code to}. */
    public List<TieOut.Credit> creditsBetween(LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT id, line_no, format, statement_id, account, direction, amount_minor, currency, status, reversal, booking_date, value_date,
                       bank_reference, refs, type_code, text
                FROM reconciliation_bank_entry
                WHERE direction = 'CRDT' AND status = 'BOOK' AND reversal = FALSE AND booking_date >= ? AND booking_date <= ?
                ORDER BY booking_date, id""")
                .params(from, to)
                .query((rs, n) -> credit(rs))
                .list();
    }

    private static TieOut.Credit credit(ResultSet rs) throws SQLException {
        String refs = rs.getString(14);
        BankEntry entry = new BankEntry(rs.getInt(2), rs.getString(3) + " line " + rs.getInt(2), null, rs.getString(4), rs.getString(5),
                BankEntry.Direction.valueOf(rs.getString(6)), new Money(rs.getLong(7), Currency.getInstance(rs.getString(8).trim())),
                rs.getString(9), rs.getBoolean(10), rs.getObject(11, LocalDate.class), rs.getObject(12, LocalDate.class), rs.getString(13),
                refs == null ? List.of() : Arrays.asList(refs.split(" ")), rs.getString(15), rs.getString(16));
        return new TieOut.Credit(rs.getLong(1), entry);
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static SqlParameterValue text(String value) {
        return new SqlParameterValue(Types.VARCHAR, value);
    }
}

package io.selvedge.reconciliation.jdbc;

import io.selvedge.reconciliation.domain.LineCategory;
import io.selvedge.reconciliation.domain.ProcessorLine;
import io.selvedge.reconciliation.domain.TieOut;
import io.selvedge.shared.Money;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
 * Processor lines as received (STYLE convention 6: inserted, never updated). {@code line_key} is the hash of a line's
 * natural key, so the same line arriving in two files is recorded once.
 */
@Repository
public class JdbcProcessorLines {

    private static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public JdbcProcessorLines(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Which of these line keys are already recorded. */
    public Set<String> existingKeys(Collection<String> keys) {
        Set<String> found = new HashSet<>();
        List<String> all = List.copyOf(new LinkedHashSet<>(keys));
        for (int i = 0; i < all.size(); i += CHUNK) {
            found.addAll(jdbc.sql("SELECT line_key FROM reconciliation_processor_line WHERE line_key IN (:keys)")
                    .param("keys", all.subList(i, Math.min(all.size(), i + CHUNK)))
                    .query((rs, n) -> rs.getString(1).trim())
                    .list());
        }
        return found;
    }

    /** Inserts lines with their (already hashed) keys, in file order. */
    public void insert(String importId, List<ProcessorLine> lines, List<String> keys) {
        List<Object[]> rows = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            ProcessorLine l = lines.get(i);
            rows.add(new Object[] {importId, l.lineNo(), keys.get(i), l.processor(), text(l.merchantAccount()), text(l.batch()), l.type(),
                    l.category().name(), text(l.pspReference()), text(l.merchantReference()), text(l.modificationReference()),
                    text(l.paymentMethod()), OffsetDateTime.ofInstant(l.createdAt(), ZoneOffset.UTC), Date.valueOf(l.tradeDate()),
                    text(l.gross() == null ? null : l.gross().currency().getCurrencyCode()), number(l.gross() == null ? null : l.gross().minor()),
                    l.net().currency().getCurrencyCode(), l.net().minor(), number(l.commission()), number(l.markup()), number(l.schemeFees()),
                    number(l.interchange()), l.fees(), text(l.payoutReference()),
                    new SqlParameterValue(Types.DATE, l.payoutDate() == null ? null : Date.valueOf(l.payoutDate())), text(l.last4())});
        }
        batch.batchUpdate("""
                INSERT INTO reconciliation_processor_line (import_id, line_no, line_key, processor, merchant_account, batch, type, category,
                    psp_reference, merchant_reference, modification_reference, payment_method, created_at, trade_date, gross_currency,
                    gross_minor, net_currency, net_minor, commission_minor, markup_minor, scheme_fees_minor, interchange_minor, fees_minor,
                    payout_reference, payout_date, last4)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
    }

    /** Lines whose processor, merchant or modification reference is one of {@code references}. */
    public List<TieOut.Line> withReferences(Collection<String> references) {
        List<String> all = List.copyOf(new LinkedHashSet<>(references));
        List<TieOut.Line> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + CHUNK));
            out.addAll(jdbc.sql(SELECT + " WHERE psp_reference IN (:refs) OR merchant_reference IN (:refs) OR modification_reference IN (:refs)")
                    .param("refs", chunk)
                    .query((rs, n) -> line(rs))
                    .list());
        }
        return out;
    }

    /** Lines traded {@code from}..{@code to}, and payouts dated then. */
    public List<TieOut.Line> between(LocalDate from, LocalDate to) {
        return jdbc.sql(SELECT + " WHERE (trade_date >= :from AND trade_date <= :to) OR (payout_date >= :from AND payout_date <= :to)"
                        + " ORDER BY id")
                .param("from", from).param("to", to)
                .query((rs, n) -> line(rs))
                .list();
    }

    /** The payouts of these batches ({@code processor|merchantAccount|batch}), whatever their date. */
    public List<TieOut.Line> payoutsOf(Collection<String> batchKeys) {
        List<TieOut.Line> out = new ArrayList<>();
        for (String key : new LinkedHashSet<>(batchKeys)) {
            String[] parts = key.split("\\|", 3);
            out.addAll(jdbc.sql(SELECT + " WHERE category = 'PAYOUT' AND processor = ? AND merchant_account = ? AND batch = ?")
                    .params(parts[0], parts[1], parts[2])
                    .query((rs, n) -> line(rs))
                    .list());
        }
        return out;
    }

    /** The lines an import recorded, in file order (lines it found already recorded belong to the earlier import). */
    public List<TieOut.Line> ofImport(String importId) {
        return jdbc.sql(SELECT + " WHERE import_id = ? ORDER BY line_no, id")
                .params(importId)
                .query((rs, n) -> line(rs))
                .list();
    }

    private static final String SELECT = """
            SELECT id, line_no, line_key, processor, merchant_account, batch, type, category, psp_reference, merchant_reference,
                   modification_reference, payment_method, created_at, trade_date, gross_currency, gross_minor, net_currency, net_minor,
                   commission_minor, markup_minor, scheme_fees_minor, interchange_minor, fees_minor, payout_reference, payout_date, last4
            FROM reconciliation_processor_line""";

    private static TieOut.Line line(ResultSet rs) throws SQLException {
        String grossCurrency = rs.getString(15);
        Money gross = grossCurrency == null ? null : new Money(rs.getLong(16), Currency.getInstance(grossCurrency.trim()));
        Money net = new Money(rs.getLong(18), Currency.getInstance(rs.getString(17).trim()));
        String last4 = rs.getString(26);
        ProcessorLine line = new ProcessorLine(rs.getString(4), rs.getInt(2), "line " + rs.getInt(2), rs.getString(3).trim(), rs.getString(5),
                rs.getString(6), rs.getString(7), LineCategory.valueOf(rs.getString(8)), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getObject(13, OffsetDateTime.class).toInstant(), rs.getObject(14, LocalDate.class), gross, net,
                nullableLong(rs, 19), nullableLong(rs, 20), nullableLong(rs, 21), nullableLong(rs, 22), rs.getLong(23), rs.getString(24),
                rs.getObject(25, LocalDate.class), last4 == null ? null : last4.trim());
        return new TieOut.Line(rs.getLong(1), line);
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static SqlParameterValue text(String value) {
        return new SqlParameterValue(Types.VARCHAR, value);
    }

    private static SqlParameterValue number(Long value) {
        return new SqlParameterValue(Types.BIGINT, value);
    }
}

package io.selvedge.reconciliation.jdbc;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Which processor lines' card fees have posted, and as which adjustment. Insert-only. */
@Repository
public class JdbcCardFees {

    private static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public JdbcCardFees(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public record Posted(String lineKey, String importId, String store, LocalDate businessDay, String tender, String orderRef, long feesMinor,
                         String currency, String adjustmentId) {
    }

    /** Which of these line keys already had their fees posted. */
    public Set<String> posted(Collection<String> lineKeys) {
        Set<String> found = new HashSet<>();
        List<String> all = List.copyOf(new LinkedHashSet<>(lineKeys));
        for (int i = 0; i < all.size(); i += CHUNK) {
            found.addAll(jdbc.sql("SELECT line_key FROM reconciliation_card_fee WHERE line_key IN (:keys)")
                    .param("keys", all.subList(i, Math.min(all.size(), i + CHUNK)))
                    .query((rs, n) -> rs.getString(1).trim())
                    .list());
        }
        return found;
    }

    public void insert(List<Posted> rows) {
        List<Object[]> values = new ArrayList<>(rows.size());
        for (Posted p : rows) {
            values.add(new Object[] {p.lineKey(), p.importId(), p.store(), Date.valueOf(p.businessDay()), p.tender(), p.orderRef(), p.feesMinor(),
                    p.currency(), p.adjustmentId()});
        }
        batch.batchUpdate("""
                INSERT INTO reconciliation_card_fee (line_key, import_id, store, business_day, tender, order_ref, fees_minor, currency,
                    adjustment_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", values);
    }
}

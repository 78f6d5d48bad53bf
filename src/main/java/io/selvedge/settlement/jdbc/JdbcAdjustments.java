package io.selvedge.settlement.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Adjustments received (insert-only), where each posted (insert-only), and the queue of those waiting for a close,
 * from which a row is deleted in the same transaction that posts it.
 */
@Repository
public class JdbcAdjustments {

    private final JdbcClient jdbc;

    public JdbcAdjustments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Stored(String adjustmentId, String kind, String store, LocalDate businessDay, String tender, long amountMinor,
                         String currency, String memo, Instant receivedAt, String receivedFrom) {
    }

    public record Posting(String adjustmentId, String entryId, String store, LocalDate postedDay) {
    }

    public Optional<Stored> find(String adjustmentId) {
        return jdbc.sql(SELECT + " WHERE a.adjustment_id = ?").params(adjustmentId).query((rs, n) -> stored(rs)).optional();
    }

    public Optional<Posting> posting(String adjustmentId) {
        return jdbc.sql("SELECT adjustment_id, entry_id, store, posted_day FROM settlement_adjustment_posting WHERE adjustment_id = ?")
                .params(adjustmentId)
                .query((rs, n) -> new Posting(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class)))
                .optional();
    }

    /** How many adjustments have posted on the store's day (numbers its next adjusting entry). */
    public int postedOn(String store, LocalDate day) {
        return jdbc.sql("SELECT COUNT(*) FROM settlement_adjustment_posting WHERE store = ? AND posted_day = ?")
                .params(store, day).query(Integer.class).single();
    }

    public void insert(Stored a) {
        jdbc.sql("""
                INSERT INTO settlement_adjustment (adjustment_id, kind, store, business_day, tender, amount_minor, currency, memo, received_at,
                    received_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(a.adjustmentId(), a.kind(), a.store(), a.businessDay(), a.tender(), a.amountMinor(), a.currency(), a.memo(),
                        OffsetDateTime.ofInstant(a.receivedAt(), ZoneOffset.UTC), a.receivedFrom())
                .update();
    }

    public void pend(Stored a) {
        jdbc.sql("INSERT INTO settlement_adjustment_pending (adjustment_id, store, business_day) VALUES (?, ?, ?)")
                .params(a.adjustmentId(), a.store(), a.businessDay())
                .update();
    }

    /** Records where an adjustment posted, and takes it off the queue if it waited there. */
    public void posted(Posting p) {
        jdbc.sql("INSERT INTO settlement_adjustment_posting (adjustment_id, entry_id, store, posted_day) VALUES (?, ?, ?, ?)")
                .params(p.adjustmentId(), p.entryId(), p.store(), p.postedDay())
                .update();
        jdbc.sql("DELETE FROM settlement_adjustment_pending WHERE adjustment_id = ?").params(p.adjustmentId()).update();
    }

    public boolean isPending(String adjustmentId) {
        return jdbc.sql("SELECT COUNT(*) FROM settlement_adjustment_pending WHERE adjustment_id = ?").params(adjustmentId)
                .query(Integer.class).single() > 0;
    }

    /**
     * What the close of the store's {@code day} posts: adjustments of that day that waited for it, and those of earlier
     * days already closed (their journal was approved when they arrived, or the day closed while they were on their way).
     */
    public List<Stored> pendingFor(String store, LocalDate day) {
        return jdbc.sql(SELECT + """
                 JOIN settlement_adjustment_pending p ON p.adjustment_id = a.adjustment_id
                WHERE p.store = ? AND (p.business_day = ? OR (p.business_day < ? AND EXISTS (
                    SELECT 1 FROM settlement_day d WHERE d.store = p.store AND d.business_day = p.business_day)))
                ORDER BY a.business_day, a.received_at, a.adjustment_id""")
                .params(store, day, day)
                .query((rs, n) -> stored(rs))
                .list();
    }

    /** Every adjustment of the store still waiting for a close. */
    public List<Stored> pending(String store) {
        return jdbc.sql(SELECT + " JOIN settlement_adjustment_pending p ON p.adjustment_id = a.adjustment_id WHERE p.store = ?"
                        + " ORDER BY a.business_day, a.received_at, a.adjustment_id")
                .params(store)
                .query((rs, n) -> stored(rs))
                .list();
    }

    private static final String SELECT = """
            SELECT a.adjustment_id, a.kind, a.store, a.business_day, a.tender, a.amount_minor, a.currency, a.memo, a.received_at,
                   a.received_from
            FROM settlement_adjustment a""";

    private static Stored stored(ResultSet rs) throws SQLException {
        return new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class), rs.getString(5), rs.getLong(6),
                rs.getString(7).trim(), rs.getString(8), rs.getObject(9, OffsetDateTime.class).toInstant(), rs.getString(10));
    }
}

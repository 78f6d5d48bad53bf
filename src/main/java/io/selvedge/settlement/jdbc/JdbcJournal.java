package io.selvedge.settlement.jdbc;

import io.selvedge.settlement.domain.JournalEntry;
import io.selvedge.settlement.domain.JournalLine;
import java.sql.Date;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Journal lines and approvals. Lines are only ever inserted (STYLE convention 6): there is no UPDATE or DELETE here.
 * A day's own lines are written once, in the close's transaction; adjusting entries may follow until finance approves
 * the journal, never after.
 */
@Repository
public class JdbcJournal {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public JdbcJournal(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public record StoredLine(String entryId, int entryNo, int lineNo, String store, LocalDate businessDay, String kind, String tender,
                             String role, String account, long debitMinor, long creditMinor, String currency, String memo, String category,
                             LocalDate adjustsDay) {
    }

    public record Approval(String approvedBy, Instant approvedAt, String bodyHash, String responseJson) {
    }

    public void append(List<JournalEntry> entries, Instant at) {
        append(entries, at, 1);
    }

    /**
     * Appends entries to a journal: the close's own, or an adjusting entry added to a closed day's journal before finance
     * approves it. {@code firstEntryNo} numbers the first of them in the day's journal.
     */
    public void append(List<JournalEntry> entries, Instant at, int firstEntryNo) {
        List<Object[]> rows = new ArrayList<>();
        for (int e = 0; e < entries.size(); e++) {
            JournalEntry entry = entries.get(e);
            for (JournalLine line : entry.lines()) {
                rows.add(new Object[] {entry.entryId(), line.lineNo(), firstEntryNo + e, entry.store(), Date.valueOf(entry.date()), entry.kind().name(),
                        entry.tender().code(), line.role().name(), line.account(), line.debitMinor(), line.creditMinor(), entry.currency().getCurrencyCode(),
                        line.memo(), new SqlParameterValue(Types.VARCHAR, line.category()),
                        new SqlParameterValue(Types.DATE, line.adjustsDay() == null ? null : Date.valueOf(line.adjustsDay())),
                        OffsetDateTime.ofInstant(at, ZoneOffset.UTC)});
            }
        }
        batch.batchUpdate("""
                INSERT INTO settlement_journal_line (entry_id, line_no, entry_no, store, business_day, kind, tender, role, account,
                    debit_minor, credit_minor, currency, memo, category, adjusts_day, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
    }

    /** The number the next entry of the day's journal gets. */
    public int nextEntryNo(String store, LocalDate businessDay) {
        return jdbc.sql("SELECT COALESCE(MAX(entry_no), 0) + 1 FROM settlement_journal_line WHERE store = ? AND business_day = ?")
                .params(store, businessDay).query(Integer.class).single();
    }

    public List<StoredLine> lines(String store, LocalDate businessDay) {
        return jdbc.sql(SELECT + " WHERE store = ? AND business_day = ? ORDER BY entry_no, line_no")
                .params(store, businessDay)
                .query((rs, n) -> line(rs))
                .list();
    }

    /** Lines posted on days {@code from}..{@code to} (inclusive), of one store or all, in posting order. */
    public void linesBetween(LocalDate from, LocalDate to, String store, java.util.function.Consumer<StoredLine> each) {
        var sql = jdbc.sql(SELECT + " WHERE business_day >= :from AND business_day <= :to"
                        + (store == null ? "" : " AND store = :store") + " ORDER BY store, business_day, entry_no, line_no")
                .param("from", from).param("to", to);
        if (store != null) {
            sql = sql.param("store", store);
        }
        sql.query(rs -> {
            each.accept(line(rs));
        });
    }

    public Optional<Approval> approval(String store, LocalDate businessDay) {
        return jdbc.sql("SELECT approved_by, approved_at, body_hash, response FROM settlement_journal_approval WHERE store = ? AND business_day = ?")
                .params(store, businessDay)
                .query((rs, n) -> new Approval(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3).trim(),
                        rs.getString(4)))
                .optional();
    }

    public void approve(String store, LocalDate businessDay, String approvedBy, Instant at, String bodyHash, String responseJson) {
        jdbc.sql("""
                INSERT INTO settlement_journal_approval (store, business_day, approved_by, approved_at, body_hash, response)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(store, businessDay, approvedBy, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), bodyHash, responseJson)
                .update();
    }

    private static final String SELECT = """
            SELECT entry_id, entry_no, line_no, store, business_day, kind, tender, role, account, debit_minor, credit_minor, currency,
                   memo, category, adjusts_day
            FROM settlement_journal_line""";

    private static StoredLine line(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StoredLine(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getObject(5, LocalDate.class),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10), rs.getLong(11),
                rs.getString(12).trim(), rs.getString(13), rs.getString(14), rs.getObject(15, LocalDate.class));
    }
}

package io.selvedge.settlement.web;

import io.selvedge.settlement.JournalView;
import io.selvedge.shared.Money;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A journal as JSON (entries with their lines) and as CSV a GL imports as is (one row per line). */
final class JournalFormats {

    /** The CSV header: the columns a GL journal import maps, then ours. */
    static final String CSV_HEADER = "entry_id,date,account,debit,credit,memo,store,tender,currency,line_no,entry_type,adjusts_day";

    private JournalFormats() {
    }

    static Map<String, Object> json(JournalView journal) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("store", journal.store());
        doc.put("businessDay", journal.businessDay().toString());
        doc.put("currency", journal.currency());
        doc.put("status", journal.status());
        doc.put("approvedAt", journal.approvedAt() == null ? null : journal.approvedAt().toString());
        List<Map<String, Object>> entries = new ArrayList<>();
        Map<String, Object> entry = null;
        List<Map<String, Object>> lines = null;
        long[] entryTotals = null;
        long debit = 0;
        long credit = 0;
        String entryId = null;
        for (JournalView.Line line : journal.lines()) {
            if (!line.entryId().equals(entryId)) {
                if (entry != null) {
                    close(entry, entryTotals, journal);
                }
                entryId = line.entryId();
                entry = new LinkedHashMap<>();
                entry.put("entryId", line.entryId());
                entry.put("date", line.date().toString());
                entry.put("store", journal.store());
                entry.put("tender", line.tender());
                entry.put("kind", line.kind());
                lines = new ArrayList<>();
                entry.put("lines", lines);
                entries.add(entry);
                entryTotals = new long[2];
            }
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("lineNo", line.lineNo());
            l.put("account", line.account());
            l.put("debit", line.debit().toDecimalString());
            l.put("credit", line.credit().toDecimalString());
            l.put("memo", line.memo());
            l.put("role", line.role());
            l.put("category", line.category());
            l.put("adjustsDay", line.adjustsDay() == null ? null : line.adjustsDay().toString());
            lines.add(l);
            entryTotals[0] += line.debit().minor();
            entryTotals[1] += line.credit().minor();
            debit += line.debit().minor();
            credit += line.credit().minor();
        }
        if (entry != null) {
            close(entry, entryTotals, journal);
        }
        Currency currency = Currency.getInstance(journal.currency());
        doc.put("totalDebit", new Money(debit, currency).toDecimalString());
        doc.put("totalCredit", new Money(credit, currency).toDecimalString());
        doc.put("entries", entries);
        return doc;
    }

    private static void close(Map<String, Object> entry, long[] totals, JournalView journal) {
        Currency currency = Currency.getInstance(journal.currency());
        entry.put("totalDebit", new Money(totals[0], currency).toDecimalString());
        entry.put("totalCredit", new Money(totals[1], currency).toDecimalString());
    }

    /** RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break. */
    static String csv(JournalView journal) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append("\r\n");
        for (JournalView.Line line : journal.lines()) {
            List<String> fields = List.of(line.entryId(), line.date().toString(), line.account(), line.debit().toDecimalString(),
                    line.credit().toDecimalString(), line.memo(), journal.store(), line.tender(), journal.currency(),
                    Integer.toString(line.lineNo()), line.kind(), line.adjustsDay() == null ? "" : line.adjustsDay().toString());
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(field(fields.get(i)));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}

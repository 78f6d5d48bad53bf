package io.selvedge.settlement.domain;

import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * A balanced journal entry: one store, one business (posting) date, one tender type. Debits equal credits to
 * the cent, checked here before anything can be written (DESIGN invariant 5).
 */
public record JournalEntry(String entryId, String store, LocalDate date, TenderKey tender, EntryKind kind, Currency currency,
                           List<JournalLine> lines) {

    public JournalEntry {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(tender, "tender");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(currency, "currency");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("entry " + entryId + " has no lines");
        }
        long debit = 0;
        long credit = 0;
        for (JournalLine line : lines) {
            debit = Math.addExact(debit, line.debitMinor());
            credit = Math.addExact(credit, line.creditMinor());
        }
        if (debit != credit) {
            throw new IllegalStateException("entry " + entryId + " does not balance: debits " + debit + ", credits " + credit);
        }
    }

    public long totalDebit() {
        return lines.stream().mapToLong(JournalLine::debitMinor).reduce(0, Math::addExact);
    }

    public long totalCredit() {
        return lines.stream().mapToLong(JournalLine::creditMinor).reduce(0, Math::addExact);
    }

    /** JE-STORE-ABK-20261128-CARD-VISA, with -ADJ for the adjusting entry of late arrivals. */
    public static String id(String store, LocalDate date, TenderKey tender, EntryKind kind) {
        return "JE-" + store + "-" + date.toString().replace("-", "") + "-" + tender.code()
                + (kind == EntryKind.ADJUSTMENT ? "-ADJ" : "");
    }
}

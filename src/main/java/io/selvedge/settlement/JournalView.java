package io.selvedge.settlement;

import io.selvedge.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A closed day's journal as stored: its lines in entry order, and whether finance has approved it.
 * {@code status} is CLOSED, then APPROVED.
 */
public record JournalView(String store, LocalDate businessDay, String currency, String status, Instant approvedAt, String approvedBy,
                          List<Line> lines) {

    public JournalView {
        lines = List.copyOf(lines);
    }

    /** One line; {@code date} is the posting date, {@code adjustsDay} the closed day an adjusting line corrects. */
    public record Line(String entryId, int entryNo, int lineNo, LocalDate date, String kind, String tender, String role, String account,
                       Money debit, Money credit, String memo, String category, LocalDate adjustsDay) {
    }
}

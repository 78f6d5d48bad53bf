package io.selvedge.settlement.domain;

import java.util.List;

/** A closed store day: its settlement and the balanced journal entries it posts. */
public record ClosedDay(Settlement settlement, List<JournalEntry> journal) {

    public ClosedDay {
        journal = List.copyOf(journal);
    }
}

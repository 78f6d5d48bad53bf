package io.selvedge.settlement.domain;

/** DAY: the closed day's own transactions. ADJUSTMENT: transactions of earlier, already closed days that arrived late. */
public enum EntryKind { DAY, ADJUSTMENT }

package io.selvedge.reconciliation.domain;

import java.util.List;

/** A parsed processor file: its format, every line in file order, and what looked odd but is not a reason to refuse it. */
public record ProcessorReport(String format, List<ProcessorLine> lines, List<String> warnings) {

    public static final String ADYEN = "ADYEN_SETTLEMENT_DETAIL";
    public static final String STRIPE = "STRIPE_BALANCE_TRANSACTIONS";

    public ProcessorReport {
        lines = List.copyOf(lines);
        warnings = List.copyOf(warnings);
    }
}

package io.selvedge.reconciliation.domain;

import io.selvedge.shared.Money;
import java.time.LocalDate;
import java.util.List;

/**
 * A parsed bank file: its format and version, one summary per statement (camt.053 Stmt, BAI2 account of a group),
 * every entry in file order, and warnings (balances that do not add up in a trimmed file are a warning, not a refusal).
 */
public record BankStatementFile(String format, String version, List<Statement> statements, List<BankEntry> entries, List<String> warnings) {

    public static final String CAMT053 = "CAMT053";
    public static final String BAI2 = "BAI2";

    public BankStatementFile {
        statements = List.copyOf(statements);
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
    }

    /** One statement: which account, which day(s), opening and closing balances where given (null otherwise). */
    public record Statement(String id, String account, String currency, LocalDate date, Money opening, Money closing, int entries) {
    }
}

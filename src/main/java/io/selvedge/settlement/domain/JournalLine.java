package io.selvedge.settlement.domain;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One line of a journal entry: exactly one of debit and credit is positive. {@code role} says what the line
 * books; {@code category} is set on revenue, discount and refund lines; {@code adjustsDay} on lines of an adjusting
 * entry, naming the closed day they correct.
 */
public record JournalLine(int lineNo, Role role, String account, long debitMinor, long creditMinor, String memo, String category,
                          LocalDate adjustsDay) {

    /**
     * TENDER: the tender's clearing or liability account (late cash: over/short). REFUND: returns and allowances.
     * OVER_SHORT: the drawer difference. FEES: what the card processor charged on the tender's payments.
     */
    public enum Role { TENDER, REVENUE, DISCOUNT, REFUND, TAX, CLEARING, OVER_SHORT, FEES }

    public JournalLine {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(memo, "memo");
        if (debitMinor < 0 || creditMinor < 0 || (debitMinor == 0) == (creditMinor == 0)) {
            throw new IllegalArgumentException("a journal line is either a debit or a credit, of a positive amount");
        }
    }

    /** Debit positive, credit negative. */
    public long signed() {
        return Math.subtractExact(debitMinor, creditMinor);
    }
}

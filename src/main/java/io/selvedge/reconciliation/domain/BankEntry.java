package io.selvedge.reconciliation.domain;

import io.selvedge.shared.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of a bank statement. The amount is positive; {@code direction} says whether it came in or went out.
 *
 * @param naturalKey    account and the bank's own reference for the entry, when the bank gives one (null otherwise)
 * @param bankReference the account servicer's reference (camt.053 AcctSvcrRef or NtryRef, BAI2 bank reference)
 * @param references    other references: end-to-end ids, instruction ids, the customer reference
 * @param text          remittance information and narrative, where payout references usually appear
 */
public record BankEntry(int lineNo, String location, String naturalKey, String statementId, String account, Direction direction,
                        Money amount, String status, boolean reversal, LocalDate bookingDate, LocalDate valueDate, String bankReference,
                        List<String> references, String typeCode, String text) {

    public enum Direction { CRDT, DBIT, OTHER }

    public BankEntry {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(bookingDate, "bookingDate");
        references = List.copyOf(references);
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a bank entry's amount is positive; its direction says which way it went");
        }
    }

    /** A booked, unreversed credit: the only entries a payout or a cash deposit can land as. */
    public boolean isBookedCredit() {
        return direction == Direction.CRDT && "BOOK".equals(status) && !reversal;
    }

    /** True when {@code token} appears in the entry's references or text, ignoring case. */
    public boolean mentions(String token) {
        if (token == null || token.isBlank()) {
            return false;
        }
        String wanted = token.toUpperCase(Locale.ROOT);
        if (bankReference != null && bankReference.toUpperCase(Locale.ROOT).contains(wanted)) {
            return true;
        }
        for (String ref : references) {
            if (ref.toUpperCase(Locale.ROOT).contains(wanted)) {
                return true;
            }
        }
        return text != null && text.toUpperCase(Locale.ROOT).contains(wanted);
    }
}

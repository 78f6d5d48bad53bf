package io.selvedge.settlement.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A store transaction as the close sees it, amounts in minor units of the day's currency. Line amounts are always
 * positive; a {@link Line#returned() returned} line (RETURN, and the given-back side of an EXCHANGE) counts the other
 * way. A VOID carries the lines of the transaction it voids (sale, return or exchange, as recorded) and its own
 * tenders (that transaction's, negated): it reverses them. Refuses a transaction whose tenders do not equal what its
 * lines come to, since nothing could balance it.
 */
public record DayTransaction(String id, Kind kind, String register, LocalDate businessDay, boolean employeeSale,
                             List<Line> lines, List<Tender> tenders) {

    public enum Kind { SALE, RETURN, EXCHANGE, VOID }

    public DayTransaction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(businessDay, "businessDay");
        lines = List.copyOf(lines);
        tenders = List.copyOf(tenders);
        long total = 0;
        for (Line line : lines) {
            total = Math.addExact(total, Math.multiplyExact(line.total(), line.direction()));
        }
        long tendered = 0;
        for (Tender tender : tenders) {
            tendered = Math.addExact(tendered, tender.amountMinor());
        }
        if (tendered != Math.multiplyExact(total, kind == Kind.VOID ? -1 : 1)) {
            throw new IllegalArgumentException("transaction " + id + ": tenders come to " + tendered + " but its lines to "
                    + (kind == Kind.VOID ? "-" : "") + total + " (minor units)");
        }
    }

    /** -1 for a void, +1 otherwise: a void's lines count against the direction they were recorded in. */
    public int sign() {
        return kind == Kind.VOID ? -1 : 1;
    }

    /** The kind a void reverses, told from its lines (all returned: a return; some: an exchange); a non-void's own kind. */
    public Kind reverses() {
        if (kind != Kind.VOID) {
            return kind;
        }
        long returned = lines.stream().filter(Line::returned).count();
        return returned == 0 ? Kind.SALE : returned == lines.size() ? Kind.RETURN : Kind.EXCHANGE;
    }

    /** What the customer paid (negative for a void of a sale, or for a refund). */
    public long total() {
        long total = 0;
        for (Tender tender : tenders) {
            total = Math.addExact(total, tender.amountMinor());
        }
        return total;
    }

    /**
     * One line: quantity × unit price is the gross revenue, the discount comes off it, tax goes on top. A
     * {@code returned} line was given back and refunded at those amounts.
     */
    public record Line(String category, long quantity, long unitPriceMinor, long discountMinor, long taxMinor, boolean returned) {

        /** A sold line. */
        public Line(String category, long quantity, long unitPriceMinor, long discountMinor, long taxMinor) {
            this(category, quantity, unitPriceMinor, discountMinor, taxMinor, false);
        }

        public Line {
            Objects.requireNonNull(category, "category");
            if (quantity <= 0 || unitPriceMinor < 0 || discountMinor < 0 || taxMinor < 0) {
                throw new IllegalArgumentException("a line has a positive quantity and no negative amounts");
            }
        }

        /** +1 for a sold line, -1 for a returned one. */
        public int direction() {
            return returned ? -1 : 1;
        }

        public long gross() {
            return Math.multiplyExact(quantity, unitPriceMinor);
        }

        public long net() {
            return Math.subtractExact(gross(), discountMinor);
        }

        public long total() {
            return Math.addExact(net(), taxMinor);
        }
    }

    /** A tender, signed from the store's side: money paid out to the customer is negative. */
    public record Tender(TenderKey key, long amountMinor) {

        public Tender {
            Objects.requireNonNull(key, "key");
        }
    }
}

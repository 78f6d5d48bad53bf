package io.selvedge.settlement.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A store transaction as the close sees it, amounts in minor units of the day's currency. A VOID carries the
 * lines of the sale it voids (as sold, positive) and its own tenders (the sale's, negated): it reverses them.
 * Refuses a transaction whose tenders do not equal what its lines come to, since nothing could balance it.
 */
public record DayTransaction(String id, Kind kind, String register, LocalDate businessDay, boolean employeeSale,
                             List<Line> lines, List<Tender> tenders) {

    public enum Kind { SALE, VOID }

    public DayTransaction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(businessDay, "businessDay");
        lines = List.copyOf(lines);
        tenders = List.copyOf(tenders);
        long total = 0;
        for (Line line : lines) {
            total = Math.addExact(total, line.total());
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

    /** +1 for a sale, -1 for a void: the direction its lines count in. */
    public int sign() {
        return kind == Kind.VOID ? -1 : 1;
    }

    /** What the customer paid (negative for a void). */
    public long total() {
        long total = 0;
        for (Tender tender : tenders) {
            total = Math.addExact(total, tender.amountMinor());
        }
        return total;
    }

    /**
     * One line: quantity × unit price is the gross revenue, the discount comes off it, tax goes on top.
     */
    public record Line(String category, long quantity, long unitPriceMinor, long discountMinor, long taxMinor) {

        public Line {
            Objects.requireNonNull(category, "category");
            if (quantity <= 0 || unitPriceMinor < 0 || discountMinor < 0 || taxMinor < 0) {
                throw new IllegalArgumentException("a line has a positive quantity and no negative amounts");
            }
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

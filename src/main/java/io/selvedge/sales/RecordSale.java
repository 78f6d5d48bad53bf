package io.selvedge.sales;

import io.selvedge.customers.CustomerDetails;
import io.selvedge.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;

/**
 * A validated store transaction (SALE, RETURN, EXCHANGE, VOID; kind POS) or channel order (kind CHANNEL). Amounts
 * are already {@link Money}; {@code bodyHash} fingerprints the request for idempotency. A line that is
 * {@link Line#returned() returned} comes back from the customer; its {@code returnOf} names the original line, or is
 * null for an unreferenced (blind) return. {@code customerId} is null until the customer was resolved: a parked
 * transaction keeps the id its {@code customer} resolved to instead of the personal details (erasure cannot reach a
 * parked command, so it must hold none).
 */
public record RecordSale(
        Kind kind, String orderRef, String type, String location, String channel, String register,
        LocalDate businessDay, Instant occurredAt, Currency currency, boolean employeeSale, String employeeId,
        CustomerDetails customer, String customerSourceId, String country,
        List<Line> lines, List<Tender> tenders, List<Override> overrides,
        String voidOf, String reservationId, String bodyHash, String receivedFrom, String customerId) {

    public enum Kind { POS, CHANNEL }

    public enum Condition { RESALEABLE, DAMAGED }

    public RecordSale {
        lines = List.copyOf(lines);
        tenders = List.copyOf(tenders);
        overrides = List.copyOf(overrides);
    }

    /** {@code listPrice}: the catalogue's price in force when sold, or null when it has none in this currency. */
    public record Line(int lineNo, String sku, String category, long quantity, Money unitPrice, Money discount, Money tax, Money listPrice,
                       boolean returned, ReturnOf returnOf, Condition condition) {

        /** A sold line. */
        public Line(int lineNo, String sku, String category, long quantity, Money unitPrice, Money discount, Money tax, Money listPrice) {
            this(lineNo, sku, category, quantity, unitPrice, discount, tax, listPrice, false, null, null);
        }

        /** What the customer pays for the line (or is refunded, for a returned line): quantity × unit price − discount + tax. */
        public Money total() {
            return unitPrice.times(quantity).minus(discount).plus(tax);
        }
    }

    /** The original line a returned line gives back. */
    public record ReturnOf(String orderRef, int lineNo) {
    }

    public record Tender(String type, String brand, Money amount, String reference, String last4) {
    }

    public record Override(String kind, Integer lineNo, String approvedBy, String reason) {
    }

    /**
     * Whether a sold line's price was overridden: it sold at other than the price in force on its channel's list, or a
     * PRICE override approves it (naming the line, or the whole transaction). A returned line is never.
     */
    public boolean priceOverridden(Line line) {
        if (line.returned()) {
            return false;
        }
        boolean approved = overrides.stream().anyMatch(o -> "PRICE".equals(o.kind()) && (o.lineNo() == null || o.lineNo() == line.lineNo()));
        return approved || line.listPrice() != null && !line.listPrice().equals(line.unitPrice());
    }

    public List<Line> soldLines() {
        return lines.stream().filter(l -> !l.returned()).toList();
    }

    public List<Line> returnedLines() {
        return lines.stream().filter(Line::returned).toList();
    }

    /** What the transaction comes to: sold lines less returned lines (negative for a return). */
    public Money total() {
        return signedSum(Line::total);
    }

    public Money tax() {
        return signedSum(Line::tax);
    }

    public Money discount() {
        return signedSum(Line::discount);
    }

    public Money tendered() {
        return tenders.stream().map(Tender::amount).reduce(Money.zero(currency), Money::plus);
    }

    /** This transaction as it may be parked: the customer resolved to {@code id}, no personal details kept. */
    public RecordSale withCustomerResolved(String id) {
        return new RecordSale(kind, orderRef, type, location, channel, register, businessDay, occurredAt, currency, employeeSale, employeeId,
                null, null, country, lines, tenders, overrides, voidOf, reservationId, bodyHash, receivedFrom, id);
    }

    public boolean takesBack() {
        return "RETURN".equals(type) || "EXCHANGE".equals(type);
    }

    /** A sale (or channel order), not a return, exchange or void: it refers to no earlier transaction. */
    public boolean sells() {
        return !takesBack() && !"VOID".equals(type);
    }

    private Money signedSum(java.util.function.Function<Line, Money> part) {
        Money sum = Money.zero(currency);
        for (Line line : lines) {
            sum = line.returned() ? sum.minus(part.apply(line)) : sum.plus(part.apply(line));
        }
        return sum;
    }
}

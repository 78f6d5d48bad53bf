package io.selvedge.sales;

import io.selvedge.customers.CustomerDetails;
import io.selvedge.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;

/**
 * A validated sale or void, from a store (kind POS) or a channel (kind CHANNEL). Amounts are already
 * {@link Money}; {@code bodyHash} fingerprints the request for idempotency.
 */
public record RecordSale(
        Kind kind, String orderRef, String type, String location, String channel, String register,
        LocalDate businessDay, Instant occurredAt, Currency currency, boolean employeeSale,
        CustomerDetails customer, String customerSourceId, String country,
        List<Line> lines, List<Tender> tenders, List<Override> overrides,
        String voidOf, String reservationId, String bodyHash, String receivedFrom) {

    public enum Kind { POS, CHANNEL }

    /** {@code listPrice}: the catalogue's price in force when sold, or null when it has none in this currency. */
    public record Line(int lineNo, String sku, String category, long quantity, Money unitPrice, Money discount, Money tax, Money listPrice) {

        /** What the customer pays for the line: quantity × unit price − discount + tax. */
        public Money total() {
            return unitPrice.times(quantity).minus(discount).plus(tax);
        }
    }

    public record Tender(String type, String brand, Money amount, String reference, String last4) {
    }

    public record Override(String kind, Integer lineNo, String approvedBy, String reason) {
    }

    public Money total() {
        return lines.stream().map(Line::total).reduce(Money.zero(currency), Money::plus);
    }

    public Money tax() {
        return lines.stream().map(Line::tax).reduce(Money.zero(currency), Money::plus);
    }

    public Money discount() {
        return lines.stream().map(Line::discount).reduce(Money.zero(currency), Money::plus);
    }

    public Money tendered() {
        return tenders.stream().map(Tender::amount).reduce(Money.zero(currency), Money::plus);
    }
}

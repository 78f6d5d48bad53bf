package io.selvedge.settlement.domain;

import java.time.LocalDate;
import java.util.Currency;
import java.util.List;

/**
 * The totals of a closed store day, in minor units of {@code currency}. Sales figures (SALE transactions) are as rung;
 * voids are what the day's voids of sales reversed (positive; {@code voidsCount} counts every void); returns and
 * exchanges are net of the day's voids of them. So
 * {@code netSales = grossSales - discounts - voids.gross + voids.discounts - returns.net + exchanges.net} and
 * {@code taxCollected = tax on sales - voids.tax - returns.tax + exchanges.tax}; {@code total = netSales + taxCollected},
 * which equals the sum of {@code tenders}. {@code refunds} are the money paid back per tender type (negative), part of
 * {@code tenders}. Late transactions of earlier closed days are listed apart, with their own totals: they are
 * adjustments, not part of this day's figures.
 */
public record Settlement(
        String store, LocalDate businessDay, Currency currency,
        int salesCount, int voidsCount,
        long grossSales, long discounts, Reversal voids, Returns returns, Exchanges exchanges, List<TenderTotal> refunds,
        long netSales, long taxCollected, long total,
        EmployeeSales employeeSales,
        List<TenderTotal> tenders,
        List<Drawer> drawers, long cashOverShort,
        List<LateTransaction> lateTransactions, Adjustments adjustments) {

    public Settlement {
        tenders = List.copyOf(tenders);
        refunds = List.copyOf(refunds);
        drawers = List.copyOf(drawers);
        lateTransactions = List.copyOf(lateTransactions);
    }

    /** What the day's voids took back, as positive amounts. */
    public record Reversal(int count, long gross, long discounts, long tax, long total) {
    }

    /**
     * RETURN transactions ({@code voided}: the day's voids of returns), net of those voids: what was refunded before
     * tax, the tax refunded and the total refunded, as positive amounts.
     */
    public record Returns(int count, int voided, long net, long tax, long total) {
    }

    /**
     * EXCHANGE transactions net of the day's voids of them: what came back and what went out (with tax, positive), and
     * their effect on net sales and tax ({@code total = sold - returned}, what the exchanges' tenders came to).
     */
    public record Exchanges(int count, int voided, long returned, long sold, long net, long tax, long total) {
    }

    /** Sales rung as employee sales (as rung: a later void shows under voids). */
    public record EmployeeSales(int count, long gross, long discounts, long total) {
    }

    /** Net tendered per tender type: sales minus voids. {@code count} counts tender lines. */
    public record TenderTotal(TenderKey tender, int count, long amount) {
    }

    /** Cash a register should hold from the day's transactions, what was counted, and the difference. */
    public record Drawer(String register, long expected, long counted, long overShort) {
    }

    public record LateTransaction(String transactionId, LocalDate businessDay, DayTransaction.Kind kind, String register, long total) {
    }

    /** The late transactions' money, posted as adjusting entries on this day. */
    public record Adjustments(int count, long netSales, long tax, long total, List<TenderTotal> tenders) {

        public Adjustments {
            tenders = List.copyOf(tenders);
        }
    }
}

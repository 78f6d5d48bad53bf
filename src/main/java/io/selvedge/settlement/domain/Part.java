package io.selvedge.settlement.domain;

import java.util.Comparator;

/**
 * One part of what a customer paid, as finance credits it: revenue of a category at the price charged, the
 * discount given on that category (a negative part, posted as a debit), returns and allowances of a category
 * (what was refunded before tax, a negative part), sales tax, and clearing (tender that
 * only changed hands on a zero-total transaction; nets to zero).
 */
record Part(Kind kind, String category) implements Comparable<Part> {

    enum Kind { REVENUE, DISCOUNT, REFUND, TAX, CLEARING }

    static final Part TAX = new Part(Kind.TAX, null);
    static final Part CLEARING = new Part(Kind.CLEARING, null);

    private static final Comparator<Part> ORDER = Comparator.comparing(Part::kind)
            .thenComparing(p -> p.category == null ? "" : p.category);

    static Part revenue(String category) {
        return new Part(Kind.REVENUE, category);
    }

    static Part discount(String category) {
        return new Part(Kind.DISCOUNT, category);
    }

    static Part refund(String category) {
        return new Part(Kind.REFUND, category);
    }

    @Override
    public int compareTo(Part other) {
        return ORDER.compare(this, other);
    }
}

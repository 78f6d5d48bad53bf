package io.selvedge.settlement.domain;

import java.util.Optional;

/** The GL accounts a journal posts to; empty when the finance mapping names none. */
public interface ChartOfAccounts {

    /** The clearing (asset) or liability account a tender lands in: cash, a card brand, gift cards, store credit. */
    Optional<String> tender(TenderKey tender);

    Optional<String> revenue(String category);

    Optional<String> discount(String category);

    /** Returns and allowances: where refunds of returned goods of {@code category} are debited. */
    Optional<String> refunds(String category);

    Optional<String> salesTax();

    Optional<String> cashOverShort();

    /** The expense account a processor's fees on card payments of {@code tender} (a card brand) are debited to. */
    Optional<String> cardFees(TenderKey tender);

    /** Where tender moved between tenders on zero-total transactions (a gift card cashed out) nets to zero. */
    Optional<String> clearing();
}

package io.selvedge.reconciliation.domain;

import java.util.Set;

/** What a processor line means for the tie-out, whatever the processor calls it. */
public enum LineCategory {
    /** A captured card payment: money the store took. */
    SETTLED,
    /** Money given back through the processor. */
    REFUND,
    REFUND_REVERSAL,
    CHARGEBACK,
    CHARGEBACK_REVERSAL,
    /** A cost billed on its own line (Adyen's monthly transaction fees, Stripe's fee rows). */
    FEE,
    /** Money sent to the merchant's bank account. */
    PAYOUT,
    /** A balance carried to or from another batch instead of being paid out. */
    BALANCE_TRANSFER,
    OTHER;

    private static final Set<LineCategory> CARD_MONEY = Set.of(SETTLED, REFUND, REFUND_REVERSAL, CHARGEBACK, CHARGEBACK_REVERSAL);

    /** A line about a customer's payment, which a POS tender may stand behind. */
    public boolean isTransaction() {
        return CARD_MONEY.contains(this);
    }

    public boolean isChargeback() {
        return this == CHARGEBACK || this == CHARGEBACK_REVERSAL;
    }
}

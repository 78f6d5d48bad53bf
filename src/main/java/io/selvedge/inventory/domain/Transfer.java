package io.selvedge.inventory.domain;

import java.util.Objects;

/** Units of one SKU moving from one account to another: the only way a balance changes (DESIGN invariant 1). */
public record Transfer(Account from, Account to, String sku, long quantity) {

    public Transfer {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(sku, "sku");
        if (from.equals(to)) {
            throw new IllegalArgumentException("a transfer needs two accounts, not " + from + " twice");
        }
        if (quantity <= 0) {
            throw new IllegalArgumentException("a transfer moves a positive quantity, not " + quantity);
        }
    }

    /** The same units going back: how a void undoes a sale. */
    public Transfer reversed() {
        return new Transfer(to, from, sku, quantity);
    }
}

package io.selvedge.inventory;

import java.util.Objects;

/**
 * Units of one SKU a customer brings back: into the returning location's on-hand, or into {@code damaged} when
 * they cannot be sold again. {@code employee}: the units went out as an employee purchase, so they come back from
 * the employee account.
 */
public record ReturnedStock(String sku, long quantity, boolean damaged, boolean employee) {

    public ReturnedStock {
        Objects.requireNonNull(sku, "sku");
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
    }
}

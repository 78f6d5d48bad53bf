package io.selvedge.inventory;

/** Units of one SKU; always positive. */
public record StockLine(String sku, long quantity) {

    public StockLine {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
    }
}

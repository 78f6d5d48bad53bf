package io.selvedge.inventory.domain;

/** Units of one SKU held at one location by one pending ledger entry. */
public record HeldLine(String sku, String location, long quantity, long pendingEntryId) {

    public HeldLine {
        if (quantity <= 0) {
            throw new IllegalArgumentException("a held line holds a positive quantity");
        }
    }
}

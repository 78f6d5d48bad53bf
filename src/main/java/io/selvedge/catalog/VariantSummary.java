package io.selvedge.catalog;

/** What other modules need to know of a variant: where it sits in the catalogue and how it is taxed. */
public record VariantSummary(String sku, String gtin, String styleCode, String colour, String size,
                             String category, String taxClass, boolean active, long revision) {
}

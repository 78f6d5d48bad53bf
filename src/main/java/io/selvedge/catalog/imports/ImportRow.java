package io.selvedge.catalog.imports;

/**
 * One variant line of a flat import (our CSV layout, or a platform export mapped to it). Values are as written;
 * checking them is the importer's job, so a bad row is reported with its line, not thrown.
 */
record ImportRow(long line, String style, String name, String colour, String size, String sku, String gtin, String season,
                 String category, String taxClass, String priceList, String currency, String price, String effectiveFrom) {
}

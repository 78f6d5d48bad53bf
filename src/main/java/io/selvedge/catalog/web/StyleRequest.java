package io.selvedge.catalog.web;

import java.time.Instant;
import java.util.List;

/** {@code PUT /api/v1/catalog/styles/{styleCode}}, as in API.md. */
public record StyleRequest(String name, String season, String category, String taxClass,
                           List<Colour> colours, List<String> sizes, List<Variant> variants, List<Price> prices) {

    public record Colour(String code, String name) {
    }

    public record Variant(String sku, String gtin, String colour, String size, List<Price> prices) {
    }

    public record Price(String priceList, String currency, String amount, Instant effectiveFrom, Instant effectiveTo) {
    }
}

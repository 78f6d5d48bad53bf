package io.selvedge.catalog;

import io.selvedge.shared.Money;
import java.time.Instant;
import java.util.List;

/** A validated style publish from the back office. */
public record PublishStyle(String styleCode, String name, String season, String category, String taxClass,
                           List<Colour> colours, List<String> sizes, List<Variant> variants, List<Price> prices,
                           String bodyHash, String publishedBy) {

    public record Colour(String code, String name) {
    }

    /** {@code gtin} may be null; {@code prices} are this variant's overrides. */
    public record Variant(String sku, String gtin, String colour, String size, List<Price> prices) {
    }

    public record Price(String priceList, Money amount, Instant effectiveFrom, Instant effectiveTo) {
    }
}

package io.selvedge.catalog;

import io.selvedge.shared.Money;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Read access to the catalogue for other modules. */
public interface CatalogLookup {

    Optional<VariantSummary> variant(String sku);

    /** A SKU for a GTIN (any of its 8/12/13/14-digit spellings). */
    Optional<String> skuForGtin(String gtin);

    /** The known variants among {@code skus}, by SKU; the absent ones are unknown. */
    Map<String, VariantSummary> variants(Collection<String> skus);

    /** The price in force at {@code at} on a price list: the variant's own price, else its style's. */
    Optional<Money> priceInForce(String sku, String priceList, Instant at);
}

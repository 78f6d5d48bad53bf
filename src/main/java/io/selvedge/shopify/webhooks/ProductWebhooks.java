package io.selvedge.shopify.webhooks;

import io.selvedge.catalog.CatalogLookup;
import io.selvedge.shared.WriteTransactions;
import io.selvedge.shopify.inventory.JdbcShopifyInventory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code products/create} and {@code products/update}: the catalogue is the back office's, so nothing of the product is
 * applied; its variants only teach the hub which Shopify variant and inventory item each SKU is (for order lines
 * without a SKU, and for the inventory push). Only SKUs the catalogue knows are mapped: the push must never zero out
 * Shopify's stock of a product the hub does not sell.
 */
@Component
class ProductWebhooks {

    private final JdbcShopifyInventory inventory;
    private final CatalogLookup catalog;
    private final WriteTransactions writes;
    private final Clock clock;

    ProductWebhooks(JdbcShopifyInventory inventory, CatalogLookup catalog, WriteTransactions writes, Clock clock) {
        this.inventory = inventory;
        this.catalog = catalog;
        this.writes = writes;
        this.clock = clock;
    }

    Outcome updated(JsonNode product) {
        Payload p = new Payload();
        String id = p.id(product, "id", "id");
        JsonNode variants = product.path("variants");
        if (!variants.isArray()) {
            p.error("variants", "must be a list");
        }
        if (p.failed()) {
            return new Outcome.Refused(id == null ? null : "product " + id, "not a Shopify product", p.errors());
        }
        String subject = "product " + id;
        Map<String, String> variantSkus = new LinkedHashMap<>();
        Map<String, String> itemSkus = new LinkedHashMap<>();
        int withoutSku = 0;
        for (int i = 0; i < variants.size(); i++) {
            JsonNode v = variants.get(i);
            String at = "variants[" + i + "]";
            String sku = Payload.text(v, "sku");
            String variant = p.optionalId(v, "id", at + ".id");
            String item = p.optionalId(v, "inventory_item_id", at + ".inventory_item_id");
            if (sku == null) {
                withoutSku++;
                continue;
            }
            if (variant != null) {
                variantSkus.put(variant, sku);
            }
            if (item != null) {
                itemSkus.put(item, sku);
            }
        }
        if (p.failed()) {
            return new Outcome.Refused(subject, "its variants cannot be read", p.errors());
        }
        Set<String> skus = new java.util.TreeSet<>(variantSkus.values());
        skus.addAll(itemSkus.values());
        Set<String> known = catalog.variants(skus).keySet();
        List<String> unknown = skus.stream().filter(s -> !known.contains(s)).toList();
        Instant now = clock.instant();
        int[] mapped = writes.write(() -> {
            int items = 0;
            int vars = 0;
            for (Map.Entry<String, String> e : variantSkus.entrySet()) {
                if (known.contains(e.getValue()) && inventory.mapVariant(e.getKey(), e.getValue())) {
                    vars++;
                }
            }
            for (Map.Entry<String, String> e : itemSkus.entrySet()) {
                if (known.contains(e.getValue()) && inventory.mapItem(e.getValue(), e.getKey(), now)) {
                    items++;
                }
            }
            return new int[] {vars, items};
        });
        String note = mapped[0] + " variant(s) and " + mapped[1] + " inventory item(s) newly mapped to SKUs"
                + (withoutSku > 0 ? "; " + withoutSku + " variant(s) without a SKU skipped" : "")
                + (unknown.isEmpty() ? "" : "; " + unknown.size() + " SKU(s) not in the catalogue skipped, e.g. " + unknown.get(0))
                + (product.path("variant_gids").size() > variants.size() ? "; only the first " + variants.size()
                + " variants are detailed in a products webhook" : "")
                + "; nothing of the product is applied to the catalogue (the back office owns it)";
        if (variantSkus.isEmpty() && itemSkus.isEmpty()) {
            return new Outcome.Ignored(subject, note);
        }
        return new Outcome.Processed(subject, note, null);
    }
}

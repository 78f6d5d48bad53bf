package io.selvedge.shopify.webhooks;

import io.selvedge.contract.Contract;
import io.selvedge.inventory.StockAvailability;
import io.selvedge.shared.WriteTransactions;
import io.selvedge.shopify.inventory.JdbcShopifyInventory;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code inventory_levels/update}: Shopify's own view of its stock. The hub owns inventory, so this is never posted to
 * the ledger; it is kept as Shopify's last known level of the item at that location (the {@code compareQuantity} of
 * the next push) and the outcome states its drift from the hub's web available-to-sell.
 */
@Component
class InventoryLevelWebhooks {

    private final Shop shop;
    private final Contract contract;
    private final JdbcShopifyInventory inventory;
    private final StockAvailability availability;
    private final WriteTransactions writes;

    InventoryLevelWebhooks(Shop shop, Contract contract, JdbcShopifyInventory inventory, StockAvailability availability,
                           WriteTransactions writes) {
        this.shop = shop;
        this.contract = contract;
        this.inventory = inventory;
        this.availability = availability;
        this.writes = writes;
    }

    Outcome updated(JsonNode level) {
        Payload p = new Payload();
        String item = p.id(level, "inventory_item_id", "inventory_item_id");
        String location = p.id(level, "location_id", "location_id");
        Instant updatedAt = p.instant(level, "updated_at", "updated_at", true);
        JsonNode available = level.path("available");
        if (!Payload.absent(available) && !(available.isIntegralNumber() && available.canConvertToLong())) {
            p.error("available", "must be a whole number or null");
        }
        if (p.failed()) {
            return new Outcome.Refused(item == null ? null : "inventory item " + item, "the level cannot be read", p.errors());
        }
        String subject = "inventory item " + item;
        String gidItem = gidItem(level);
        String note = gidItem != null && !gidItem.equals(item)
                ? "inventory_item_id " + item + " and the level's admin_graphql_api_id (…" + gidItem + ") differ: the id is used; " : "";
        Optional<String> hubLocation = shop.location(location);
        if (hubLocation.isEmpty()) {
            return new Outcome.Ignored(subject, note + "Shopify location " + location + " is not mapped to a contract location (shopify.locations)");
        }
        if (Payload.absent(available)) {
            return new Outcome.Ignored(subject, note + "available is null: Shopify does not track this item's quantity at " + hubLocation.get());
        }
        long figure = available.longValue();
        boolean kept = writes.write(() -> inventory.recordLevel(item, location, figure, updatedAt, JdbcShopifyInventory.WEBHOOK));
        Optional<String> sku = inventory.skuOfItem(item);
        if (!kept) {
            return new Outcome.Ignored(sku.orElse(subject), note + "older than the level already kept for it");
        }
        if (sku.isEmpty()) {
            return new Outcome.Processed(subject, note + "Shopify has " + figure + " at " + hubLocation.get()
                    + "; the item is not mapped to a SKU yet (products webhooks map it)", null);
        }
        long hub = availability.channel(contract.channel(shop.channel()).orElseThrow(), sku.get()).stream()
                .mapToLong(StockAvailability.ChannelRow::available).sum();
        return new Outcome.Processed(sku.get(), note + "Shopify has " + figure + " available at " + hubLocation.get() + "; the hub's "
                + shop.channel() + " available-to-sell is " + hub + (figure == hub ? " (no drift)" : " (drift " + (figure - hub) + ")")
                + "; kept as Shopify's level, never posted to the ledger", null);
    }

    /** The item id inside {@code gid://shopify/InventoryLevel/<location>?inventory_item_id=<item>}. */
    private static String gidItem(JsonNode level) {
        String gid = Payload.text(level, "admin_graphql_api_id");
        if (gid == null) {
            return null;
        }
        int at = gid.indexOf("inventory_item_id=");
        if (at < 0) {
            return null;
        }
        String id = gid.substring(at + "inventory_item_id=".length()).replaceAll("[^0-9].*$", "");
        return id.isEmpty() ? null : id;
    }
}

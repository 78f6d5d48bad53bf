package io.selvedge.shopify.inventory;

import static io.selvedge.shared.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SKUs mapped to Shopify inventory items and variants, what each owes the push, Shopify's own levels, and the cursor
 * in the hub's availability feed. Writes run inside the caller's write.
 */
@Repository
public class JdbcShopifyInventory {

    public static final String WEBHOOK = "WEBHOOK";
    public static final String READ = "READ";
    public static final String PUSH = "PUSH";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public JdbcShopifyInventory(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** A mapped SKU that owes Shopify a push: {@code wantedSeq} is the latest availability change it must reflect. */
    public record DueItem(String sku, String inventoryItemId, long wantedSeq) {
    }

    public record Item(String sku, String inventoryItemId, long wantedSeq, long pushedSeq, boolean due, Long pushedQuantity,
                       Instant pushedAt, String lastError) {
    }

    public record Level(String inventoryItemId, String locationId, Long available, Instant updatedAt, String source) {
    }

    // --- mapping ---

    /**
     * Maps a SKU to its Shopify inventory item. A new or changed mapping owes a push of the SKU's current quantity (and
     * clears an earlier refusal); the same mapping again changes nothing. Returns whether anything changed.
     */
    public boolean mapItem(String sku, String inventoryItemId, Instant at) {
        Optional<String> current = jdbc.sql("SELECT inventory_item_id FROM shopify_inventory_item WHERE sku = ?").param(sku)
                .query(String.class).optional();
        if (current.isPresent() && current.get().equals(inventoryItemId)) {
            return false;
        }
        if (current.isPresent()) {
            jdbc.sql("""
                    UPDATE shopify_inventory_item SET inventory_item_id = ?, mapped_at = ?, pushed_seq = -1, due = TRUE, pushed_quantity = NULL,
                        pushed_at = NULL, last_error = NULL
                    WHERE sku = ?""").params(inventoryItemId, utc(at), sku).update();
        } else {
            jdbc.sql("""
                    INSERT INTO shopify_inventory_item (sku, inventory_item_id, mapped_at, wanted_seq, pushed_seq, due)
                    VALUES (?, ?, ?, 0, -1, TRUE)""").params(sku, inventoryItemId, utc(at)).update();
        }
        return true;
    }

    public boolean mapVariant(String variantId, String sku) {
        Optional<String> current = jdbc.sql("SELECT sku FROM shopify_variant WHERE variant_id = ?").param(variantId).query(String.class).optional();
        if (current.isPresent() && current.get().equals(sku)) {
            return false;
        }
        if (current.isPresent()) {
            jdbc.sql("UPDATE shopify_variant SET sku = ? WHERE variant_id = ?").params(sku, variantId).update();
        } else {
            jdbc.sql("INSERT INTO shopify_variant (variant_id, sku) VALUES (?, ?)").params(variantId, sku).update();
        }
        return true;
    }

    public Optional<String> skuOfVariant(String variantId) {
        return jdbc.sql("SELECT sku FROM shopify_variant WHERE variant_id = ?").param(variantId).query(String.class).optional();
    }

    public Optional<String> skuOfItem(String inventoryItemId) {
        return jdbc.sql("SELECT sku FROM shopify_inventory_item WHERE inventory_item_id = ? ORDER BY sku").param(inventoryItemId)
                .query(String.class).list().stream().findFirst();
    }

    public Optional<Item> item(String sku) {
        return jdbc.sql("SELECT sku, inventory_item_id, wanted_seq, pushed_seq, due, pushed_quantity, pushed_at, last_error "
                        + "FROM shopify_inventory_item WHERE sku = ?").param(sku)
                .query(JdbcShopifyInventory::item).optional();
    }

    // --- what the push owes ---

    /** The availability of these SKUs changed up to these sequences: each mapped one owes a push. */
    public void changed(Map<String, Long> latestSeqBySku) {
        if (latestSeqBySku.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        latestSeqBySku.forEach((sku, seq) -> rows.add(new Object[] {seq, seq, seq, sku}));
        batch.batchUpdate("""
                UPDATE shopify_inventory_item
                SET wanted_seq = CASE WHEN wanted_seq < ? THEN ? ELSE wanted_seq END,
                    due = CASE WHEN pushed_seq < ? THEN TRUE ELSE due END
                WHERE sku = ? AND last_error IS NULL""", rows);
    }

    /** Every mapped SKU owes a push of its current quantity (a resync). */
    public int resync() {
        return jdbc.sql("UPDATE shopify_inventory_item SET due = TRUE, pushed_seq = -1 WHERE last_error IS NULL").update();
    }

    public List<DueItem> due(int limit) {
        return jdbc.sql("""
                SELECT sku, inventory_item_id, wanted_seq FROM shopify_inventory_item WHERE due = TRUE
                ORDER BY wanted_seq, sku LIMIT ?""").param(limit)
                .query((rs, n) -> new DueItem(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
    }

    /** What Shopify holds after a call: {@code quantity} of the SKU, the hub's as of availability {@code seq}. */
    public record Pushed(String sku, String inventoryItemId, long seq, long quantity) {
    }

    /**
     * Each SKU owes Shopify nothing more unless a later change came since, in one batch; with {@code levelsToo}, each
     * item's level at the location becomes what was pushed.
     */
    public void pushedAll(List<Pushed> pushed, String locationId, Instant at, boolean levelsToo) {
        if (pushed.isEmpty()) {
            return;
        }
        batch.batchUpdate("""
                UPDATE shopify_inventory_item
                SET due = CASE WHEN wanted_seq > (CASE WHEN pushed_seq > ? THEN pushed_seq ELSE ? END) THEN TRUE ELSE FALSE END,
                    pushed_seq = CASE WHEN pushed_seq > ? THEN pushed_seq ELSE ? END,
                    pushed_quantity = ?, pushed_at = ?
                WHERE sku = ?""", pushed.stream().map(p -> new Object[] {p.seq(), p.seq(), p.seq(), p.seq(), p.quantity(), utc(at), p.sku()})
                .toList());
        if (!levelsToo) {
            return;
        }
        int[] updated = batch.batchUpdate("""
                UPDATE shopify_inventory_level SET available = ?, updated_at = ?, source = 'PUSH'
                WHERE inventory_item_id = ? AND location_id = ?""",
                pushed.stream().map(p -> new Object[] {p.quantity(), utc(at), p.inventoryItemId(), locationId}).toList());
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                recordLevel(pushed.get(i).inventoryItemId(), locationId, pushed.get(i).quantity(), at, PUSH);
            }
        }
    }

    /** Shopify refused the item itself (not stocked at the location, unknown item): it is left alone until mapped again. */
    public void refused(String sku, String error) {
        jdbc.sql("UPDATE shopify_inventory_item SET due = FALSE, last_error = ? WHERE sku = ?")
                .params(error.length() > 400 ? error.substring(0, 400) : error, sku).update();
    }

    // --- Shopify's levels ---

    /** Keeps what Shopify says it has, unless a later figure is already kept (webhooks arrive out of order). */
    public boolean recordLevel(String inventoryItemId, String locationId, Long available, Instant updatedAt, String source) {
        Optional<Instant> kept = jdbc.sql("SELECT updated_at FROM shopify_inventory_level WHERE inventory_item_id = ? AND location_id = ?")
                .params(inventoryItemId, locationId).query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).optional();
        if (kept.isPresent() && kept.get().isAfter(updatedAt)) {
            return false;
        }
        if (kept.isPresent()) {
            jdbc.sql("UPDATE shopify_inventory_level SET available = ?, updated_at = ?, source = ? WHERE inventory_item_id = ? AND location_id = ?")
                    .params(available, utc(updatedAt), source, inventoryItemId, locationId).update();
        } else {
            jdbc.sql("INSERT INTO shopify_inventory_level (inventory_item_id, location_id, available, updated_at, source) VALUES (?, ?, ?, ?, ?)")
                    .params(inventoryItemId, locationId, available, utc(updatedAt), source).update();
        }
        return true;
    }

    /** Shopify's last known 'available' of these items at a location; items with none known are absent. */
    public Map<String, Long> levels(Collection<String> inventoryItemIds, String locationId) {
        Map<String, Long> levels = new HashMap<>();
        if (inventoryItemIds.isEmpty()) {
            return levels;
        }
        jdbc.sql("""
                SELECT inventory_item_id, available FROM shopify_inventory_level
                WHERE location_id = :location AND inventory_item_id IN (:items) AND available IS NOT NULL""")
                .param("location", locationId).param("items", List.copyOf(inventoryItemIds))
                .query((rs, n) -> levels.put(rs.getString(1), rs.getLong(2))).list();
        return levels;
    }

    public Optional<Level> level(String inventoryItemId, String locationId) {
        return jdbc.sql("SELECT inventory_item_id, location_id, available, updated_at, source FROM shopify_inventory_level "
                        + "WHERE inventory_item_id = ? AND location_id = ?").params(inventoryItemId, locationId)
                .query((rs, n) -> new Level(rs.getString(1), rs.getString(2), rs.getObject(3, Long.class),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5))).optional();
    }

    // --- the cursor ---

    public long cursor(String name) {
        return jdbc.sql("SELECT after_seq FROM shopify_push_cursor WHERE name = ?").param(name).query(Long.class).optional().orElse(0L);
    }

    public void moveCursor(String name, long afterSeq) {
        if (jdbc.sql("UPDATE shopify_push_cursor SET after_seq = ? WHERE name = ? AND after_seq < ?").params(afterSeq, name, afterSeq).update() == 0
                && jdbc.sql("SELECT COUNT(*) FROM shopify_push_cursor WHERE name = ?").param(name).query(Long.class).single() == 0) {
            jdbc.sql("INSERT INTO shopify_push_cursor (name, after_seq) VALUES (?, ?)").params(name, afterSeq).update();
        }
    }

    // --- for operations ---

    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("mapped", jdbc.sql("SELECT COUNT(*) FROM shopify_inventory_item").query(Long.class).single());
        counts.put("due", jdbc.sql("SELECT COUNT(*) FROM shopify_inventory_item WHERE due = TRUE").query(Long.class).single());
        counts.put("refused", jdbc.sql("SELECT COUNT(*) FROM shopify_inventory_item WHERE last_error IS NOT NULL").query(Long.class).single());
        return counts;
    }

    public List<Item> refusedItems(int limit) {
        return jdbc.sql("SELECT sku, inventory_item_id, wanted_seq, pushed_seq, due, pushed_quantity, pushed_at, last_error "
                        + "FROM shopify_inventory_item WHERE last_error IS NOT NULL ORDER BY sku LIMIT ?").param(limit)
                .query(JdbcShopifyInventory::item).list();
    }

    private static Item item(ResultSet rs, int n) throws SQLException {
        OffsetDateTime pushedAt = rs.getObject(7, OffsetDateTime.class);
        return new Item(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getBoolean(5), rs.getObject(6, Long.class),
                pushedAt == null ? null : pushedAt.toInstant(), rs.getString(8));
    }
}

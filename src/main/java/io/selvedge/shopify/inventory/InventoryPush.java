package io.selvedge.shopify.inventory;

import io.micrometer.core.instrument.MeterRegistry;
import io.selvedge.contract.Contract;
import io.selvedge.inventory.AvailabilityRow;
import io.selvedge.inventory.StockAvailability;
import io.selvedge.shared.CommitListener;
import io.selvedge.shared.WriteTransactions;
import io.selvedge.shopify.ShopifySettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes the web channel's available-to-sell to Shopify. It follows the hub's availability feed from a cursor of its
 * own (kept in the database, so a restart resumes), marks each changed SKU as owing a push (so many changes of one SKU
 * coalesce into one), and sends what is owed in calls of up to 250 quantities: the channel's available as the hub has it
 * at send time, compared against what Shopify last said it had. A stale comparison reads Shopify's figure back and sends
 * again; an item Shopify refuses is set aside (shown to operations) so it does not hold the others back. Off unless
 * {@code selvedge.shopify.push.base-url} is set.
 */
@Component
public class InventoryPush implements CommitListener, SmartLifecycle {

    static final String CURSOR = "availability";
    private static final Logger log = LoggerFactory.getLogger(InventoryPush.class);
    private static final int FEED_PAGE = 1000;

    private final ShopifySettings.Push settings;
    private final StockAvailability availability;
    private final JdbcShopifyInventory inventory;
    private final WriteTransactions writes;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Contract.Channel channel;
    private final String locationId;
    private final String disabledBecause;
    private final ShopifyAdmin admin;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile boolean running;
    private volatile String lastError;
    private volatile Instant lastPushAt;
    private Thread thread;
    private final io.selvedge.shared.Leases leases;
    private volatile io.selvedge.shared.Leases.Lease lease;

    InventoryPush(ShopifySettings settings, Contract contract, StockAvailability availability, JdbcShopifyInventory inventory,
                  WriteTransactions writes, JsonMapper json, Clock clock, MeterRegistry meters, io.selvedge.shared.Leases leases) {
        this.leases = leases;
        this.settings = settings.push();
        this.availability = availability;
        this.inventory = inventory;
        this.writes = writes;
        this.clock = clock;
        this.meters = meters;
        Contract.Shopify shop = contract.shopify();
        this.channel = shop.configured() ? contract.channel(shop.channel()).orElse(null) : null;
        String location = this.settings.locationId().isBlank() && channel != null
                ? shop.shopifyLocationOf(channel.locations().get(0)).orElse(null) : this.settings.locationId();
        this.locationId = location == null || location.isBlank() ? null : location;
        this.disabledBecause = !this.settings.enabled() ? "selvedge.shopify.push.base-url is not set"
                : channel == null ? "the contract has no shopify: section"
                : locationId == null ? "no Shopify location is mapped to " + channel.locations().get(0) + " (contract shopify.locations)" : null;
        this.admin = disabledBecause == null ? new ShopifyAdmin(this.settings, json, System::nanoTime) : null;
    }

    public boolean enabled() {
        return disabledBecause == null;
    }

    @Override
    public void committed() {
        if (running) {
            wakeups.release();
        }
    }

    public void wake() {
        committed();
    }

    private void loop() {
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try {
                if (!lease.held()) {
                    // another hub instance pushes (one does, so Shopify's rate limit is spent once); wait to take over
                    Thread.sleep(settings.pollInterval().toMillis());
                    continue;
                }
                boolean worked = collect();
                worked |= pushOnce();
                backoff = Duration.ofMillis(500);
                if (!worked) {
                    wakeups.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeups.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                lastError = e instanceof ShopifyAdmin.Unavailable ? e.getMessage() : e.getClass().getSimpleName();
                log.warn("event=shopify.push.failed error=\"{}\" retryInMs={}", lastError, backoff.toMillis());
                meters.counter("selvedge.shopify.push.failures").increment();
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff.multipliedBy(2);
            }
        }
    }

    /** Reads the availability feed after the cursor: each changed SKU of the channel's locations owes a push. */
    boolean collect() {
        long after = inventory.cursor(CURSOR);
        String only = channel.locations().size() == 1 ? channel.locations().get(0) : null;
        StockAvailability.Changes page = availability.changes(after, only, FEED_PAGE);
        if (page.changes().isEmpty()) {
            return false;
        }
        Set<String> locations = Set.copyOf(channel.locations());
        Map<String, Long> latest = new HashMap<>();
        for (AvailabilityRow row : page.changes()) {
            if (locations.contains(row.location())) {
                latest.merge(row.sku(), row.sequence(), Math::max);
            }
        }
        writes.write(() -> {
            inventory.changed(latest);
            inventory.moveCursor(CURSOR, page.next());
            return null;
        });
        return true;
    }

    /** Sends one call's worth of what is owed; false when nothing is. */
    boolean pushOnce() {
        List<JdbcShopifyInventory.DueItem> due = inventory.due(settings.batchSize());
        if (due.isEmpty()) {
            return false;
        }
        Map<String, Long> known = inventory.levels(due.stream().map(JdbcShopifyInventory.DueItem::inventoryItemId).toList(), locationId);
        List<JdbcShopifyInventory.DueItem> unknown = due.stream().filter(d -> !known.containsKey(d.inventoryItemId())).toList();
        if (!unknown.isEmpty()) {
            readBack(unknown);
            return true;
        }
        Map<String, StockAvailability.ChannelRow> hub = new HashMap<>();
        for (JdbcShopifyInventory.DueItem d : due) {
            availability.channel(channel, d.sku()).stream().findFirst().ifPresent(row -> hub.put(d.sku(), row));
        }
        List<ShopifyAdmin.Quantity> send = new ArrayList<>();
        Map<String, Long> sequences = new LinkedHashMap<>();
        List<JdbcShopifyInventory.DueItem> alreadyRight = new ArrayList<>();
        for (JdbcShopifyInventory.DueItem d : due) {
            StockAvailability.ChannelRow row = hub.get(d.sku());
            long quantity = row == null ? 0 : row.available();
            sequences.put(d.sku(), row == null ? d.wantedSeq() : Math.max(row.sequence(), d.wantedSeq()));
            long shopify = known.get(d.inventoryItemId());
            if (shopify == quantity) {
                alreadyRight.add(d);
            } else {
                send.add(new ShopifyAdmin.Quantity(d.sku(), d.inventoryItemId(), quantity, shopify));
            }
        }
        List<JdbcShopifyInventory.Pushed> right = alreadyRight.stream()
                .map(d -> new JdbcShopifyInventory.Pushed(d.sku(), d.inventoryItemId(), sequences.get(d.sku()), known.get(d.inventoryItemId())))
                .toList();
        if (send.isEmpty()) {
            Instant now = clock.instant();
            writes.write(() -> {
                inventory.pushedAll(right, locationId, now, false);
                return null;
            });
            return true;
        }
        ShopifyAdmin.SetResult result = admin.setQuantities(locationId, send);
        Instant sentAt = clock.instant();
        if (result.applied()) {
            List<JdbcShopifyInventory.Pushed> sent = send.stream()
                    .map(q -> new JdbcShopifyInventory.Pushed(q.sku(), q.inventoryItemId(), sequences.get(q.sku()), q.quantity())).toList();
            writes.write(() -> {
                inventory.pushedAll(right, locationId, sentAt, false);
                inventory.pushedAll(sent, locationId, sentAt, true);
                return null;
            });
            lastPushAt = sentAt;
            lastError = null;
            meters.counter("selvedge.shopify.push.quantities").increment(send.size());
            log.debug("event=shopify.push.sent quantities={} alreadyRight={}", send.size(), alreadyRight.size());
            return true;
        }
        // nothing was applied: set aside what Shopify refuses, read back what it has where ours was stale, and go again
        writes.write(() -> {
            result.refused().forEach((index, error) -> inventory.refused(send.get(index).sku(), error));
            return null;
        });
        result.refused().forEach((index, error) -> log.warn("event=shopify.push.item-refused sku={} error=\"{}\"", send.get(index).sku(), error));
        if (!result.stale().isEmpty()) {
            meters.counter("selvedge.shopify.push.stale").increment(result.stale().size());
            List<JdbcShopifyInventory.DueItem> stale = new ArrayList<>();
            for (int index : result.stale()) {
                String sku = send.get(index).sku();
                due.stream().filter(d -> d.sku().equals(sku)).findFirst().ifPresent(stale::add);
            }
            readBack(stale);
        }
        return true;
    }

    /** Reads Shopify's figures for items the hub does not know (or knew wrong); an item not stocked there is set aside. */
    private void readBack(List<JdbcShopifyInventory.DueItem> items) {
        Map<String, Long> levels = admin.readLevels(locationId, items.stream().map(JdbcShopifyInventory.DueItem::inventoryItemId).toList());
        Instant at = clock.instant();
        writes.write(() -> {
            for (JdbcShopifyInventory.DueItem d : items) {
                Long level = levels.get(d.inventoryItemId());
                if (level == null) {
                    inventory.refused(d.sku(), "ITEM_NOT_STOCKED_AT_LOCATION: Shopify keeps no available quantity of inventory item "
                            + d.inventoryItemId() + " at location " + locationId);
                } else {
                    inventory.recordLevel(d.inventoryItemId(), locationId, level, at, JdbcShopifyInventory.READ);
                }
            }
            return null;
        });
    }

    /** For operations: whether it runs, where it stands in the feed, what is owed and refused, and the rate limit as last seen. */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("enabled", enabled());
        if (!enabled()) {
            s.put("disabledBecause", disabledBecause);
        }
        s.put("channel", channel == null ? null : channel.code());
        s.put("shopifyLocationId", locationId);
        s.put("cursor", inventory.cursor(CURSOR));
        s.putAll(inventory.counts());
        s.put("lastPushAt", lastPushAt == null ? null : lastPushAt.toString());
        s.put("lastError", lastError);
        if (admin != null) {
            s.put("shopify", admin.status());
        }
        s.put("refusedItems", inventory.refusedItems(50).stream().map(i -> Map.of("sku", i.sku(), "inventoryItemId", i.inventoryItemId(),
                "error", i.lastError())).toList());
        return s;
    }

    public Optional<String> locationId() {
        return Optional.ofNullable(locationId);
    }

    @Override
    public synchronized void start() {
        if (running || !enabled()) {
            if (!enabled()) {
                log.info("event=shopify.push.off reason=\"{}\"", disabledBecause);
            }
            return;
        }
        running = true;
        lease = leases.standing("shopify.inventory-push");
        thread = new Thread(this::loop, "selvedge-shopify-push");
        thread.setDaemon(true);
        thread.start();
        log.info("event=shopify.push.on channel={} shopifyLocation={}", channel.code(), locationId);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        if (lease != null) {
            lease.release();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

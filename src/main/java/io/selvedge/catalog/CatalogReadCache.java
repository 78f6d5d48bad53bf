package io.selvedge.catalog;

import io.selvedge.catalog.jdbc.JdbcCatalog;
import io.selvedge.catalog.jdbc.JdbcCatalogFeed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The catalogue as every sale, return and movement reads it (variants and their prices), kept in memory and
 * valid for one catalogue revision. Every change to a variant or a price makes a revision, so the cache is
 * right as long as the newest revision is the one it was filled under: a write in this process drops it at
 * once, and the newest revision is re-read at most once a second for writes made by other instances.
 * Without it a three-line sale costs six catalogue queries before it reaches the ledger.
 */
@org.springframework.stereotype.Component
class CatalogReadCache implements io.selvedge.shared.CommitListener {

    private static final long RECHECK_NANOS = 1_000_000_000L;
    private static final int MAX_ENTRIES = 200_000;

    private final JdbcCatalog catalog;
    private final JdbcCatalogFeed feed;
    private final LongSupplier nanoTime;
    private final Map<String, Optional<VariantSummary>> variants = new ConcurrentHashMap<>();
    private final Map<String, List<JdbcCatalog.PriceRow>> prices = new ConcurrentHashMap<>();
    private volatile long revision = -1;
    private volatile long checkedAt;
    /** Set inside a write that makes a revision; the cache is dropped once that write has committed. */
    private volatile boolean changedInWrite;
    /** Bumped by every invalidation: a load that started before one must not fill the cache after it. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    @org.springframework.beans.factory.annotation.Autowired
    CatalogReadCache(JdbcCatalog catalog, JdbcCatalogFeed feed) {
        this(catalog, feed, System::nanoTime);
    }

    CatalogReadCache(JdbcCatalog catalog, JdbcCatalogFeed feed, LongSupplier nanoTime) {
        this.catalog = catalog;
        this.feed = feed;
        this.nanoTime = nanoTime;
    }

    /** Called inside a write that changes variants or prices. */
    void changing() {
        changedInWrite = true;
        invalidate(); // readers now re-read until the commit, which drops again what they filled in
    }

    @Override
    public void committed() {
        if (changedInWrite) {
            changedInWrite = false;
            invalidate();
        }
    }

    private synchronized void invalidate() {
        generation.incrementAndGet();
        revision = -1;
        variants.clear();
        prices.clear();
    }

    Map<String, VariantSummary> variants(Collection<String> skus) {
        long loadedUnder = checkRevision();
        Map<String, VariantSummary> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String sku : skus) {
            Optional<VariantSummary> cached = variants.get(sku);
            if (cached == null) {
                missing.add(sku);
            } else {
                cached.ifPresent(v -> found.put(sku, v));
            }
        }
        if (!missing.isEmpty()) {
            Map<String, VariantSummary> loaded = catalog.variants(missing);
            room(missing.size());
            boolean keep = generation.get() == loadedUnder;
            for (String sku : missing) {
                Optional<VariantSummary> variant = Optional.ofNullable(loaded.get(sku));
                if (keep) {
                    variants.put(sku, variant);
                }
                variant.ifPresent(v -> found.put(sku, v));
            }
        }
        return found;
    }

    Optional<VariantSummary> variant(String sku) {
        return Optional.ofNullable(variants(List.of(sku)).get(sku));
    }

    /** The variant's own price in force on the list at {@code at}, else its style's; the latest effective first. */
    Optional<JdbcCatalog.PriceRow> priceInForce(VariantSummary variant, String priceList, Instant at) {
        long loadedUnder = checkRevision();
        List<JdbcCatalog.PriceRow> rows = prices.get(variant.sku());
        if (rows == null) {
            room(1);
            rows = catalog.priceRows(variant.styleCode(), variant.sku());
            if (generation.get() == loadedUnder) {
                prices.put(variant.sku(), rows);
            }
        }
        JdbcCatalog.PriceRow best = null;
        for (JdbcCatalog.PriceRow row : rows) {
            if (row.priceList().equals(priceList) && row.inForceAt(at) && (best == null || row.precedes(best))) {
                best = row;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Drops the cache when a newer revision exists; answers the generation the caller's loads belong to. */
    private long checkRevision() {
        long current = generation.get();
        long now = nanoTime.getAsLong();
        if (revision >= 0 && now - checkedAt < RECHECK_NANOS) {
            return current;
        }
        long newest = feed.currentRevision();
        synchronized (this) {
            if (generation.get() != current) {
                return -1; // invalidated meanwhile: read through, keep nothing
            }
            if (newest != revision) {
                current = generation.incrementAndGet();
                variants.clear();
                prices.clear();
                revision = newest;
            }
            checkedAt = now;
            return current;
        }
    }

    private void room(int needed) {
        if (variants.size() + prices.size() + needed > MAX_ENTRIES) {
            variants.clear(); // a catalogue larger than the bound: start again rather than grow without limit
            prices.clear();
        }
    }
}

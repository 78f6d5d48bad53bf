package io.selvedge.catalog;

import io.selvedge.catalog.domain.Gtin;
import io.selvedge.catalog.jdbc.JdbcCatalog;
import io.selvedge.catalog.jdbc.JdbcCatalogFeed;
import io.selvedge.shared.Money;
import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.Outbox;
import io.selvedge.shared.Violations;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** Publishes styles (each publish is a revision) and answers catalogue lookups. */
@Service
public class Catalog implements CatalogLookup {

    private final JdbcCatalog catalog;
    private final JdbcCatalogFeed feed;
    private final WriteTransactions writes;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;
    private final CatalogReadCache cache;

    public Catalog(JdbcCatalog catalog, JdbcCatalogFeed feed, WriteTransactions writes, Outbox outbox, JsonMapper json, Clock clock,
                   CatalogReadCache cache) {
        this.catalog = catalog;
        this.feed = feed;
        this.writes = writes;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.cache = cache;
    }

    public record Published(String styleCode, long revision, boolean changed) {
    }

    /**
     * Publishes a style. An unchanged re-publish keeps the current revision (PUT is idempotent); any change
     * makes one new revision, with one coalesced {@code catalog.changed} (and {@code price.changed}) event.
     */
    public Published publish(PublishStyle style) {
        return writes.write(() -> {
            Optional<String> previous = catalog.styleBodyHash(style.styleCode());
            if (previous.isPresent() && previous.get().equals(style.bodyHash())) {
                return new Published(style.styleCode(), catalog.styleRevision(style.styleCode()).orElseThrow(), false);
            }
            Claims claims = claims(List.of(style));
            claims.check(style).throwIfAny();
            cache.changing();
            long revision = catalog.nextRevision(clock.instant(), style.publishedBy(), "style " + style.styleCode());
            announce(revision, applyAll(List.of(style), previous.isPresent() ? Set.of(style.styleCode()) : Set.of(), revision));
            return new Published(style.styleCode(), revision, true);
        });
    }

    /** What a batch publish did: the revision (0 when nothing changed) and each style refused, with why. */
    public record BatchPublished(long revision, int published, Map<String, List<io.selvedge.shared.FieldError>> refused) {
    }

    /**
     * Publishes many styles as one revision (an import chunk, a price change across a range), inside the caller's write
     * when there is one. A style that breaks a catalogue-wide rule (a SKU or GTIN of another style, or of an earlier style
     * of the batch) is refused alone. A style given twice is published as given last. The catalogue is read a few times
     * for the whole batch and written with one JDBC batch per table, so its cost grows with its rows, not its round trips.
     */
    public BatchPublished publishAll(List<PublishStyle> styles, String by, String description) {
        return writes.write(() -> {
            Map<String, PublishStyle> last = new LinkedHashMap<>();
            styles.forEach(style -> last.put(style.styleCode(), style));
            Map<String, String> hashes = catalog.styleBodyHashes(last.keySet());
            List<PublishStyle> candidates = last.values().stream().filter(s -> !s.bodyHash().equals(hashes.get(s.styleCode()))).toList();
            Claims claims = claims(candidates);
            Map<String, List<io.selvedge.shared.FieldError>> refused = new LinkedHashMap<>();
            List<PublishStyle> changed = new ArrayList<>();
            for (PublishStyle style : candidates) {
                Violations violations = claims.check(style);
                if (violations.isEmpty()) {
                    claims.claim(style);
                    changed.add(style);
                } else {
                    refused.put(style.styleCode(), violations.errors());
                }
            }
            if (changed.isEmpty()) {
                return new BatchPublished(0, 0, refused);
            }
            cache.changing();
            long revision = catalog.nextRevision(clock.instant(), by, description);
            announce(revision, applyAll(changed, hashes.keySet(), revision));
            return new BatchPublished(revision, changed.size(), refused);
        });
    }

    private record Applied(String styleCode, List<String> skus, List<String> repriced) {
    }

    /** One catalog.changed (and one price.changed) per revision, however many styles and variants it holds. */
    private void announce(long revision, List<Applied> applied) {
        Instant now = clock.instant();
        Map<String, Object> data = new LinkedHashMap<>();
        if (applied.size() == 1) {
            data.put("styleCode", applied.get(0).styleCode());
        }
        data.put("revision", revision);
        data.put("styleCodes", applied.stream().map(Applied::styleCode).toList());
        data.put("skus", applied.stream().flatMap(a -> a.skus().stream()).toList());
        outbox.append(new OutgoingEvent("catalog.changed", "catalog", null, now, data));
        List<String> repriced = applied.stream().flatMap(a -> a.repriced().stream()).toList();
        if (!repriced.isEmpty()) {
            Map<String, Object> prices = new LinkedHashMap<>();
            if (applied.size() == 1) {
                prices.put("styleCode", applied.get(0).styleCode());
            }
            prices.put("revision", revision);
            prices.put("prices", repriced);
            outbox.append(new OutgoingEvent("price.changed", "catalog", null, now, prices));
        }
    }

    /**
     * Writes checked styles at a revision: their rows, their variants (those a style leaves out are discontinued, never
     * deleted), a version of every variant of each style, and their new price rows; prices already in force are announced.
     */
    private List<Applied> applyAll(List<PublishStyle> styles, Set<String> existing, long revision) {
        Instant now = clock.instant();
        List<JdbcCatalog.StyleRow> inserts = new ArrayList<>();
        List<JdbcCatalog.StyleRow> updates = new ArrayList<>();
        for (PublishStyle style : styles) {
            var row = new JdbcCatalog.StyleRow(style, json.writeValueAsString(style.colours()), json.writeValueAsString(style.sizes()));
            (existing.contains(style.styleCode()) ? updates : inserts).add(row);
        }
        catalog.insertStyles(inserts, revision);
        catalog.updateStyles(updates, revision);
        List<String> known = styles.stream().map(PublishStyle::styleCode).filter(existing::contains).toList();
        Map<String, List<JdbcCatalog.VariantRow>> stored = catalog.variantsOfStyles(known);
        Map<String, JdbcCatalog.LatestPrice> latest = catalog.latestPrices(known);

        List<JdbcCatalog.VariantRow> newVariants = new ArrayList<>();
        List<JdbcCatalog.VariantRow> changedVariants = new ArrayList<>();
        List<JdbcCatalogFeed.Version> versions = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<JdbcCatalog.NewPrice> prices = new ArrayList<>();
        List<Applied> applied = new ArrayList<>();
        for (PublishStyle style : styles) {
            Map<String, JdbcCatalog.VariantRow> before = new LinkedHashMap<>();
            stored.getOrDefault(style.styleCode(), List.of()).forEach(v -> before.put(v.sku(), v));
            List<String> changedSkus = new ArrayList<>();
            List<JdbcCatalog.VariantRow> after = new ArrayList<>();
            for (PublishStyle.Variant variant : style.variants()) {
                var row = new JdbcCatalog.VariantRow(variant.sku(), style.styleCode(), variant.gtin() == null ? null : Gtin.of(variant.gtin()).asGtin14(),
                        variant.gtin(), variant.colour(), variant.size(), true);
                JdbcCatalog.VariantRow was = before.remove(variant.sku());
                if (was == null) {
                    newVariants.add(row);
                    changedSkus.add(row.sku());
                } else if (!was.active() || !was.colour().equals(row.colour()) || !was.size().equals(row.size())
                        || !java.util.Objects.equals(was.gtin(), row.gtin())) {
                    changedVariants.add(row);
                    changedSkus.add(row.sku());
                }
                after.add(row);
            }
            for (JdbcCatalog.VariantRow left : before.values()) {
                if (left.active()) {
                    JdbcCatalog.VariantRow discontinued = new JdbcCatalog.VariantRow(left.sku(), left.styleCode(), left.gtin14(), left.gtin(),
                            left.colour(), left.size(), false);
                    changedVariants.add(discontinued);
                    changedSkus.add(left.sku());
                    after.add(discontinued);
                } else {
                    after.add(left);
                }
            }
            for (JdbcCatalog.VariantRow v : after) {
                versions.add(new JdbcCatalogFeed.Version(v.sku(), revision, style.styleCode(), style.name(), style.season(), style.category(),
                        style.taxClass(), v.gtin(), v.colour(), v.size(), v.active() ? "ACTIVE" : "DISCONTINUED"));
                positions.add(Math.max(0, style.sizes().indexOf(v.size())));
            }
            List<String> repriced = new ArrayList<>();
            for (PublishStyle.Price price : style.prices()) {
                if (isNewPrice(latest, style.styleCode(), null, price)) {
                    prices.add(new JdbcCatalog.NewPrice(style.styleCode(), null, price));
                    repriced.add(price.priceList());
                }
            }
            for (PublishStyle.Variant variant : style.variants()) {
                for (PublishStyle.Price price : variant.prices()) {
                    if (isNewPrice(latest, style.styleCode(), variant.sku(), price)) {
                        prices.add(new JdbcCatalog.NewPrice(style.styleCode(), variant.sku(), price));
                        repriced.add(price.priceList() + ":" + variant.sku());
                    }
                }
            }
            applied.add(new Applied(style.styleCode(), changedSkus, repriced));
        }
        catalog.insertVariants(newVariants, revision);
        catalog.updateVariants(changedVariants, revision);
        feed.insertVersions(versions, positions);
        catalog.insertPrices(prices, revision);
        // a price already in force is announced by this publish; a scheduled one when its moment comes (CatalogFeed)
        feed.announceOrSchedule(revision, now);
        return applied;
    }

    /** Whether a price adds a row: not when the same price is already the latest from the same instant. Remembers it. */
    private static boolean isNewPrice(Map<String, JdbcCatalog.LatestPrice> latest, String styleCode, String sku, PublishStyle.Price price) {
        String key = JdbcCatalog.priceKey(styleCode, sku, price.priceList(), price.effectiveFrom());
        JdbcCatalog.LatestPrice now = new JdbcCatalog.LatestPrice(price.amount().currency().getCurrencyCode(), price.amount().minor(),
                price.effectiveTo());
        return !now.equals(latest.put(key, now));
    }

    /**
     * Who holds the SKUs and GTINs a batch names: the catalogue's holders, read once for the batch, and the styles of the
     * batch accepted so far. SKUs and GTINs are unique across the catalogue; checked inside the write, where it counts.
     */
    private final class Claims {
        private final Map<String, String> skuOwners;
        private final Map<String, String> gtinHolders;

        Claims(Map<String, String> skuOwners, Map<String, String> gtinHolders) {
            this.skuOwners = new java.util.HashMap<>(skuOwners);
            this.gtinHolders = new java.util.HashMap<>(gtinHolders);
        }

        Violations check(PublishStyle style) {
            Violations violations = new Violations();
            Set<String> own = new java.util.HashSet<>();
            style.variants().forEach(v -> own.add(v.sku()));
            for (int i = 0; i < style.variants().size(); i++) {
                PublishStyle.Variant variant = style.variants().get(i);
                String owner = skuOwners.get(variant.sku());
                if (owner != null && !owner.equals(style.styleCode())) {
                    violations.add("variants[" + i + "].sku", "already belongs to style " + owner);
                }
                if (variant.gtin() != null) {
                    String holder = gtinHolders.get(Gtin.of(variant.gtin()).asGtin14());
                    if (holder != null && !own.contains(holder)) {
                        violations.add("variants[" + i + "].gtin", "already identifies SKU " + holder);
                    }
                }
            }
            return violations;
        }

        void claim(PublishStyle style) {
            for (PublishStyle.Variant variant : style.variants()) {
                skuOwners.put(variant.sku(), style.styleCode());
                if (variant.gtin() != null) {
                    gtinHolders.put(Gtin.of(variant.gtin()).asGtin14(), variant.sku());
                }
            }
        }
    }

    private Claims claims(List<PublishStyle> styles) {
        List<String> skus = new ArrayList<>();
        List<String> gtins = new ArrayList<>();
        for (PublishStyle style : styles) {
            for (PublishStyle.Variant variant : style.variants()) {
                skus.add(variant.sku());
                if (variant.gtin() != null) {
                    gtins.add(Gtin.of(variant.gtin()).asGtin14());
                }
            }
        }
        return new Claims(catalog.stylesOfSkus(skus), catalog.skusOfGtins(gtins));
    }

    @Override
    public Optional<VariantSummary> variant(String sku) {
        return cache.variant(sku);
    }

    @Override
    public Optional<String> skuForGtin(String gtin) {
        try {
            return catalog.skuForGtin14(Gtin.of(gtin).asGtin14());
        } catch (IllegalArgumentException notAGtin) {
            return Optional.empty();
        }
    }

    @Override
    public Map<String, VariantSummary> variants(Collection<String> skus) {
        return cache.variants(skus);
    }

    @Override
    public Optional<Money> priceInForce(String sku, String priceList, Instant at) {
        return cache.variant(sku).flatMap(v -> cache.priceInForce(v, priceList, at)).map(JdbcCatalog.PriceRow::amount);
    }

    /** A variant with its style and the prices in force now, for {@code GET /catalog/variants/{sku}}. */
    public Optional<Map<String, Object>> describe(String sku) {
        return catalog.variant(sku).map(v -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("sku", v.sku());
            body.put("gtin", v.gtin());
            body.put("colour", v.colour());
            body.put("size", v.size());
            body.put("status", v.active() ? "ACTIVE" : "DISCONTINUED");
            body.put("revision", v.revision());
            body.put("style", catalog.style(v.styleCode()).orElseThrow());
            List<Map<String, Object>> prices = new ArrayList<>();
            for (JdbcCatalog.PriceInForce price : catalog.pricesInForce(v.styleCode(), sku, clock.instant(), null)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("priceList", price.priceList());
                row.put("currency", price.amount().currency().getCurrencyCode());
                row.put("amount", price.amount().toDecimalString());
                row.put("effectiveFrom", price.effectiveFrom().toString());
                row.put("effectiveTo", price.effectiveTo() == null ? null : price.effectiveTo().toString());
                row.put("level", price.variantOverride() ? "VARIANT" : "STYLE");
                prices.add(row);
            }
            body.put("prices", prices);
            return body;
        });
    }
}

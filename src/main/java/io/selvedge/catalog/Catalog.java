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
            checkAgainstOtherStyles(style);
            cache.changing();
            long revision = catalog.nextRevision(clock.instant(), style.publishedBy(), "style " + style.styleCode());
            announce(revision, List.of(apply(style, revision)));
            return new Published(style.styleCode(), revision, true);
        });
    }

    /** What a batch publish did: the revision (0 when nothing changed) and each style refused, with why. */
    public record BatchPublished(long revision, int published, Map<String, List<io.selvedge.shared.FieldError>> refused) {
    }

    /**
     * Publishes many styles as one revision (an import chunk), inside the caller's write when there is one.
     * A style that breaks a catalogue-wide rule (a SKU or GTIN of another style) is refused alone.
     */
    public BatchPublished publishAll(List<PublishStyle> styles, String by, String description) {
        return writes.write(() -> {
            Map<String, List<io.selvedge.shared.FieldError>> refused = new LinkedHashMap<>();
            List<PublishStyle> changed = new ArrayList<>();
            for (PublishStyle style : styles) {
                Optional<String> previous = catalog.styleBodyHash(style.styleCode());
                if (previous.isPresent() && previous.get().equals(style.bodyHash())) {
                    continue;
                }
                try {
                    checkAgainstOtherStyles(style);
                    changed.add(style);
                } catch (io.selvedge.shared.ProblemException e) {
                    refused.put(style.styleCode(), e.errors());
                }
            }
            if (changed.isEmpty()) {
                return new BatchPublished(0, 0, refused);
            }
            cache.changing();
            long revision = catalog.nextRevision(clock.instant(), by, description);
            announce(revision, changed.stream().map(style -> apply(style, revision)).toList());
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

    /** Writes one style at a revision. */
    private Applied apply(PublishStyle style, long revision) {
        Instant now = clock.instant();
        catalog.upsertStyle(style, json.writeValueAsString(style.colours()), json.writeValueAsString(style.sizes()), revision);
        Map<String, String> gtin14s = new HashMap<>();
        style.variants().stream().filter(v -> v.gtin() != null).forEach(v -> gtin14s.put(v.sku(), Gtin.of(v.gtin()).asGtin14()));
        List<String> changedSkus = catalog.upsertVariants(style.styleCode(), style.variants(), gtin14s, revision);
        feed.recordVersions(style.styleCode(), revision, style.sizes());
        List<String> repriced = new ArrayList<>();
        for (PublishStyle.Price price : style.prices()) {
            catalog.addPrice(style.styleCode(), null, price, revision).ifPresent(id -> {
                repriced.add(price.priceList());
                announceIfInForce(id, price, now);
            });
        }
        for (PublishStyle.Variant variant : style.variants()) {
            for (PublishStyle.Price price : variant.prices()) {
                catalog.addPrice(style.styleCode(), variant.sku(), price, revision).ifPresent(id -> {
                    repriced.add(price.priceList() + ":" + variant.sku());
                    announceIfInForce(id, price, now);
                });
            }
        }
        return new Applied(style.styleCode(), changedSkus, repriced);
    }

    /** A price already in force is announced by this publish; a scheduled one when its moment comes (CatalogFeed). */
    private void announceIfInForce(long priceId, PublishStyle.Price price, Instant now) {
        if (!price.effectiveFrom().isAfter(now)) {
            feed.announce(priceId, now);
        }
    }

    /** SKUs and GTINs are unique across the catalogue; checked again inside the write, where it counts. */
    private void checkAgainstOtherStyles(PublishStyle style) {
        Violations violations = new Violations();
        List<String> skus = style.variants().stream().map(PublishStyle.Variant::sku).toList();
        Map<String, String> taken = catalog.skusOfOtherStyles(style.styleCode(), skus);
        Map<String, String> gtin14ToSku = new LinkedHashMap<>();
        style.variants().stream().filter(v -> v.gtin() != null).forEach(v -> gtin14ToSku.put(Gtin.of(v.gtin()).asGtin14(), v.sku()));
        Map<String, String> gtinHolders = catalog.gtinsOfOtherVariants(gtin14ToSku.keySet(), skus);
        for (int i = 0; i < style.variants().size(); i++) {
            PublishStyle.Variant variant = style.variants().get(i);
            if (taken.containsKey(variant.sku())) {
                violations.add("variants[" + i + "].sku", "already belongs to style " + taken.get(variant.sku()));
            }
            if (variant.gtin() != null) {
                String holder = gtinHolders.get(Gtin.of(variant.gtin()).asGtin14());
                if (holder != null) {
                    violations.add("variants[" + i + "].gtin", "already identifies SKU " + holder);
                }
            }
        }
        violations.throwIfAny();
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

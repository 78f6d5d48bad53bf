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

    public Catalog(JdbcCatalog catalog, JdbcCatalogFeed feed, WriteTransactions writes, Outbox outbox, JsonMapper json, Clock clock) {
        this.catalog = catalog;
        this.feed = feed;
        this.writes = writes;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
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
            Instant now = clock.instant();
            long revision = catalog.nextRevision(now, style.publishedBy(), "style " + style.styleCode());
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
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("styleCode", style.styleCode());
            data.put("revision", revision);
            data.put("skus", changedSkus);
            outbox.append(new OutgoingEvent("catalog.changed", "catalog", null, now, data));
            if (!repriced.isEmpty()) {
                outbox.append(new OutgoingEvent("price.changed", "catalog", null, now,
                        Map.of("styleCode", style.styleCode(), "revision", revision, "prices", repriced)));
            }
            return new Published(style.styleCode(), revision, true);
        });
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
        return catalog.variant(sku);
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
        return catalog.variants(skus);
    }

    @Override
    public Optional<Money> priceInForce(String sku, String priceList, Instant at) {
        return catalog.variant(sku).flatMap(v -> catalog.pricesInForce(v.styleCode(), sku, at, priceList).stream().findFirst())
                .map(JdbcCatalog.PriceInForce::amount);
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

package io.selvedge.catalog;

import io.selvedge.catalog.jdbc.JdbcCatalogFeed;
import io.selvedge.catalog.jdbc.JdbcCatalogFeed.PriceRow;
import io.selvedge.catalog.jdbc.JdbcCatalogFeed.Version;
import io.selvedge.shared.Money;
import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.Outbox;
import io.selvedge.shared.WriteTransactions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * What a POS reads to stay in step with the back office: a consistent snapshot as of a revision in keyset
 * pages, the changes after a revision in whole revisions, its acknowledgements, and price.changed for
 * scheduled markdowns when they take effect.
 */
@Service
public class CatalogFeed {

    private final JdbcCatalogFeed feed;
    private final Promotions promotions;
    private final WriteTransactions writes;
    private final Outbox outbox;
    private final Clock clock;

    public CatalogFeed(JdbcCatalogFeed feed, Promotions promotions, WriteTransactions writes, Outbox outbox, Clock clock) {
        this.feed = feed;
        this.promotions = promotions;
        this.writes = writes;
        this.outbox = outbox;
        this.clock = clock;
    }

    public long currentRevision() {
        return feed.currentRevision();
    }

    /**
     * One page of the catalogue as it stood at {@code asOf}: versions are immutable and later revisions are
     * ignored, so a POS paging while styles are re-published still sees every variant of that state exactly once.
     */
    public Map<String, Object> snapshot(long asOf, String cursor, int limit) {
        List<Version> page = feed.snapshot(asOf, cursor == null ? "" : cursor, limit + 1);
        boolean more = page.size() > limit;
        if (more) {
            page = page.subList(0, limit);
        }
        Map<String, List<Map<String, Object>>> prices = pricesOf(page, asOf);
        List<Map<String, Object>> variants = new ArrayList<>();
        for (Version v : page) {
            Map<String, Object> row = describe(v);
            row.put("prices", prices.getOrDefault(v.sku(), List.of()));
            variants.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("asOf", asOf);
        body.put("variants", variants);
        body.put("nextCursor", more ? page.get(page.size() - 1).sku() : null);
        if (cursor == null || cursor.isEmpty()) {
            body.put("promotions", promotions.asOf(asOf)); // promotions reach the POS like prices, on the first page
        }
        return body;
    }

    /** What changed after {@code after}, in whole revisions (a revision is never split across pages). */
    public Map<String, Object> changes(long after, int limit) {
        long committed = feed.currentRevision(); // read first: every revision up to it is visible to the query below
        List<Version> rows = feed.changes(after, limit + 1);
        if (rows.size() > limit) {
            long last = rows.get(rows.size() - 1).revision();
            List<Version> complete = rows.stream().filter(v -> v.revision() != last).toList();
            rows = complete.isEmpty() ? feed.changesAt(last) : complete;
        }
        // a revision with no variant rows (a promotion) still moves the feed on
        long through = rows.isEmpty() ? Math.max(after, Math.min(committed, after + limit)) : rows.get(rows.size() - 1).revision();
        List<Map<String, Object>> changes = new ArrayList<>();
        Set<String> skus = new LinkedHashSet<>();
        rows.forEach(v -> skus.add(v.sku()));
        Map<String, Long> firstRevision = feed.firstRevisions(skus);
        for (Version v : rows) {
            Map<String, Object> row = describe(v);
            boolean discontinued = !"ACTIVE".equals(v.status());
            boolean first = firstRevision.getOrDefault(v.sku(), 0L) == v.revision();
            row.put("change", discontinued ? "DISCONTINUED" : first ? "NEW" : "CHANGED");
            changes.add(row);
        }
        List<Map<String, Object>> priceChanges = new ArrayList<>();
        for (PriceRow p : feed.pricesPublishedBetween(after, through)) {
            Map<String, Object> row = price(p);
            row.put("revision", p.revision());
            row.put("styleCode", p.styleCode());
            row.put("sku", p.sku());
            priceChanges.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("after", after);
        body.put("changes", changes);
        body.put("priceChanges", priceChanges);
        body.put("promotionChanges", promotions.publishedBetween(after, through));
        body.put("next", through);
        return body;
    }

    public void acknowledge(String location, long revision, String by) {
        writes.write(() -> {
            feed.ack(location, revision, by, clock.instant());
            return null;
        });
    }

    /** Every location with the revision it last acknowledged and how many revisions it is behind. */
    public List<Map<String, Object>> acknowledgements(List<String> locations) {
        long current = feed.currentRevision();
        Map<String, Object[]> acks = feed.acks();
        List<Map<String, Object>> rows = new ArrayList<>();
        Set<String> all = new LinkedHashSet<>(locations);
        all.addAll(acks.keySet());
        for (String location : all) {
            Object[] ack = acks.get(location);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("location", location);
            row.put("revision", ack == null ? null : ack[0]);
            row.put("currentRevision", current);
            row.put("revisionsBehind", ack == null ? null : feed.revisionsAfter((Long) ack[0]));
            row.put("ackedAt", ack == null ? null : ack[1].toString());
            rows.add(row);
        }
        return rows;
    }

    /** Announces scheduled prices whose moment has come: one coalesced price.changed per style. Returns how many. */
    public int announceDueMarkdowns(int limit) {
        return writes.write(() -> {
            Instant now = clock.instant();
            List<PriceRow> due = feed.markdownsDue(now, limit);
            Map<String, List<PriceRow>> byStyle = new TreeMap<>();
            due.forEach(p -> byStyle.computeIfAbsent(p.styleCode(), s -> new ArrayList<>()).add(p));
            long revision = feed.currentRevision();
            for (Map.Entry<String, List<PriceRow>> style : byStyle.entrySet()) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("styleCode", style.getKey());
                data.put("revision", revision);
                data.put("reason", "scheduled");
                data.put("prices", style.getValue().stream().map(p -> {
                    Map<String, Object> row = price(p);
                    row.put("sku", p.sku());
                    return row;
                }).toList());
                Instant effective = style.getValue().stream().map(PriceRow::effectiveFrom).max(Comparator.naturalOrder()).orElse(now);
                outbox.append(new OutgoingEvent("price.changed", "catalog", null, effective, data));
                style.getValue().forEach(p -> feed.announce(p.id(), now));
            }
            return due.size();
        });
    }

    public boolean anyMarkdownDue() {
        return feed.anyMarkdownDue(clock.instant());
    }

    /** Price schedule rows of the page's variants: their own rows, then their style's, the latest publish winning. */
    private Map<String, List<Map<String, Object>>> pricesOf(List<Version> page, long asOf) {
        Set<String> styles = new LinkedHashSet<>();
        page.forEach(v -> styles.add(v.styleCode()));
        Map<String, PriceRow> latest = new LinkedHashMap<>();
        for (PriceRow p : feed.prices(styles, asOf)) {
            latest.put(p.styleCode() + "|" + p.sku() + "|" + p.priceList() + "|" + p.effectiveFrom(), p); // ordered by id
        }
        Map<String, List<Map<String, Object>>> bySku = new HashMap<>();
        for (Version v : page) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (PriceRow p : latest.values()) {
                if (p.styleCode().equals(v.styleCode()) && (p.sku() == null || p.sku().equals(v.sku()))) {
                    Map<String, Object> row = price(p);
                    row.put("level", p.sku() == null ? "STYLE" : "VARIANT");
                    rows.add(row);
                }
            }
            bySku.put(v.sku(), rows);
        }
        return bySku;
    }

    private static Map<String, Object> describe(Version v) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("sku", v.sku());
        row.put("gtin", v.gtin());
        row.put("styleCode", v.styleCode());
        row.put("styleName", v.styleName());
        row.put("season", v.season());
        row.put("category", v.category());
        row.put("taxClass", v.taxClass());
        row.put("colour", v.colour());
        row.put("size", v.size());
        row.put("status", v.status());
        row.put("revision", v.revision());
        return row;
    }

    private static Map<String, Object> price(PriceRow p) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("priceList", p.priceList());
        row.put("currency", p.currency());
        row.put("amount", new Money(p.amountMinor(), Currency.getInstance(p.currency())).toDecimalString());
        row.put("effectiveFrom", p.effectiveFrom().toString());
        row.put("effectiveTo", p.effectiveTo() == null ? null : p.effectiveTo().toString());
        return row;
    }
}

package io.selvedge.catalog;

import io.selvedge.catalog.jdbc.JdbcCatalogFeed;
import io.selvedge.catalog.jdbc.JdbcCatalogFeed.PriceRow;
import io.selvedge.catalog.jdbc.JdbcCatalogFeed.Version;
import io.selvedge.catalog.jdbc.SnapshotLines;
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
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;

/**
 * What a POS reads to stay in step with the back office: a consistent snapshot as of a revision in keyset
 * pages, the changes after a revision in whole revisions, its acknowledgements, and price.changed for
 * scheduled markdowns when they take effect.
 */
@Service
public class CatalogFeed {

    private final JdbcCatalogFeed feed;
    private final SnapshotLines lines;
    private final Promotions promotions;
    private final WriteTransactions writes;
    private final Outbox outbox;
    private final Clock clock;

    /** Version rows read at a time by the NDJSON snapshot: about 4 MB of lines. */
    private static final int SNAPSHOT_STRETCH = 10_000;

    /** Read the next stretch of an NDJSON snapshot while the current one is written (daemon threads, made as needed). */
    private final java.util.concurrent.ExecutorService snapshotReaders = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "selvedge-snapshot-reader");
        thread.setDaemon(true);
        return thread;
    });

    public CatalogFeed(JdbcCatalogFeed feed, SnapshotLines lines, Promotions promotions, WriteTransactions writes, Outbox outbox, Clock clock) {
        this.feed = feed;
        this.lines = lines;
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
        List<Version> page = new ArrayList<>();
        String after = cursor == null ? "" : cursor;
        boolean more = false;
        while (true) {
            JdbcCatalogFeed.Scan scan = feed.scan(asOf, after, 2 * (limit + 1)); // room for older versions and discontinued SKUs
            for (Version v : scan.newest()) {
                if ("ACTIVE".equals(v.status())) {
                    if (page.size() == limit) {
                        more = true;
                        break;
                    }
                    page.add(v);
                }
            }
            if (more || scan.end()) {
                break;
            }
            after = scan.lastSku();
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

    /** Price schedule rows of the page's variants, as JSON. */
    private Map<String, List<Map<String, Object>>> pricesOf(List<Version> page, long asOf) {
        Map<String, List<Map<String, Object>>> bySku = new HashMap<>();
        priceRowsOf(page, asOf).forEach((sku, rows) -> bySku.put(sku, rows.stream().map(p -> {
            Map<String, Object> row = price(p);
            row.put("level", p.sku() == null ? "STYLE" : "VARIANT");
            return row;
        }).toList()));
        return bySku;
    }

    /**
     * Price schedule rows of the page's variants, by SKU: their style's rows and their own, in publish order, the latest
     * publish winning for a (list, effectiveFrom). One query for the page, grouped by style and by SKU in one pass.
     */
    private Map<String, List<PriceRow>> priceRowsOf(List<Version> page, long asOf) {
        Set<String> styles = new LinkedHashSet<>();
        page.forEach(v -> styles.add(v.styleCode()));
        Map<String, List<PriceRow>> styleLevel = new HashMap<>();
        Map<String, List<PriceRow>> variantLevel = new HashMap<>();
        for (PriceRow p : feed.prices(styles, asOf)) { // in id order: publish order
            List<PriceRow> rows = p.sku() == null ? styleLevel.computeIfAbsent(p.styleCode(), k -> new ArrayList<>(2))
                    : variantLevel.computeIfAbsent(p.sku(), k -> new ArrayList<>(2)); // a SKU belongs to one style
            rows.removeIf(earlier -> earlier.priceList().equals(p.priceList()) && earlier.effectiveFrom().equals(p.effectiveFrom()));
            rows.add(p);
        }
        Map<String, List<PriceRow>> bySku = new HashMap<>(page.size() * 2);
        for (Version v : page) {
            List<PriceRow> own = variantLevel.getOrDefault(v.sku(), List.of());
            List<PriceRow> ofStyle = styleLevel.getOrDefault(v.styleCode(), List.of());
            if (own.isEmpty() || ofStyle.isEmpty()) {
                bySku.put(v.sku(), own.isEmpty() ? ofStyle : own);
            } else {
                List<PriceRow> rows = new ArrayList<>(own.size() + ofStyle.size());
                rows.addAll(ofStyle);
                rows.addAll(own);
                rows.sort(Comparator.comparingLong(PriceRow::id)); // publish order
                bySku.put(v.sku(), rows);
            }
        }
        return bySku;
    }

    /**
     * The whole catalogue as of {@code asOf} as NDJSON: one variant a line, shaped as a snapshot page's variants, in SKU
     * order. Read a stretch of SKUs at a time, each stretch as of the same revision, so it is as consistent as the paged
     * snapshot, and it holds two stretches in memory however large the catalogue: a reader thread reads the next stretch
     * while this thread writes the lines of the current one and sends them. A stretch's connection is given back before
     * its lines are sent, so a slow client holds no database connection. Answers how many variants it wrote.
     */
    public long writeSnapshot(long asOf, java.io.OutputStream out) {
        return writeSnapshot(asOf, out, SNAPSHOT_STRETCH);
    }

    long writeSnapshot(long asOf, java.io.OutputStream out, int stretchRows) {
        SnapshotLines.Reader reader = lines.reader(asOf);
        long written = 0;
        byte[] buffer = null;
        CompletableFuture<SnapshotLines.Stretch> next = CompletableFuture.supplyAsync(() -> reader.read("", stretchRows), snapshotReaders);
        try {
            while (true) {
                SnapshotLines.Stretch stretch = join(next);
                if (!stretch.end()) {
                    next = CompletableFuture.supplyAsync(() -> reader.read(stretch.lastSku(), stretchRows), snapshotReaders);
                }
                SnapshotLines.Lines text = reader.write(stretch, buffer);
                out.write(text.bytes(), 0, text.length());
                out.flush();
                written += text.variants();
                buffer = text.bytes();
                if (stretch.end()) {
                    break;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return written;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
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

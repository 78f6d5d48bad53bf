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
    private final Promotions promotions;
    private final WriteTransactions writes;
    private final Outbox outbox;
    private final Clock clock;

    /** Version rows read at a time by the NDJSON snapshot. */
    private static final int SNAPSHOT_STRETCH = 10_000;

    /** Read the next stretch of an NDJSON snapshot while the current one is written (daemon threads, made as needed). */
    private final java.util.concurrent.ExecutorService snapshotReaders = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "selvedge-snapshot-reader");
        thread.setDaemon(true);
        return thread;
    });

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
     * The whole catalogue as of {@code asOf} as NDJSON: one variant a line, shaped as a snapshot page's variants. Read in
     * SKU order a stretch at a time, each stretch as of the same revision, so it is as consistent as the paged snapshot
     * and holds two stretches in memory however large the catalogue: the next stretch is read while this one is written.
     * Answers how many variants it wrote.
     */
    public long writeSnapshot(long asOf, java.io.OutputStream out) {
        long written = 0;
        try (java.io.OutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16)) {
            VariantLines lines = new VariantLines(buffered);
            CompletableFuture<Stretch> next = CompletableFuture.supplyAsync(() -> stretch(asOf, ""), snapshotReaders);
            while (true) {
                Stretch stretch = join(next);
                if (!stretch.end()) {
                    next = CompletableFuture.supplyAsync(() -> stretch(asOf, stretch.lastSku()), snapshotReaders);
                }
                for (Version v : stretch.variants()) {
                    lines.write(v, stretch.prices().getOrDefault(v.sku(), List.of()));
                    written++;
                }
                if (stretch.end()) {
                    break;
                }
                buffered.flush();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return written;
    }

    /** Active variants of one stretch of a snapshot with their price rows, and where the next stretch starts. */
    private record Stretch(List<Version> variants, Map<String, List<PriceRow>> prices, String lastSku, boolean end) {
    }

    private Stretch stretch(long asOf, String after) {
        JdbcCatalogFeed.Scan scan = feed.scan(asOf, after, SNAPSHOT_STRETCH);
        List<Version> active = scan.newest().stream().filter(v -> "ACTIVE".equals(v.status())).toList();
        return new Stretch(active, priceRowsOf(active, asOf), scan.lastSku(), scan.end());
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * Writes snapshot variants as NDJSON lines, shaped as {@link #describe} and {@link #price} shape them. A line is
     * assembled in one buffer, strings escaped by Jackson's encoder, and amounts and instants, which repeat across a
     * catalogue, formatted once per stream: a million lines cost little more than the bytes they are.
     */
    private static final class VariantLines {
        private static final tools.jackson.core.io.JsonStringEncoder ESCAPE = tools.jackson.core.io.JsonStringEncoder.getInstance();
        private static final int CACHED = 4096;

        private final java.io.OutputStream out;
        private final StringBuilder line = new StringBuilder(1024);
        private final Map<String, Map<Long, String>> amounts = new HashMap<>();
        private final Map<Instant, String> instants = new HashMap<>();

        VariantLines(java.io.OutputStream out) {
            this.out = out;
        }

        void write(Version v, List<PriceRow> prices) throws java.io.IOException {
            line.setLength(0);
            line.append('{');
            string("sku", v.sku(), false);
            string("gtin", v.gtin(), true);
            string("styleCode", v.styleCode(), true);
            string("styleName", v.styleName(), true);
            string("season", v.season(), true);
            string("category", v.category(), true);
            string("taxClass", v.taxClass(), true);
            string("colour", v.colour(), true);
            string("size", v.size(), true);
            string("status", v.status(), true);
            line.append(",\"revision\":").append(v.revision()).append(",\"prices\":[");
            for (int i = 0; i < prices.size(); i++) {
                PriceRow p = prices.get(i);
                line.append(i == 0 ? "{" : ",{");
                string("priceList", p.priceList(), false);
                string("currency", p.currency(), true);
                string("amount", amount(p.currency(), p.amountMinor()), true);
                string("effectiveFrom", instant(p.effectiveFrom()), true);
                string("effectiveTo", p.effectiveTo() == null ? null : instant(p.effectiveTo()), true);
                string("level", p.sku() == null ? "STYLE" : "VARIANT", true);
                line.append('}');
            }
            line.append("]}\n");
            out.write(line.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        private void string(String name, String value, boolean comma) {
            if (comma) {
                line.append(',');
            }
            line.append('"').append(name).append("\":");
            if (value == null) {
                line.append("null");
            } else {
                line.append('"');
                if (plain(value)) {
                    line.append(value); // codes, sizes, names without quotes or control characters: most of a catalogue
                } else {
                    ESCAPE.quoteAsString(value, line);
                }
                line.append('"');
            }
        }

        /** Printable ASCII with nothing JSON escapes. */
        private static boolean plain(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    return false;
                }
            }
            return true;
        }

        private String amount(String currency, long minor) {
            Map<Long, String> ofCurrency = amounts.computeIfAbsent(currency, c -> new HashMap<>());
            String text = ofCurrency.get(minor);
            if (text == null) {
                text = new Money(minor, Currency.getInstance(currency)).toDecimalString();
                if (ofCurrency.size() >= CACHED) {
                    ofCurrency.clear();
                }
                ofCurrency.put(minor, text);
            }
            return text;
        }

        private String instant(Instant at) {
            String text = instants.get(at);
            if (text == null) {
                text = at.toString();
                if (instants.size() >= CACHED) {
                    instants.clear();
                }
                instants.put(at, text);
            }
            return text;
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

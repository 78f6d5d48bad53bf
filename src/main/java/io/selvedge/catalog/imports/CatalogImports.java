package io.selvedge.catalog.imports;

import io.selvedge.catalog.Catalog;
import io.selvedge.catalog.PublishStyle;
import io.selvedge.catalog.domain.Gtin;
import io.selvedge.catalog.web.StyleRequest;
import io.selvedge.catalog.web.StyleRules;
import io.selvedge.contract.Contract;
import io.selvedge.shared.FieldError;
import io.selvedge.shared.Money;
import io.selvedge.shared.ProblemException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams a bulk catalogue import (CSV in the documented layout or a Shopify export, or NDJSON with one style
 * a line) without holding the file in memory. Rows are grouped by style (a style's rows must be contiguous),
 * checked, and committed in chunks: each chunk is one catalogue revision written together with the import's
 * progress and the chunk's row errors, so a crashed import resumes after its last committed line and nothing
 * is applied twice.
 */
@Service
public class CatalogImports {

    private static final Logger log = LoggerFactory.getLogger(CatalogImports.class);

    private final Catalog catalog;
    private final JdbcImports imports;
    private final io.selvedge.shared.WriteTransactions writes;
    private final StyleRules rules;
    private final JsonMapper json;
    private final Contract contract;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final io.selvedge.shared.Leases leases;
    /** An import that accepted this many rows refreshes the database's statistics of the catalogue. */
    private static final long STATISTICS_AFTER_ROWS = 10_000;
    /** Write an import's chunk while the request thread reads the next (daemon threads, made as needed). */
    private final java.util.concurrent.ExecutorService chunkWriters = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "selvedge-import-chunk");
        thread.setDaemon(true);
        return thread;
    });

    public CatalogImports(Catalog catalog, JdbcImports imports, io.selvedge.shared.WriteTransactions writes, JsonMapper json,
                          Contract contract, io.selvedge.shared.Leases leases) {
        this.leases = leases;
        this.catalog = catalog;
        this.imports = imports;
        this.writes = writes;
        this.rules = new StyleRules(json, contract);
        this.json = json;
        this.contract = contract;
    }

    /** Runs (or resumes, or replays the report of) import {@code importId}. */
    public Map<String, Object> run(String importId, String format, InputStream body, String by, String currency, int chunkRows) {
        // An empty body is refused before anything is claimed or started (not even the import's lease), so it leaves
        // nothing behind.
        body = nonEmpty(body);
        if (!running.add(importId)) {
            throw new ProblemException(io.selvedge.shared.ErrorCode.STATE_CONFLICT, "Import '" + importId + "' is running; poll it");
        }
        // One instance of several runs an import: the one holding its lease, renewed while it runs. If that instance
        // dies, the lease expires (selvedge.instances.lease-ttl) and the same file posted to any instance resumes after
        // the last committed line; a chunk commits only while its lease stands, so a run that lost it adds nothing.
        java.util.Optional<io.selvedge.shared.Leases.Lease> lease = leases.tryAcquire("catalog.import:" + importId);
        if (lease.isEmpty()) {
            running.remove(importId);
            throw new ProblemException(io.selvedge.shared.ErrorCode.STATE_CONFLICT, "Import '" + importId
                    + "' is running on another hub instance; poll it (if that instance stopped, post it again after a few seconds to resume)");
        }
        try {
            JdbcImports.Progress progress = imports.start(importId, format, by);
            if (!progress.done()) {
                Run run = new Run(importId, progress, by, chunkRows, lease.get().fence());
                try {
                    if (format.equals("ndjson")) {
                        run.ndjson(body);
                    } else {
                        // a Shopify export carries no price list: its prices go on the list every channel sells from
                        String defaultList = contract.priceListFor(null, java.util.Currency.getInstance(currency))
                                .orElse("retail-" + currency.toLowerCase(java.util.Locale.ROOT));
                        CsvRows rows = new CsvRows(body, currency, defaultList);
                        imports.format(importId, rows.format());
                        run.csv(rows);
                    }
                    run.finish();
                } finally {
                    run.awaitWritten(); // even when the upload broke off: its last chunk's progress is in before anyone resumes
                }
            }
            return imports.report(importId).orElseThrow();
        } finally {
            lease.get().release();
            running.remove(importId);
        }
    }

    private static InputStream nonEmpty(InputStream body) {
        java.io.PushbackInputStream peek = new java.io.PushbackInputStream(body, 1);
        try {
            int first = peek.read();
            if (first < 0) {
                throw ProblemException.invalid("body", "is empty: an import starts with a header line (CSV) or a style document (NDJSON)");
            }
            peek.unread(first);
            return peek;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The state of one import while it runs or after: counts, last committed line, row errors. */
    public java.util.Optional<Map<String, Object>> report(String importId) {
        return imports.report(importId);
    }

    /** The first column of a row holding what looks like a card number (a GTIN may pass the test: it is skipped). */
    private static String cardNumberIn(ImportRow row) {
        String[][] cells = {{"style", row.style()}, {"name", row.name()}, {"colour", row.colour()}, {"size", row.size()}, {"sku", row.sku()},
                {"season", row.season()}, {"category", row.category()}, {"taxClass", row.taxClass()}, {"priceList", row.priceList()},
                {"currency", row.currency()}, {"price", row.price()}, {"effectiveFrom", row.effectiveFrom()}};
        for (String[] cell : cells) {
            if (cell[1] != null && io.selvedge.shared.CardNumbers.containsCardNumber(cell[1])) {
                return cell[0];
            }
        }
        return null;
    }

    /** An NDJSON line with its "gtin" values blanked, for the card-number check. */
    private static String withoutGtins(String text) {
        return GTIN_VALUE.matcher(text).replaceAll("\"gtin\":\"\"");
    }

    private static final java.util.regex.Pattern GTIN_VALUE = java.util.regex.Pattern.compile("\"gtin\"\\s*:\\s*(\"[^\"]*\"|[0-9]+)");

    /** One pass over an import's rows, keeping at most one chunk in memory. */
    private final class Run {
        private final String importId;
        private final String by;
        private final int chunkRows;
        private final long resumeAfter;
        private final io.selvedge.shared.Leases.Fence fence;
        private final Map<String, Long> styleStarts = new HashMap<>();
        private final List<Group> chunk = new ArrayList<>();
        private final List<JdbcImports.RowError> chunkErrors = new ArrayList<>();
        private Group current;
        private int chunkSize;
        private long lastLine;
        private long refusedRows;
        private long acceptedRows;
        private CompletableFuture<Long> inFlight;

        Run(String importId, JdbcImports.Progress progress, String by, int chunkRows, io.selvedge.shared.Leases.Fence fence) {
            this.fence = fence;
            this.importId = importId;
            this.by = by;
            this.chunkRows = chunkRows;
            this.resumeAfter = progress.lastLine();
            this.lastLine = progress.lastLine();
        }

        void csv(Iterator<ImportRow> rows) {
            while (true) {
                ImportRow row;
                try {
                    if (!rows.hasNext()) {
                        break;
                    }
                    row = rows.next();
                } catch (tools.jackson.core.exc.JacksonIOException broken) {
                    throw broken; // the upload broke off: leave the import RUNNING, to be resumed
                } catch (JacksonException e) {
                    // the parser's own message quotes the cell; a cell may hold anything, a card number included
                    refuse(lastLine + 1, "$", "is not valid CSV: more cells than the header, or a quote left open");
                    break;
                }
                if (row.line() <= resumeAfter) {
                    continue;
                }
                lastLine = row.line();
                String carded = cardNumberIn(row);
                if (carded != null) {
                    refuse(row.line(), carded, "holds what looks like a full card number; the row was not imported");
                    continue;
                }
                List<FieldError> errors = check(row);
                if (!errors.isEmpty()) {
                    errors.forEach(e -> refuse(row.line(), e.field(), e.message()));
                    continue;
                }
                if (current == null || !current.style.equals(row.style())) {
                    Long began = styleStarts.putIfAbsent(row.style(), row.line());
                    if (began != null) {
                        refuse(row.line(), "style", "rows of style " + row.style() + " must be contiguous (it began at line " + began + ")");
                        continue;
                    }
                    if (chunkSize >= chunkRows) {
                        commit(row.line() - 1); // this row starts the next chunk
                    }
                    current = new Group(row.style(), row.line());
                    chunk.add(current);
                }
                ImportRow twin = current.rows.stream().filter(r -> r.sku().equals(row.sku())
                        || r.colour().equals(row.colour()) && r.size().equals(row.size())).findFirst().orElse(null);
                if (twin != null) {
                    refuse(row.line(), twin.sku().equals(row.sku()) ? "sku" : "size",
                            "repeats the variant of line " + twin.line() + " (" + twin.sku() + ")");
                    continue;
                }
                current.rows.add(row);
                chunkSize++;
            }
        }

        void ndjson(InputStream body) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String text;
                long line = 0;
                while ((text = reader.readLine()) != null) {
                    line++;
                    if (line <= resumeAfter || text.isBlank()) {
                        continue;
                    }
                    lastLine = line;
                    if (io.selvedge.shared.CardNumbers.containsCardNumber(withoutGtins(text))) {
                        refuse(line, "$", "holds what looks like a full card number; the line was not imported");
                        continue;
                    }
                    try {
                        JsonNode node = json.readTree(text);
                        String code = node.path("styleCode").asString(null);
                        if (code == null || code.isBlank()) {
                            refuse(line, "styleCode", "is required");
                            continue;
                        }
                        Group group = new Group(code, line);
                        group.document = json.treeToValue(node, StyleRequest.class);
                        chunk.add(group);
                        chunkSize += Math.max(1, group.document.variants() == null ? 1 : group.document.variants().size());
                    } catch (JacksonException e) {
                        refuse(line, e.getPath().isEmpty() ? "$" : io.selvedge.shared.JsonBodies.path(e.getPath()), "has the wrong type or is not JSON");
                        continue;
                    }
                    if (chunkSize >= chunkRows) {
                        commit(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void finish() {
            commit(lastLine);
            awaitWritten();
            imports.finish(importId);
            if (acceptedRows >= STATISTICS_AFTER_ROWS) {
                // a bulk load outdates the planner's idea of the catalogue's size; refreshed after answering, not before
                CompletableFuture.runAsync(imports::refreshStatistics, chunkWriters).exceptionally(e -> {
                    log.warn("event=catalog.statistics-refresh-failed error={}", e.toString());
                    return null;
                });
            }
            log.info("event=catalog.import-done import={} lastLine={} accepted={}", importId, lastLine, acceptedRows);
        }

        /** Waits for the chunk being written, if any; its failure is this import's. */
        void awaitWritten() {
            CompletableFuture<Long> pending = inFlight;
            inFlight = null;
            if (pending != null) {
                try {
                    acceptedRows += pending.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
        }

        private void refuse(long line, String field, String reason) {
            chunkErrors.add(new JdbcImports.RowError(line, field, reason));
            refusedRows++;
        }

        /** One revision for the chunk, written with the import's progress (through {@code through}) and the chunk's errors. */
        private void commit(long through) {
            List<PublishStyle> styles = new ArrayList<>();
            Map<String, Group> byStyle = new LinkedHashMap<>();
            for (Group group : chunk) {
                try {
                    PublishStyle style = rules.check(group.style, group.request(), by);
                    styles.add(style);
                    byStyle.put(group.style, group);
                } catch (ProblemException e) {
                    for (FieldError error : e.errors()) {
                        refuse(group.lineOf(error.field()), error.field(), error.message());
                    }
                }
            }
            List<JdbcImports.RowError> errors = new ArrayList<>(chunkErrors);
            long refused = refusedRows;
            // one chunk is written while the next is read and checked; chunks still commit one after another, in order
            awaitWritten();
            inFlight = CompletableFuture.supplyAsync(() -> writes.write(() -> {
                Catalog.BatchPublished published = styles.isEmpty() ? new Catalog.BatchPublished(0, 0, Map.of())
                        : catalog.publishAll(styles, by, "import " + importId);
                List<JdbcImports.RowError> all = new ArrayList<>(errors);
                long refusedHere = refused;
                for (Map.Entry<String, List<FieldError>> style : published.refused().entrySet()) {
                    Group group = byStyle.get(style.getKey());
                    for (FieldError error : style.getValue()) {
                        all.add(new JdbcImports.RowError(group.lineOf(error.field()), error.field(), error.message()));
                    }
                    refusedHere += group.rowCount();
                }
                long acceptedHere = 0;
                for (Group group : byStyle.values()) {
                    if (!published.refused().containsKey(group.style)) {
                        acceptedHere += group.rowCount();
                    }
                }
                imports.progress(importId, through, acceptedHere, refusedHere, published.published(), published.revision(), all, fence);
                return acceptedHere;
            }), chunkWriters);
            chunk.clear();
            chunkErrors.clear();
            chunkSize = 0;
            refusedRows = 0;
            current = null;
        }
    }

    /** Row-level checks, before grouping: a bad row is refused alone, its style still imports. */
    private List<FieldError> check(ImportRow row) {
        List<FieldError> errors = new ArrayList<>();
        if (row.style() == null) {
            errors.add(new FieldError("style", "is required"));
        }
        if (row.sku() == null) {
            errors.add(new FieldError("sku", "is required"));
        }
        if (row.colour() == null) {
            errors.add(new FieldError("colour", "is required"));
        }
        if (row.size() == null) {
            errors.add(new FieldError("size", "is required"));
        }
        if (row.gtin() != null) {
            try {
                Gtin.of(row.gtin());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("gtin", e.getMessage()));
            }
        }
        if (row.taxClass() != null && !contract.knowsTaxClass(row.taxClass())) {
            errors.add(new FieldError("taxClass", "is not a tax class of the contract: '" + row.taxClass() + "'"));
        }
        if (row.price() != null) {
            Currency currency = null;
            try {
                currency = Currency.getInstance(row.currency() == null ? "USD" : row.currency());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("currency", "is not an ISO 4217 currency code"));
            }
            if (currency != null) {
                try {
                    Money.parse(row.price(), currency);
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("price", e.getMessage() == null ? "is not an amount in " + currency : e.getMessage()));
                }
            }
            if (row.priceList() == null) {
                errors.add(new FieldError("priceList", "is required with a price"));
            } else if (!contract.knowsPriceList(row.priceList())) {
                errors.add(new FieldError("priceList", "is not a price list of the contract: '" + row.priceList() + "'"));
            } else if (row.currency() != null) {
                contract.priceList(row.priceList()).filter(l -> !l.currency().getCurrencyCode().equals(row.currency())).ifPresent(l ->
                        errors.add(new FieldError("currency", "must be " + l.currency().getCurrencyCode() + ", the currency of price list "
                                + l.code())));
            }
        }
        if (row.effectiveFrom() != null) {
            try {
                Instant.parse(row.effectiveFrom());
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("effectiveFrom", "must be an instant such as 2026-11-01T00:00:00Z"));
            }
        }
        return errors;
    }

    /** A style's contiguous rows (CSV) or its one document (NDJSON). */
    private static final class Group {
        final String style;
        final long firstLine;
        final List<ImportRow> rows = new ArrayList<>();
        StyleRequest document;

        Group(String style, long firstLine) {
            this.style = style;
            this.firstLine = firstLine;
        }

        int rowCount() {
            return document != null ? 1 : rows.size();
        }

        /** The line a field error belongs to: variants[i] is row i of the style; anything else its first line. */
        long lineOf(String field) {
            if (document == null && field.startsWith("variants[")) {
                int index = Integer.parseInt(field.substring(9, field.indexOf(']')));
                if (index < rows.size()) {
                    return rows.get(index).line();
                }
            }
            return firstLine;
        }

        StyleRequest request() {
            if (document != null) {
                return document;
            }
            ImportRow first = rows.get(0);
            Set<String> colours = new LinkedHashSet<>();
            Set<String> sizes = new LinkedHashSet<>();
            List<StyleRequest.Variant> variants = new ArrayList<>();
            for (ImportRow row : rows) {
                colours.add(row.colour());
                sizes.add(row.size());
                List<StyleRequest.Price> prices = row.price() == null ? List.of() : List.of(new StyleRequest.Price(row.priceList(),
                        row.currency() == null ? "USD" : row.currency(), row.price(),
                        row.effectiveFrom() == null ? Instant.EPOCH : Instant.parse(row.effectiveFrom()), null));
                variants.add(new StyleRequest.Variant(row.sku(), row.gtin(), row.colour(), row.size(), prices));
            }
            return new StyleRequest(first.name() == null ? first.style() : first.name(), first.season(),
                    first.category() == null ? "Uncategorised" : first.category(),
                    first.taxClass() == null ? "apparel-standard" : first.taxClass(),
                    colours.stream().map(c -> new StyleRequest.Colour(c, c)).toList(), List.copyOf(sizes), variants, List.of());
        }
    }
}

package io.selvedge.app.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.selvedge.shared.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench catalogue}: the catalogue at apparel scale, each figure beside a baseline measured in the same run on the
 * same database. (a) A million variants imported from a CSV streamed through {@code POST /catalog/imports}, against a plain
 * batched JDBC insert of the same rows into the same tables, with the heap watched; (b) the snapshot of that catalogue
 * streamed as NDJSON, against a plain JDBC export of the same rows written to a stream; (c) a 10,000-variant price change
 * published as one revision.
 */
final class CatalogueBench {

    private static final String ERP = "dev-erp-key";
    private static final String[] COLOURS = {"NAVY", "ECRU", "OLIVE", "BLACK", "RUST"};
    private static final String[] SIZES = {"XXS", "XS", "S", "M", "L", "XL", "2XL", "3XL"};
    /** 5 colours x 8 sizes. */
    private static final int PER_STYLE = COLOURS.length * SIZES.length;
    private static final String[] CATEGORIES = {"Shirts", "Knitwear", "Trousers", "Outerwear", "Dresses"};
    private static final String EFFECTIVE = "2026-01-01T00:00:00Z";
    private static final String MARKDOWN = "2026-11-20T00:00:00Z";
    private static final String HEADER = "style,name,colour,size,sku,gtin,season,category,tax class,price list,currency,price,effective from\n";

    private final String base;
    private final DataSource dataSource;
    private final JsonMapper json;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    CatalogueBench(String base, DataSource dataSource, JsonMapper json, PrintStream out) {
        this.base = base;
        this.dataSource = dataSource;
        this.json = json;
        this.out = out;
    }

    boolean run(int variants, int chunkRows, int repriced) throws Exception {
        int styles = (variants + PER_STYLE - 1) / PER_STYLE;
        variants = styles * PER_STYLE;
        int chunkStyles = Math.max(1, chunkRows / PER_STYLE);
        out.printf(Locale.ROOT, "catalogue: %,d variants = %,d styles x %d (5 colours x 8 sizes), one price each; chunks of %,d rows; max heap %d MB%n",
                variants, styles, PER_STYLE, chunkStyles * PER_STYLE, Runtime.getRuntime().maxMemory() >> 20);
        boolean ok;
        if ("snapshot".equals(System.getProperty("selvedge.bench.only"))) {
            // (b) alone, for work on the snapshot: the catalogue is the baseline insert's rows, the same rows the import writes
            baselineInsert(styles, chunkStyles);
            analyze();
            ok = snapshotScenario(variants);
        } else {
            ok = importScenario(styles, chunkStyles);
            ok &= snapshotScenario(variants);
            ok &= priceChangeScenario(Math.min(styles, (repriced + PER_STYLE - 1) / PER_STYLE));
        }
        if (!Boolean.getBoolean("selvedge.bench.keep")) {
            emptyCatalogue(); // the bench's schema stays behind: leave it small unless asked to keep it for a look
        }
        return ok;
    }

    // --- (a) import ---

    private boolean importScenario(int styles, int chunkStyles) throws Exception {
        long rows = (long) styles * PER_STYLE * 4 + styles + (styles + chunkStyles - 1) / chunkStyles;
        long started = System.nanoTime();
        baselineInsert(styles, chunkStyles);
        double baselineSeconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "(a) baseline: plain batched JDBC insert of the same rows into the same tables (%,d rows: variant, variant_version, "
                + "price, price_announcement, style, catalog_revision), one commit a chunk: %.1f s = %,.0f rows/s = %,.0f variants/s%n",
                rows, baselineSeconds, rows / baselineSeconds, styles * PER_STYLE / baselineSeconds);
        emptyCatalogue();

        HeapWatch heap = new HeapWatch();
        heap.start();
        String importId = "bench-" + Long.toString(System.nanoTime(), 36);
        started = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/catalog/imports?importId=" + importId
                        + "&currency=USD&chunkRows=" + chunkStyles * PER_STYLE))
                .timeout(Duration.ofHours(2)).header("Authorization", "Bearer " + ERP).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new CsvBody(0, styles, false, heap))).build(),
                HttpResponse.BodyHandlers.ofString());
        double hubSeconds = (System.nanoTime() - started) / 1e9;
        heap.stop();
        JsonNode report = json.readTree(response.body());
        long accepted = report.path("rowsAccepted").asLong();
        if (response.statusCode() != 200 || accepted != (long) styles * PER_STYLE) {
            out.println("(a) import failed: " + response.statusCode() + " " + abbreviate(response.body()));
            return false;
        }
        double share = baselineSeconds / hubSeconds;
        out.printf(Locale.ROOT, "(a) hub: POST /catalog/imports, CSV streamed (%,d rows accepted, %,d revisions): %.1f s = %,.0f rows/s = %,.0f variants/s "
                        + "= %.0f%% of the baseline (target >= 50%%: %s)%n",
                accepted, report.path("lastRevision").asLong(), hubSeconds, rows / hubSeconds, accepted / hubSeconds, 100 * share,
                share >= 0.5 ? "met" : "NOT met");
        out.printf(Locale.ROOT, "(a) heap during the import: max used %d MB of %d MB; left after each collection, least-most MB per tenth of the import: "
                + "%s; after a full collection once it is over: %d MB%n", heap.maxUsed() >> 20, Runtime.getRuntime().maxMemory() >> 20,
                heap.afterGcByTenth(), HeapWatch.liveAfterFullGc() >> 20);
        return true;
    }

    /** The same rows the hub writes for the catalogue, written with plain JDBC batches, one commit a chunk of styles. */
    private void baselineInsert(int styles, int chunkStyles) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement revision = c.prepareStatement(
                    "INSERT INTO catalog_revision (revision, published_at, published_by, description) VALUES (?, ?, ?, ?)");
                 PreparedStatement style = c.prepareStatement(
                         "INSERT INTO style (style_code, name, season, category, tax_class, colours, sizes, body_hash, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement variant = c.prepareStatement(
                         "INSERT INTO variant (sku, style_code, gtin14, gtin, colour, size, status, revision) VALUES (?, ?, ?, ?, ?, ?, 'ACTIVE', ?)");
                 PreparedStatement version = c.prepareStatement("""
                         INSERT INTO variant_version (sku, revision, style_code, style_name, season, category, tax_class, gtin, colour, size,
                             size_position, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE')""");
                 PreparedStatement price = c.prepareStatement("""
                         INSERT INTO price (id, style_code, sku, price_list, currency, amount_minor, effective_from, effective_to, revision)
                         VALUES (?, ?, ?, 'retail-usd', 'USD', ?, ?, NULL, ?)""");
                 PreparedStatement announcement = c.prepareStatement("INSERT INTO price_announcement (price_id, announced_at) VALUES (?, ?)")) {
                OffsetDateTime from = OffsetDateTime.parse(EFFECTIVE);
                OffsetDateTime now = OffsetDateTime.parse("2026-11-27T00:00:00Z"); // any instant: the baseline's rows only need one
                String colours = coloursJson();
                String sizes = sizesJson();
                long priceId = 0;
                for (int first = 0, rev = 1; first < styles; first += chunkStyles, rev++) {
                    revision.setLong(1, rev);
                    revision.setObject(2, now);
                    revision.setString(3, "bench");
                    revision.setString(4, "baseline");
                    revision.executeUpdate();
                    for (int s = first; s < Math.min(styles, first + chunkStyles); s++) {
                        String code = styleCode(s);
                        style.setString(1, code);
                        style.setString(2, "Style " + s);
                        style.setString(3, "FW26");
                        style.setString(4, category(s));
                        style.setString(5, "apparel-standard");
                        style.setString(6, colours);
                        style.setString(7, sizes);
                        style.setString(8, Hashing.sha256Hex(code));
                        style.setLong(9, rev);
                        style.addBatch();
                        for (int v = 0; v < PER_STYLE; v++) {
                            int i = s * PER_STYLE + v;
                            String sku = sku(i);
                            String gtin = gtin(i);
                            variant.setString(1, sku);
                            variant.setString(2, code);
                            variant.setString(3, "0" + gtin);
                            variant.setString(4, gtin);
                            variant.setString(5, COLOURS[v / SIZES.length]);
                            variant.setString(6, SIZES[v % SIZES.length]);
                            variant.setLong(7, rev);
                            variant.addBatch();
                            version.setString(1, sku);
                            version.setLong(2, rev);
                            version.setString(3, code);
                            version.setString(4, "Style " + s);
                            version.setString(5, "FW26");
                            version.setString(6, category(s));
                            version.setString(7, "apparel-standard");
                            version.setString(8, gtin);
                            version.setString(9, COLOURS[v / SIZES.length]);
                            version.setString(10, SIZES[v % SIZES.length]);
                            version.setInt(11, v % SIZES.length);
                            version.addBatch();
                            price.setLong(1, ++priceId);
                            price.setString(2, code);
                            price.setString(3, sku);
                            price.setLong(4, priceMinor(s, false));
                            price.setObject(5, from);
                            price.setLong(6, rev);
                            price.addBatch();
                            announcement.setLong(1, priceId);
                            announcement.setObject(2, now);
                            announcement.addBatch();
                        }
                    }
                    style.executeBatch();
                    variant.executeBatch();
                    version.executeBatch();
                    price.executeBatch();
                    announcement.executeBatch();
                    c.commit();
                }
            }
            c.setAutoCommit(true);
        }
    }

    /** Fresh planner statistics after a bulk load, as the import refreshes them. */
    private void analyze() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            if (c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                s.execute("ANALYZE variant_version, price, variant, style");
            } else {
                s.execute("ANALYZE");
            }
        }
    }

    /** Removes the baseline's rows, so the hub imports into the same, empty tables. */
    private void emptyCatalogue() throws SQLException {
        List<String> tables = List.of("price_schedule", "price_announcement", "variant_version", "price", "variant", "style", "catalog_revision");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            if (c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                s.execute("TRUNCATE " + String.join(", ", tables) + " CASCADE"); // and the (empty) promotion tables that refer to revisions
            } else {
                for (String table : tables) {
                    s.execute("DELETE FROM " + table);
                }
            }
        }
    }

    // --- (b) snapshot ---

    /** Each side runs twice, in turn; the second (warm) pass is the one judged, the first is shown beside it. */
    private boolean snapshotScenario(int variants) throws Exception {
        long asOf = json.readTree(get("/api/v1/catalog/snapshot?limit=1").body()).get("asOf").asLong();
        int passes = Math.max(2, Integer.getInteger("selvedge.bench.snapshotPasses", 2));
        double[] baseline = new double[passes];
        double[] hub = new double[passes];
        Counted plain = null;
        Counted streamed = null;
        HeapWatch heap = new HeapWatch();
        for (int pass = 0; pass < passes; pass++) {
            long started = System.nanoTime();
            plain = baselineExport();
            baseline[pass] = (System.nanoTime() - started) / 1e9;
            if (pass == passes - 1) {
                heap.start(); // collects first, before the clock starts
            }
            started = System.nanoTime();
            // a plain blocking HTTP/1.1 client, as a POS would stream it (the JDK's async HttpClient adds its own copying)
            java.net.HttpURLConnection connection = (java.net.HttpURLConnection) URI.create(base + "/api/v1/catalog/snapshot?asOf=" + asOf)
                    .toURL().openConnection();
            connection.setRequestProperty("Authorization", "Bearer dev-pos-key");
            connection.setRequestProperty("Accept", "application/x-ndjson");
            int status = connection.getResponseCode();
            try (InputStream body = status == 200 ? connection.getInputStream() : connection.getErrorStream()) {
                streamed = count(body);
            }
            hub[pass] = (System.nanoTime() - started) / 1e9;
            if (pass == passes - 1) {
                heap.stop();
            }
            if (status != 200 || streamed.lines() != variants) {
                out.printf("(b) snapshot failed: status %d, %,d lines for %,d variants%n", status, streamed.lines(), variants);
                return false;
            }
            if (passes > 2) {
                out.printf(Locale.ROOT, "(b) pass %d: baseline %.2f s, hub %.2f s = %.2fx%n", pass + 1, baseline[pass], hub[pass], hub[pass] / baseline[pass]);
            }
        }
        out.printf(Locale.ROOT, "(b) baseline: plain JDBC export (variants joined to their styles, then their prices) written to a stream as JSON lines: "
                + "%.1f s (first pass %.1f s), %,d lines, %,d MB%n", baseline[passes - 1], baseline[0], plain.lines(), plain.bytes() >> 20);
        double ratio = hub[passes - 1] / baseline[passes - 1];
        out.printf(Locale.ROOT, "(b) hub: GET /catalog/snapshot?asOf=%d, Accept: application/x-ndjson, read by a blocking HTTP client: %.1f s (first pass %.1f s), "
                + "%,d lines (one variant with its prices each), %,d MB = %.2fx the baseline (target <= 1.5x: %s)%n", asOf, hub[passes - 1], hub[0],
                streamed.lines(), streamed.bytes() >> 20, ratio, ratio <= 1.5 ? "met" : "NOT met");
        out.printf(Locale.ROOT, "(b) heap during the judged hub pass (hub and client in one JVM): max used %d MB of %d MB%n", heap.maxUsed() >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        return true;
    }

    private record Counted(long lines, long bytes) {
    }

    /** Every current variant with its style, then every price, each written as one JSON line to a stream that counts. */
    private Counted baselineExport() throws SQLException, IOException {
        CountingStream sink = new CountingStream();
        try (Connection c = dataSource.getConnection();
             OutputStream buffered = new java.io.BufferedOutputStream(sink, 1 << 16)) {
            c.setAutoCommit(false); // PostgreSQL streams a result set with a fetch size only inside a transaction
            // one snapshot for both reads, as consistent as the hub's view as of a revision (costs a read nothing in PostgreSQL)
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            StringBuilder line = new StringBuilder(512);
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT v.sku, v.gtin, v.style_code, s.name, s.season, s.category, s.tax_class, v.colour, v.size, v.status, v.revision
                    FROM variant v JOIN style s ON s.style_code = v.style_code WHERE v.status = 'ACTIVE' ORDER BY v.sku""")) {
                q.setFetchSize(5000);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        line.setLength(0);
                        line.append("{\"sku\":\"").append(rs.getString(1)).append("\",\"gtin\":\"").append(rs.getString(2))
                                .append("\",\"styleCode\":\"").append(rs.getString(3)).append("\",\"styleName\":\"").append(rs.getString(4))
                                .append("\",\"season\":\"").append(rs.getString(5)).append("\",\"category\":\"").append(rs.getString(6))
                                .append("\",\"taxClass\":\"").append(rs.getString(7)).append("\",\"colour\":\"").append(rs.getString(8))
                                .append("\",\"size\":\"").append(rs.getString(9)).append("\",\"status\":\"").append(rs.getString(10))
                                .append("\",\"revision\":").append(rs.getLong(11)).append("}\n");
                        buffered.write(line.toString().getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT style_code, sku, price_list, currency, amount_minor, effective_from, effective_to FROM price ORDER BY id")) {
                q.setFetchSize(5000);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        Timestamp to = rs.getTimestamp(7);
                        line.setLength(0);
                        line.append("{\"styleCode\":\"").append(rs.getString(1)).append("\",\"sku\":\"").append(rs.getString(2))
                                .append("\",\"priceList\":\"").append(rs.getString(3)).append("\",\"currency\":\"").append(rs.getString(4))
                                .append("\",\"amountMinor\":").append(rs.getLong(5)).append(",\"effectiveFrom\":\"")
                                .append(rs.getObject(6, OffsetDateTime.class).toInstant()).append("\",\"effectiveTo\":")
                                .append(to == null ? "null" : "\"" + to.toInstant() + "\"").append("}\n");
                        buffered.write(line.toString().getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            c.commit();
            c.setAutoCommit(true);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        return new Counted(sink.lines, sink.bytes);
    }

    private static Counted count(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long lines = 0;
        long bytes = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            bytes += n;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
        }
        return new Counted(lines, bytes);
    }

    /** Discards what is written, counting bytes and lines. */
    private static final class CountingStream extends OutputStream {
        long bytes;
        long lines;

        @Override
        public void write(int b) {
            bytes++;
            if (b == '\n') {
                lines++;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    lines++;
                }
            }
        }
    }

    // --- (c) a price change ---

    private boolean priceChangeScenario(int styles) throws Exception {
        long before = json.readTree(get("/api/v1/catalog/snapshot?limit=1").body()).get("asOf").asLong();
        int rows = styles * PER_STYLE;
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/catalog/imports?importId=bench-markdown-"
                        + Long.toString(System.nanoTime(), 36) + "&currency=USD&chunkRows=" + Math.min(10_000, rows)))
                .timeout(Duration.ofMinutes(10)).header("Authorization", "Bearer " + ERP).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new CsvBody(0, styles, true, null))).build(), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - started) / 1e9;
        long after = json.readTree(get("/api/v1/catalog/snapshot?limit=1").body()).get("asOf").asLong();
        JsonNode report = json.readTree(response.body());
        String sku = sku(0);
        JsonNode variant = json.readTree(get("/api/v1/catalog/variants/" + sku).body());
        String inForce = variant.path("prices").path(0).path("amount").asString("?");
        boolean repriced = inForce.equals(amount(priceMinor(0, true)));
        if (response.statusCode() != 200 || report.path("rowsAccepted").asLong() != rows || !repriced) {
            out.println("(c) price change failed: " + response.statusCode() + " " + abbreviate(response.body()) + " price of " + sku + " " + inForce);
            return false;
        }
        out.printf(Locale.ROOT, "(c) hub: %,d variants (%,d styles) re-priced by one import of %,d rows: %d revision(s) (%d -> %d), %.2f s "
                + "(target < 2 s as one revision: %s)%n", rows, styles, rows, after - before, before, after, seconds,
                seconds < 2 && after - before == 1 ? "met" : "NOT met");
        return true;
    }

    // --- the generated catalogue ---

    /** The CSV of styles [from, to), generated a line at a time as it is read: the file is never in memory. */
    private final class CsvBody extends InputStream {
        private final int to;
        private final boolean markdown;
        private final HeapWatch progress;
        private int style;
        private byte[] chunk = HEADER.getBytes(StandardCharsets.UTF_8);
        private int position;

        CsvBody(int from, int to, boolean markdown, HeapWatch progress) {
            this.style = from;
            this.to = to;
            this.markdown = markdown;
            this.progress = progress;
        }

        @Override
        public int read() {
            if (!fill()) {
                return -1;
            }
            return chunk[position++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - position);
            System.arraycopy(chunk, position, b, off, n);
            position += n;
            return n;
        }

        /** One style's rows at a time. */
        private boolean fill() {
            if (position < chunk.length) {
                return true;
            }
            if (style >= to) {
                return false;
            }
            StringBuilder rows = new StringBuilder(PER_STYLE * 110);
            String code = styleCode(style);
            String price = amount(priceMinor(style, markdown));
            for (int v = 0; v < PER_STYLE; v++) {
                int i = style * PER_STYLE + v;
                rows.append(code).append(",Style ").append(style).append(',').append(COLOURS[v / SIZES.length]).append(',')
                        .append(SIZES[v % SIZES.length]).append(',').append(sku(i)).append(',').append(gtin(i)).append(",FW26,")
                        .append(category(style)).append(",apparel-standard,retail-usd,USD,").append(price).append(',')
                        .append(markdown ? MARKDOWN : EFFECTIVE).append('\n');
            }
            if (progress != null) {
                progress.progress((double) (style + 1) / to);
            }
            style++;
            chunk = rows.toString().getBytes(StandardCharsets.UTF_8);
            position = 0;
            return true;
        }
    }

    private static String styleCode(int style) {
        return "BS" + pad(style, 6);
    }

    private static String sku(int variant) {
        int v = variant % PER_STYLE;
        return styleCode(variant / PER_STYLE) + "-" + COLOURS[v / SIZES.length] + "-" + SIZES[v % SIZES.length];
    }

    /** A GTIN-13 in the in-store range (prefix 2), with its GS1 check digit. */
    private static String gtin(int variant) {
        String body = "2" + pad(variant, 11);
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (body.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return body + (10 - sum % 10) % 10;
    }

    private static String category(int style) {
        return CATEGORIES[style % CATEGORIES.length];
    }

    private static long priceMinor(int style, boolean markdown) {
        long full = (20 + style % 180) * 100L;
        return markdown ? full * 7 / 10 : full;
    }

    private static String amount(long minor) {
        return minor / 100 + "." + pad((int) (minor % 100), 2);
    }

    private static String pad(int n, int width) {
        String digits = Integer.toString(n);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }

    private static String coloursJson() {
        List<String> parts = new ArrayList<>();
        for (String c : COLOURS) {
            parts.add("{\"code\":\"" + c + "\",\"name\":\"" + c + "\"}");
        }
        return "[" + String.join(",", parts) + "]";
    }

    private static String sizesJson() {
        List<String> parts = new ArrayList<>();
        for (String s : SIZES) {
            parts.add("\"" + s + "\"");
        }
        return "[" + String.join(",", parts) + "]";
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer dev-pos-key")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 600 ? text : text.substring(0, 600) + "...";
    }

    /**
     * The heap while the import runs: the most used (sampled), and the heap left after each collection (what is live,
     * plus old garbage not yet collected), kept per tenth of the import's progress: flat when nothing accumulates.
     */
    private static final class HeapWatch {
        private final AtomicLong maxUsed = new AtomicLong();
        private final long[] floorByTenth = new long[10];
        private final long[] peakByTenth = new long[10];
        private volatile double progress;
        private volatile boolean running;
        private final List<Runnable> undo = new ArrayList<>();
        private Thread sampler;

        void progress(double share) {
            progress = share;
        }

        void start() {
            System.gc();
            running = true;
            NotificationListener listener = (notification, handback) -> {
                if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long after = 0;
                for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                        MemoryUsage usage = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                        after += usage == null ? 0 : usage.getUsed();
                    }
                }
                int tenth = Math.min(9, (int) (progress * 10));
                synchronized (floorByTenth) {
                    floorByTenth[tenth] = floorByTenth[tenth] == 0 ? after : Math.min(floorByTenth[tenth], after);
                    peakByTenth[tenth] = Math.max(peakByTenth[tenth], after);
                }
            };
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(listener, null, null);
                    undo.add(() -> {
                        try {
                            emitter.removeNotificationListener(listener);
                        } catch (javax.management.ListenerNotFoundException ignored) {
                            // already gone
                        }
                    });
                }
            }
            sampler = new Thread(() -> {
                while (running) {
                    maxUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        void stop() throws InterruptedException {
            running = false;
            sampler.join();
            undo.forEach(Runnable::run);
        }

        long maxUsed() {
            return maxUsed.get();
        }

        /** Per tenth of the import, the least and the most heap left after a collection (MB). */
        String afterGcByTenth() {
            List<String> parts = new ArrayList<>();
            synchronized (floorByTenth) {
                for (int i = 0; i < 10; i++) {
                    parts.add(floorByTenth[i] == 0 ? "-" : (floorByTenth[i] >> 20) + "-" + (peakByTenth[i] >> 20));
                }
            }
            return String.join(" | ", parts);
        }

        /** The heap still in use after a full collection, now that the import is over. */
        static long liveAfterFullGc() {
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
    }
}

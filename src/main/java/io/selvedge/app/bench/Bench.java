package io.selvedge.app.bench;

import io.selvedge.app.demo.DemoBrand;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./selvedge bench ingest}: POS ingest over real HTTP against the running hub, with its baselines
 * measured in the same run on the same database: a plain batched JDBC insert (1,000 rows a commit) and
 * one commit per row, each writing as many rows into copies of the hub's own tables as the hub writes
 * per sale.
 */
@Component
public class Bench {

    private static final String POS = "dev-pos-key";
    private static final List<String> STORES = List.of("STORE-ABK", "STORE-SOHO", "STORE-MEL");

    private final Environment environment;
    private final CloseBench closeBench;
    private final DataSource dataSource;
    private final JsonMapper json;
    private final io.micrometer.core.instrument.MeterRegistry meters;
    private final org.springframework.context.ApplicationContext context;
    private final HttpClient http = HttpClient.newHttpClient();
    private final PrintStream out = System.out;
    private final Random random = new Random(42);
    private List<String> skus = new ArrayList<>();
    private final Map<String, java.math.BigDecimal> listPrices = new java.util.HashMap<>();
    private String base;
    private int sequence;

    public Bench(Environment environment, CloseBench closeBench, DataSource dataSource, JsonMapper json,
                 io.micrometer.core.instrument.MeterRegistry meters, org.springframework.context.ApplicationContext context) {
        this.environment = environment;
        this.closeBench = closeBench;
        this.dataSource = dataSource;
        this.json = json;
        this.meters = meters;
        this.context = context;
    }

    public boolean run(String scenario, String database) throws Exception {
        base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
        switch (scenario) {
            case "ingest":
                return ingest(database);
            case "broadcast":
                header("broadcast", database);
                setUp();
                out.println("delivery engine: " + environment.getProperty("selvedge.events.http.engine", "jdk"));
                new BroadcastBench(base, json, out, skus).run(Integer.getInteger("selvedge.bench.subscribers", 1000),
                        Double.parseDouble(System.getProperty("selvedge.bench.rate", "2")), Integer.getInteger("selvedge.bench.sales", 40));
                return true;
            case "backlog":
                header("offline backlog", database);
                setUp();
                return new BacklogBench(base, json, out, skus).run(Integer.getInteger("selvedge.bench.transactions", 10_000));
            case "customers":
                header("customer resolution", database);
                setUp();
                return new CustomersBench(base, dataSource, json, meters, out, skus).run(Integer.getInteger("selvedge.bench.customers", 1_000_000),
                        Double.parseDouble(System.getProperty("selvedge.bench.rate", "40")), Integer.getInteger("selvedge.bench.sales", 4000));
            case "close":
                return closeBench.run(database);
            case "kafka":
                header("kafka", database);
                setUp();
                return new KafkaBench(base, json, out, skus, context).run(Integer.getInteger("selvedge.bench.backlog", 4000),
                        Double.parseDouble(System.getProperty("selvedge.bench.rate", "100")), Integer.getInteger("selvedge.bench.sales", 3000));
            case "catalogue":
                header("catalogue", database);
                return new CatalogueBench(base, dataSource, json, out).run(Integer.getInteger("selvedge.bench.variants", 1_000_000),
                        Integer.getInteger("selvedge.bench.chunkRows", 5000), Integer.getInteger("selvedge.bench.repriced", 10_000));
            default:
                out.println("unknown scenario '" + scenario + "' (this build has: ingest, broadcast, backlog, customers, close, catalogue, kafka)");
                return false;
        }
    }

    private void header(String scenario, String database) {
        out.printf("Selvedge bench: %s, %d cores, %s, database %s%n", scenario, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + Runtime.version(), database);
    }

    private boolean ingest(String database) throws Exception {
        header("POS ingest", database);
        setUp();
        LoadGenerator load = new LoadGenerator();
        load.closedLoop(600, 16, i -> sale());

        Map<String, Long> before = writesPerTable();
        int measured = 2000;
        WriterLoad writerBefore = writerLoad();
        long maxStarted = System.nanoTime();
        LoadGenerator.Result max = load.closedLoop(measured, 64, i -> sale());
        WriterLoad writer = writerLoad().since(writerBefore, System.nanoTime() - maxStarted);
        Thread.sleep(3000); // PostgreSQL publishes table statistics a little after commit
        Map<String, Long> after = writesPerTable();
        Map<String, Double> perSale = new LinkedHashMap<>();
        after.forEach((table, count) -> {
            double delta = (count - before.getOrDefault(table, 0L)) / (double) measured;
            if (delta > 0) {
                perSale.put(table, delta);
            }
        });
        double rowsPerSale = perSale.values().stream().mapToDouble(Double::doubleValue).sum();
        out.printf("rows the hub writes per 3-line sale: %.1f  %s%n", rowsPerSale, format(perSale));

        double batchedRowsPerSecond = baseline(perSale, 4000, 1000);
        double singleRowsPerSecond = baseline(perSale, 150, 1);
        double batchedSales = batchedRowsPerSecond / rowsPerSale;
        double singleSales = singleRowsPerSecond / rowsPerSale;
        out.printf("baseline batched insert (1,000 rows/commit): %,.0f rows/s = %,.0f sales/s%n", batchedRowsPerSecond, batchedSales);
        out.printf("baseline one row per commit:                 %,.0f rows/s = %,.0f sales/s%n", singleRowsPerSecond, singleSales);
        report("hub, closed loop, 64 clients (max)", max);
        double maxRate = max.acceptedRate();
        out.printf("hub max = %.0f%% of batched insert, %.1fx one-row-per-commit%n", 100 * maxRate / batchedSales, maxRate / singleSales);
        out.printf("during the max run: %.0f writes per group commit on average, the writer thread busy %.0f%% of the time "
                + "(%.2f ms of writer time per sale)%n", writer.meanGroup(), 100 * writer.busyShare(), writer.busyMsPerWrite());

        for (double share : new double[] {0.5, 0.9}) {
            double rate = maxRate * share;
            int count = (int) Math.max(500, rate * 10);
            LoadGenerator.Result result = load.openLoop(count, rate, i -> sale());
            report(String.format(Locale.ROOT, "hub, open loop at %.0f%% of max", share * 100), result);
        }
        return true;
    }

    /** The group-commit writer's counters: how full the groups were and how much of the run it was busy. */
    private record WriterLoad(long groups, double writes, double busyNanos, double wallNanos) {

        WriterLoad since(WriterLoad before, long wall) {
            return new WriterLoad(groups - before.groups, writes - before.writes, busyNanos - before.busyNanos, wall);
        }

        double meanGroup() {
            return groups == 0 ? 0 : writes / groups;
        }

        double busyShare() {
            return wallNanos == 0 ? 0 : busyNanos / wallNanos;
        }

        double busyMsPerWrite() {
            return writes == 0 ? 0 : busyNanos / writes / 1e6;
        }
    }

    private WriterLoad writerLoad() {
        var sizes = meters.find("selvedge.write.group.size").summary();
        var times = meters.find("selvedge.write.group.duration").timer();
        if (sizes == null || times == null) {
            return new WriterLoad(0, 0, 0, 0);
        }
        return new WriterLoad(sizes.count(), sizes.totalAmount(), times.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS), 0);
    }

    private void setUp() throws Exception {
        DemoBrand brand = new DemoBrand();
        for (Map<String, Object> style : brand.styles().subList(0, 10)) {
            Map<String, Object> body = new LinkedHashMap<>(style);
            Object code = body.remove("code");
            send("PUT", "/api/v1/catalog/styles/" + code, "dev-erp-key", body);
            // sales ring up at the price in force, as most do: an off-list price would add an audit row per line
            String price = (String) ((Map<?, ?>) ((List<?>) style.get("prices")).get(0)).get("amount");
            for (Object variant : (List<?>) style.get("variants")) {
                String sku = (String) ((Map<?, ?>) variant).get("sku");
                skus.add(sku);
                listPrices.put(sku, new java.math.BigDecimal(price));
            }
        }
        for (String store : STORES) {
            List<Map<String, Object>> lines = skus.stream().map(s -> Map.<String, Object>of("sku", s, "quantity", 100_000)).toList();
            // 10 styles = 320 SKUs: within one movement's limit of 1,000 lines
            send("POST", "/api/v1/inventory/movements", "dev-erp-key", Map.of("movementId", "BENCH-" + store, "type", "RECEIPT",
                    "location", store, "occurredAt", "2026-11-27T08:00:00Z", "lines", lines));
        }
        out.printf("catalogue: %d SKUs; stock received at %d stores%n", skus.size(), STORES.size());
    }

    private HttpRequest sale() {
        int n;
        synchronized (this) {
            n = ++sequence;
        }
        Random r = new Random(n);
        String store = STORES.get(n % STORES.size());
        List<Map<String, Object>> lines = new ArrayList<>();
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        for (int line = 1; line <= 3; line++) {
            String sku = skus.get(r.nextInt(skus.size()));
            java.math.BigDecimal price = listPrices.get(sku);
            total = total.add(price).add(new java.math.BigDecimal("4.00"));
            lines.add(Map.of("lineNo", line, "sku", sku, "quantity", 1, "unitPrice", price.toPlainString(),
                    "discount", "0.00", "tax", "4.00"));
        }
        Map<String, Object> body = LoadGenerator.posSale(store + "-R" + (n % 40) + "-" + n, store, "R" + (n % 40), lines,
                Map.of("type", "CARD", "brand", "VISA", "amount", total.toPlainString(), "last4", "4242"));
        return LoadGenerator.post(base + "/api/v1/pos/transactions", POS, json.writeValueAsString(body));
    }

    /** Inserts and updates per table so far: PostgreSQL's statistics, or row counts on H2 (inserts only). */
    private Map<String, Long> writesPerTable() throws SQLException {
        Map<String, Long> writes = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            if (c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT relname, n_tup_ins + n_tup_upd FROM pg_stat_user_tables WHERE schemaname = current_schema()")) {
                    while (rs.next()) {
                        writes.put(rs.getString(1), rs.getLong(2));
                    }
                }
            } else {
                for (String table : tables(c)) {
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                        rs.next();
                        writes.put(table, rs.getLong(1));
                    }
                }
            }
        }
        writes.keySet().removeIf(t -> t.startsWith("bench_") || t.startsWith("flyway"));
        return writes;
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return tables;
    }

    /**
     * Writes the rows of {@code sales} sales (in the hub's per-table proportions) into empty copies of the hub's
     * tables, {@code perCommit} rows a commit, as sampled rows of the real tables. Returns rows per second.
     */
    private double baseline(Map<String, Double> perSale, int sales, int perCommit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Map<String, List<Object[]>> samples = new LinkedHashMap<>();
            Map<String, Integer> columns = new LinkedHashMap<>();
            for (String table : perSale.keySet()) {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS bench_" + table);
                    s.execute("CREATE TABLE bench_" + table + " AS SELECT * FROM " + table + " WHERE 1 = 0");
                }
                List<Object[]> rows = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " LIMIT 500")) {
                    int n = rs.getMetaData().getColumnCount();
                    columns.put(table, n);
                    while (rs.next()) {
                        Object[] row = new Object[n];
                        for (int i = 0; i < n; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                        rows.add(row);
                    }
                }
                samples.put(table, rows);
            }
            c.setAutoCommit(perCommit == 1);
            long rowsWritten = 0;
            long start = System.nanoTime();
            for (String table : perSale.keySet()) {
                List<Object[]> rows = samples.get(table);
                if (rows.isEmpty()) {
                    continue;
                }
                long count = Math.round(perSale.get(table) * sales);
                String marks = String.join(", ", java.util.Collections.nCopies(columns.get(table), "?"));
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench_" + table + " VALUES (" + marks + ")")) {
                    for (long i = 0; i < count; i++) {
                        Object[] row = rows.get((int) (i % rows.size()));
                        for (int col = 0; col < row.length; col++) {
                            insert.setObject(col + 1, row[col]);
                        }
                        if (perCommit == 1) {
                            insert.executeUpdate();
                        } else {
                            insert.addBatch();
                            if ((i + 1) % perCommit == 0) {
                                insert.executeBatch();
                                c.commit();
                            }
                        }
                        rowsWritten++;
                    }
                    if (perCommit > 1) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            c.setAutoCommit(true);
            for (String table : perSale.keySet()) {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS bench_" + table);
                }
            }
            return rowsWritten / seconds;
        }
    }

    private void report(String label, LoadGenerator.Result r) {
        out.printf(Locale.ROOT, "%-38s offered %7.0f/s accepted %7.0f/s errors %d  p50 %6.1f ms p99 %6.1f ms p99.9 %6.1f ms max %6.1f ms%n",
                label, r.offeredRate(), r.acceptedRate(), r.errors(), r.percentile(50) / 1000.0, r.percentile(99) / 1000.0,
                r.percentile(99.9) / 1000.0, r.percentile(100) / 1000.0);
    }

    private static String format(Map<String, Double> perSale) {
        List<String> parts = new ArrayList<>();
        perSale.forEach((t, n) -> parts.add(String.format(Locale.ROOT, "%s=%.1f", t, n)));
        return String.join(" ", parts);
    }

    private void send(String method, String path, String key, Object body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}

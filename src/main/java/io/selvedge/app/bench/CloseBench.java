package io.selvedge.app.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * {@code ./selvedge bench close [--stores=500] [--per-store=2000] [--clients=4]}: closing every store's business day,
 * against a plain SQL aggregation of the same transactions in the same run on the same database.
 *
 * <p>A contract with the bench's stores is written and a second hub started on it, on the bench's database (the one the
 * running hub was started on knows only the demo's three stores). Store transactions are seeded straight into the sales
 * tables with JDBC batches, as the rows the hub writes for a POS sale of one to three lines paid by card or cash (ledger,
 * outbox and customer rows are left out: a close reads none of them). Then every store's day is closed through the
 * public close endpoint with the cash each register took, progress and heap printed as it goes; the journals are checked
 * to balance entry by entry and to tie, per store and tender, to the seeded transactions and to the SQL aggregation.
 */
@Component
public class CloseBench {

    private static final String OPS = "dev-ops-key";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    private static final int REGISTERS = 4;
    private static final String[] CATEGORIES = {"Shirts", "Knitwear", "Trousers", "Outerwear"};
    private static final long[] PRICES = {8900, 12000, 11000, 24500};
    private static final String[] BRANDS = {"VISA", "MASTERCARD", "AMEX"};
    private static final String[] ZONES = {"America/Los_Angeles", "America/Chicago", "America/New_York"};

    private final Environment environment;
    private final ApplicationContext context;
    private final PrintStream out = System.out;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    public CloseBench(Environment environment, ApplicationContext context) {
        this.environment = environment;
        this.context = context;
    }

    /** What the seeding put in, to check the journals against: cash per store and register, tender totals per store. */
    private record Seeded(long[][] cash, List<Map<String, long[]>> tenders, long transactions, long rows) {
    }

    public boolean run(String database) throws Exception {
        int stores = environment.getProperty("stores", Integer.class, 500);
        int perStore = environment.getProperty("per-store", Integer.class, 2000);
        int clients = environment.getProperty("clients", Integer.class, 4);
        String url = environment.getRequiredProperty("selvedge.db.url");
        boolean postgres = url.startsWith("jdbc:postgresql:");
        out.printf(Locale.ROOT, "Selvedge bench: close %d stores x %,d transactions = %,d, %d cores, %s, database %s, max heap %d MB%n", stores,
                perStore, (long) stores * perStore, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + Runtime.version(), database, Runtime.getRuntime().maxMemory() >> 20);

        Path contract = contract(stores);
        ConfigurableApplicationContext hub = SpringApplication.run(application(), "--selvedge.contract=" + contract,
                "--selvedge.db.url=" + url, "--server.port=0", "--logging.level.root=WARN", "--logging.level.io.selvedge=WARN");
        try {
            String base = "http://127.0.0.1:" + hub.getEnvironment().getProperty("local.server.port");
            try (Connection c = DriverManager.getConnection(postgres ? url + "&reWriteBatchedInserts=true" : url)) {
                long start = System.nanoTime();
                Seeded seeded = seed(c, stores, perStore);
                double seedSeconds = seconds(start);
                out.printf(Locale.ROOT, "seeded %,d transactions (%,d rows) in %.1f s, %,.0f rows/s%n", seeded.transactions(), seeded.rows(),
                        seedSeconds, seeded.rows() / seedSeconds);
                if (postgres) {
                    // what an operator runs after a bulk load; the planner would otherwise see empty tables
                    try (Statement s = c.createStatement()) {
                        s.execute("ANALYZE sales_order");
                        s.execute("ANALYZE sales_order_line");
                        s.execute("ANALYZE sales_order_tender");
                    }
                }
                Map<String, Long> sqlTenders = new TreeMap<>();
                double[] baseline = baseline(c, sqlTenders);
                out.printf(Locale.ROOT, "baseline, plain SQL on the same rows: GROUP BY store, tender %.2f s (then warm %.2f s); "
                        + "GROUP BY store, category %.2f s (warm %.2f s)%n", baseline[0], baseline[1], baseline[2], baseline[3]);

                double closeSeconds = close(base, stores, clients, seeded);
                boolean ok = verify(c, stores, perStore, seeded, sqlTenders);
                double warmBaseline = baseline[1] + baseline[3];
                out.printf(Locale.ROOT, "close: %,d transactions in %.1f s = %,.0f transactions/s; the warm SQL aggregation of the same rows"
                        + " (which settles nothing and writes nothing) took %.2f s%s%n", seeded.transactions(), closeSeconds,
                        seeded.transactions() / closeSeconds, warmBaseline, warmBaseline < 0.05 ? ""
                                : String.format(Locale.ROOT, ", the close %.1fx that", closeSeconds / warmBaseline));
                out.printf(Locale.ROOT, "target (issue 6): one million in under 60 s: %s%n",
                        seeded.transactions() < 1_000_000 ? "not measured at this size" : closeSeconds < 60 ? "met" : "NOT met");
                return ok;
            }
        } finally {
            hub.close();
            Files.deleteIfExists(contract);
        }
    }

    /** The hub's application class, as the running hub was started with (app may not name it: it starts app). */
    private Class<?> application() {
        return context.getBeansWithAnnotation(SpringBootApplication.class).values().stream().findFirst()
                .map(bean -> ClassUtils.getUserClass(bean.getClass()))
                .orElseThrow(() -> new IllegalStateException("no @SpringBootApplication in the running hub"));
    }

    /** The demo contract with {@code stores} more stores, BENCH-0001 on, in three time zones. */
    private static Path contract(int stores) throws IOException {
        String demo;
        try (InputStream in = CloseBench.class.getClassLoader().getResourceAsStream("selvedge-demo.yml")) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder locations = new StringBuilder("locations:\n");
        for (int s = 0; s < stores; s++) {
            locations.append(String.format(Locale.ROOT, "  %s: { name: Bench store %d, type: store, timeZone: %s }%n", store(s), s + 1,
                    ZONES[s % ZONES.length]));
        }
        int at = demo.indexOf("\nlocations:\n");
        if (at < 0) {
            throw new IllegalStateException("the demo contract has no locations block to add the bench stores to");
        }
        Path file = Files.createTempFile("selvedge-bench-contract", ".yml");
        Files.writeString(file, demo.substring(0, at + 1) + locations + demo.substring(at + "\nlocations:\n".length()));
        return file;
    }

    private static String store(int s) {
        return String.format(Locale.ROOT, "BENCH-%04d", s + 1);
    }

    // --- seeding -------------------------------------------------------------------------------------------------

    /** Each store's day in one transaction, rows in JDBC batches; the same seed gives the same day every run. */
    private Seeded seed(Connection c, int stores, int perStore) throws SQLException {
        c.setAutoCommit(false);
        long[][] cash = new long[stores][REGISTERS];
        List<Map<String, long[]>> tenders = new ArrayList<>(stores);
        long rows = 0;
        long transactions = 0;
        int reported = 0;
        try (PreparedStatement order = c.prepareStatement("""
                INSERT INTO sales_order (order_ref, kind, type, location, channel, register, business_day, occurred_at, recorded_at, currency,
                    total_minor, tax_minor, discount_minor, employee_sale, customer_id, void_of, reservation_id, received_from, employee_id)
                VALUES (?, 'POS', 'SALE', ?, ?, ?, ?, ?, ?, 'USD', ?, ?, ?, FALSE, NULL, NULL, NULL, 'pos', NULL)""");
             PreparedStatement line = c.prepareStatement("""
                     INSERT INTO sales_order_line (order_ref, line_no, sku, category, quantity, unit_price_minor, list_price_minor,
                         discount_minor, tax_minor, returned, return_of_ref, return_of_line, item_condition)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, NULL, NULL, NULL)""");
             PreparedStatement tender = c.prepareStatement("""
                     INSERT INTO sales_order_tender (order_ref, position, type, brand, amount_minor, reference, last4)
                     VALUES (?, 1, ?, ?, ?, ?, ?)""")) {
            for (int s = 0; s < stores; s++) {
                String store = store(s);
                ZoneId zone = ZoneId.of(ZONES[s % ZONES.length]);
                Instant opening = DAY.atStartOfDay(zone).plusHours(10).toInstant();
                Random random = new Random(31L * s + 7);
                Map<String, long[]> byTender = new HashMap<>();
                for (int n = 0; n < perStore; n++) {
                    int register = random.nextInt(REGISTERS);
                    String ref = String.format(Locale.ROOT, "%s-R%d-%06d", store, register + 1, n + 1);
                    Instant occurred = opening.plusSeconds(n * 36_000L / perStore);
                    int lines = 1 + random.nextInt(3);
                    long total = 0;
                    long tax = 0;
                    long discount = 0;
                    for (int l = 1; l <= lines; l++) {
                        int category = random.nextInt(CATEGORIES.length);
                        long quantity = 1 + random.nextInt(2);
                        long price = PRICES[category];
                        long lineDiscount = random.nextInt(10) == 0 ? 1000 : 0;
                        long net = quantity * price - lineDiscount;
                        long lineTax = Math.round(net * 0.095);
                        line.setString(1, ref);
                        line.setInt(2, l);
                        line.setString(3, String.format(Locale.ROOT, "BENCH-%s-%02d-M", CATEGORIES[category].toUpperCase(Locale.ROOT),
                                random.nextInt(40)));
                        line.setString(4, CATEGORIES[category]);
                        line.setLong(5, quantity);
                        line.setLong(6, price);
                        line.setLong(7, price);
                        line.setLong(8, lineDiscount);
                        line.setLong(9, lineTax);
                        line.addBatch();
                        rows++;
                        total += net + lineTax;
                        tax += lineTax;
                        discount += lineDiscount;
                    }
                    order.setString(1, ref);
                    order.setString(2, store);
                    order.setString(3, store);
                    order.setString(4, "R" + (register + 1));
                    order.setDate(5, Date.valueOf(DAY));
                    order.setObject(6, OffsetDateTime.ofInstant(occurred, ZoneOffset.UTC));
                    order.setObject(7, OffsetDateTime.ofInstant(occurred.plusMillis(150), ZoneOffset.UTC));
                    order.setLong(8, total);
                    order.setLong(9, tax);
                    order.setLong(10, discount);
                    order.addBatch();
                    boolean card = random.nextInt(100) < 65;
                    String brand = card ? BRANDS[random.nextInt(BRANDS.length)] : null;
                    tender.setString(1, ref);
                    tender.setString(2, card ? "CARD" : "CASH");
                    tender.setString(3, brand);
                    tender.setLong(4, total);
                    tender.setString(5, card ? "PSP" + ref.replace("-", "") : null);
                    tender.setString(6, card ? String.format(Locale.ROOT, "%04d", random.nextInt(10_000)) : null);
                    tender.addBatch();
                    rows += 2;
                    transactions++;
                    if (card) {
                        add(byTender, "CARD-" + brand, total);
                    } else {
                        add(byTender, "CASH", total);
                        cash[s][register] += total;
                    }
                    if ((n + 1) % 1000 == 0) {
                        // orders first: lines and tenders reference them
                        order.executeBatch();
                        line.executeBatch();
                        tender.executeBatch();
                    }
                }
                order.executeBatch();
                line.executeBatch();
                tender.executeBatch();
                c.commit();
                tenders.add(byTender);
                int percent = (int) ((s + 1) * 100L / stores);
                if (percent >= reported + 10) {
                    reported = percent - percent % 10;
                    out.printf(Locale.ROOT, "  seeding: %3d%% (%d stores)%n", reported, s + 1);
                }
            }
        }
        c.setAutoCommit(true);
        return new Seeded(cash, tenders, transactions, rows);
    }

    private static void add(Map<String, long[]> totals, String tender, long amount) {
        long[] t = totals.computeIfAbsent(tender, k -> new long[2]);
        t[0]++;
        t[1] += amount;
    }

    // --- the baseline ----------------------------------------------------------------------------------------------

    /** The same transactions summed by plain SQL: tenders by store and tender, lines by store and category; cold, then warm. */
    private static double[] baseline(Connection c, Map<String, Long> tenders) throws SQLException {
        String byTender = """
                SELECT o.location, t.type, t.brand, COUNT(*), SUM(t.amount_minor)
                FROM sales_order o JOIN sales_order_tender t ON t.order_ref = o.order_ref
                WHERE o.kind = 'POS' AND o.business_day = ? GROUP BY o.location, t.type, t.brand""";
        String byCategory = """
                SELECT o.location, l.category, SUM(l.quantity * l.unit_price_minor), SUM(l.discount_minor), SUM(l.tax_minor)
                FROM sales_order o JOIN sales_order_line l ON l.order_ref = o.order_ref
                WHERE o.kind = 'POS' AND o.business_day = ? GROUP BY o.location, l.category""";
        double[] seconds = new double[4];
        for (int run = 0; run < 2; run++) {
            long start = System.nanoTime();
            tenders.clear();
            try (PreparedStatement q = c.prepareStatement(byTender)) {
                q.setDate(1, Date.valueOf(DAY));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        String code = rs.getString(3) == null ? rs.getString(2) : rs.getString(2) + "-" + rs.getString(3);
                        tenders.put(rs.getString(1) + "|" + code, rs.getLong(5));
                    }
                }
            }
            seconds[run] = seconds(start);
            start = System.nanoTime();
            long rows = 0;
            try (PreparedStatement q = c.prepareStatement(byCategory)) {
                q.setDate(1, Date.valueOf(DAY));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                    }
                }
            }
            seconds[2 + run] = seconds(start);
            if (rows == 0) {
                throw new IllegalStateException("the baseline found no lines");
            }
        }
        return new double[] {seconds[0], seconds[1], seconds[2], seconds[3]};
    }

    // --- closing ---------------------------------------------------------------------------------------------------

    private double close(String base, int stores, int clients, Seeded seeded) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong maxUsed = new AtomicLong();
        long[] latencies = new long[stores];
        System.gc();
        long usedBefore = memory.getHeapMemoryUsage().getUsed();
        out.printf(Locale.ROOT, "closing %d store days through POST /api/v1/stores/{store}/days/%s/close, %d clients; heap used before: %d MB%n",
                stores, DAY, clients, usedBefore >> 20);
        long start = System.nanoTime();
        Thread sampler = new Thread(() -> {
            long lastReport = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                long used = memory.getHeapMemoryUsage().getUsed();
                maxUsed.accumulateAndGet(used, Math::max);
                if (System.nanoTime() - lastReport > 2_000_000_000L) {
                    lastReport = System.nanoTime();
                    int closed = done.get();
                    out.printf(Locale.ROOT, "  %5.1f s  closed %4d/%d (%3d%%)  %,8.0f transactions/s  heap used %4d MB, max so far %4d MB%n",
                            seconds(start), closed, stores, closed * 100 / stores, closed * (seeded.transactions() / (double) stores) / seconds(start),
                            used >> 20, maxUsed.get() >> 20);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "close-bench-progress");
        sampler.setDaemon(true);
        sampler.start();
        Thread[] threads = new Thread[clients];
        for (int t = 0; t < clients; t++) {
            threads[t] = new Thread(() -> {
                for (int s = next.getAndIncrement(); s < stores; s = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(closeRequest(base, s, seeded.cash()[s]), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 201) {
                            failed.incrementAndGet();
                            out.println("  " + store(s) + " answered " + response.statusCode() + ": " + response.body());
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        out.println("  " + store(s) + ": " + e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    latencies[s] = (System.nanoTime() - sent) / 1_000_000;
                    done.incrementAndGet();
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = seconds(start);
        sampler.interrupt();
        sampler.join();
        System.gc();
        long usedAfter = memory.getHeapMemoryUsage().getUsed();
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        out.printf(Locale.ROOT, "closed %d store days in %.1f s (%d failed); per close p50 %d ms, p99 %d ms, max %d ms%n", stores, seconds,
                failed.get(), sorted[sorted.length / 2], sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)],
                sorted[sorted.length - 1]);
        out.printf(Locale.ROOT, "heap: max used while closing %d MB of %d MB max; used after a GC: before %d MB, after %d MB%n",
                maxUsed.get() >> 20, Runtime.getRuntime().maxMemory() >> 20, usedBefore >> 20, usedAfter >> 20);
        return failed.get() == 0 ? seconds : Double.NaN;
    }

    private static HttpRequest closeRequest(String base, int s, long[] cash) {
        StringBuilder body = new StringBuilder("{\"drawerCounts\": [");
        for (int r = 0; r < cash.length; r++) {
            body.append(r == 0 ? "" : ", ").append(String.format(Locale.ROOT, "{\"register\": \"R%d\", \"cash\": \"%d.%02d\"}", r + 1,
                    cash[r] / 100, cash[r] % 100));
        }
        body.append("]}");
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/stores/" + store(s) + "/days/" + DAY + "/close"))
                .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + OPS).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    // --- checking ----------------------------------------------------------------------------------------------------

    /** Every entry balances; per store and tender the tender lines equal what was seeded and what SQL summed. */
    private boolean verify(Connection c, int stores, int perStore, Seeded seeded, Map<String, Long> sqlTenders) throws SQLException {
        long unbalanced;
        long entries;
        long lines;
        long debit;
        long credit;
        try (PreparedStatement q = c.prepareStatement("""
                SELECT COUNT(*), SUM(CASE WHEN d <> k THEN 1 ELSE 0 END), SUM(n), SUM(d), SUM(k) FROM (
                    SELECT entry_id, COUNT(*) AS n, SUM(debit_minor) AS d, SUM(credit_minor) AS k
                    FROM settlement_journal_line WHERE business_day = ? AND store LIKE 'BENCH-%' GROUP BY entry_id) e""")) {
            q.setDate(1, Date.valueOf(DAY));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                entries = rs.getLong(1);
                unbalanced = rs.getLong(2);
                lines = rs.getLong(3);
                debit = rs.getLong(4);
                credit = rs.getLong(5);
            }
        }
        Map<String, Long> journal = new TreeMap<>();
        try (PreparedStatement q = c.prepareStatement("""
                SELECT store, tender, SUM(debit_minor - credit_minor) FROM settlement_journal_line
                WHERE business_day = ? AND role = 'TENDER' AND store LIKE 'BENCH-%' GROUP BY store, tender""")) {
            q.setDate(1, Date.valueOf(DAY));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    journal.put(rs.getString(1) + "|" + rs.getString(2), rs.getLong(3));
                }
            }
        }
        Map<String, Long> expected = new TreeMap<>();
        for (int s = 0; s < stores; s++) {
            for (Map.Entry<String, long[]> t : seeded.tenders().get(s).entrySet()) {
                expected.put(store(s) + "|" + t.getKey(), t.getValue()[1]);
            }
        }
        long settled;
        try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM settlement_transaction WHERE business_day = ?")) {
            q.setDate(1, Date.valueOf(DAY));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                settled = rs.getLong(1);
            }
        }
        boolean balanced = unbalanced == 0 && debit == credit;
        boolean ties = journal.equals(expected) && journal.equals(sqlTenders);
        boolean all = settled == (long) stores * perStore;
        out.printf(Locale.ROOT, "journals: %,d entries, %,d lines, %s; debits %,d.%02d = credits %,d.%02d%n", entries, lines,
                balanced ? "every entry balances" : unbalanced + " entries DO NOT balance", debit / 100, debit % 100, credit / 100, credit % 100);
        out.printf(Locale.ROOT, "tie-out: tender lines per store and tender %s the seeded transactions and the SQL aggregation (%d store/tender"
                + " pairs); %,d transactions settled, once each%n", ties ? "equal" : "DIFFER FROM", expected.size(), settled);
        return balanced && ties && all;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}

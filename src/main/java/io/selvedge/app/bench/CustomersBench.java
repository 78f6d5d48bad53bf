package io.selvedge.app.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench customers}: what resolving the customer adds to a POS transaction's write path with 1,000,000
 * customers on file. Loads the customers straight into the hub's customer tables with JDBC (the rows the hub itself
 * keeps: record, normalised email and E.164 phone keys, the POS's customer number, field values), times the lookup
 * query alone, then sends three-line POS sales over HTTP in an open loop, every other one with a customer (found by
 * email, by phone, or new) and the rest without, at one rate, and compares the two latency distributions. Checks
 * the effect: each known customer resolved to the id it was loaded with, each new one created once.
 */
final class CustomersBench {

    private static final String POS = "dev-pos-key";
    private static final List<String> STORES = List.of("STORE-ABK", "STORE-SOHO", "STORE-MEL");
    private static final Instant LOADED_AT = Instant.parse("2026-11-01T00:00:00Z");

    /** The query {@code JdbcCustomers.survivorsByKey} runs for every transaction that carries a customer. */
    private static final String RESOLVE = """
            SELECT i.kind, s.customer_id, s.created_at
            FROM customer_identifier i
            JOIN customer c ON c.customer_id = i.customer_id
            JOIN customer s ON s.customer_id = c.survivor_id
            WHERE (i.kind = 'EMAIL' AND i.norm_value = ?) OR (i.kind = 'PHONE' AND i.norm_value = ?)
            UNION ALL
            SELECT 'SOURCE', s.customer_id, s.created_at
            FROM customer_source_link l
            JOIN customer c ON c.customer_id = l.customer_id
            JOIN customer s ON s.customer_id = c.survivor_id
            WHERE l.source = ? AND l.source_id = ?""";

    private final String base;
    private final DataSource dataSource;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final PrintStream out;
    private final List<String> skus;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    private final String run = Long.toString(System.nanoTime(), 36);

    CustomersBench(String base, DataSource dataSource, JsonMapper json, MeterRegistry meters, PrintStream out, List<String> skus) {
        this.base = base;
        this.dataSource = dataSource;
        this.json = json;
        this.meters = meters;
        this.out = out;
        this.skus = skus;
    }

    boolean run(int customers, double rate, int transactions) throws Exception {
        if (customers < 100 || customers > 8_000_000) {
            throw new IllegalArgumentException("selvedge.bench.customers must be between 100 and 8,000,000 (the phone plan's range)");
        }
        load(customers);
        lookups(customers, 10_000);

        out.printf(Locale.ROOT, "warm-up: %,d sales at %.0f/s, half with a customer%n", Math.min(transactions, 1000), rate);
        Sent warmUp = openLoop(Math.min(transactions, 1000), rate, customers, 1);
        Map<String, double[]> resolvedBefore = new LinkedHashMap<>();
        for (Timer timer : meters.find("selvedge.customers.resolve").timers()) {
            resolvedBefore.put(timer.getId().getTag("matchedBy"), new double[] {timer.count(), timer.totalTime(TimeUnit.NANOSECONDS)});
        }

        out.printf(Locale.ROOT, "measured: %,d three-line POS sales over HTTP at %.0f/s in an open loop, interleaved: odd ones with a "
                + "customer (50%% known email with the POS's customer number, 40%% known phone in national format, 10%% new), "
                + "even ones without%n", transactions, rate);
        Sent measured = openLoop(transactions, rate, customers, 2);
        LoadGenerator.Result without = measured.result(false);
        LoadGenerator.Result with = measured.result(true);
        report("without a customer", without);
        report("with a customer", with);
        out.printf(Locale.ROOT, "%-22s p50 %+6.2f ms  p99 %+6.2f ms  p99.9 %+6.2f ms  mean %+6.2f ms%n", "difference (with - without)",
                (with.percentile(50) - without.percentile(50)) / 1000.0, (with.percentile(99) - without.percentile(99)) / 1000.0,
                (with.percentile(99.9) - without.percentile(99.9)) / 1000.0, (mean(with) - mean(without)) / 1000.0);
        double[] p50 = bootstrap(with.latenciesMicros(), without.latenciesMicros(), 50);
        double[] p99 = bootstrap(with.latenciesMicros(), without.latenciesMicros(), 99);
        out.printf(Locale.ROOT, "%-22s p50 %+.2f to %+.2f ms  p99 %+.2f to %+.2f ms (how far apart two samples of this size from the "
                + "same load may fall)%n", "difference, 95% bootstrap interval", p50[0] / 1000.0, p50[1] / 1000.0, p99[0] / 1000.0, p99[1] / 1000.0);
        out.println("resolution inside the write (timer selvedge.customers.resolve; percentiles over the timer's recent window, "
                + "warm-up included):");
        for (Timer timer : meters.find("selvedge.customers.resolve").timers()) {
            double[] before = resolvedBefore.getOrDefault(timer.getId().getTag("matchedBy"), new double[2]);
            long count = timer.count() - (long) before[0];
            if (count == 0) {
                continue;
            }
            double meanMs = (timer.totalTime(TimeUnit.NANOSECONDS) - before[1]) / count / 1e6;
            StringBuilder percentiles = new StringBuilder();
            for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
                percentiles.append(String.format(Locale.ROOT, "  p%.0f %.3f ms", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS)));
            }
            out.printf(Locale.ROOT, "  matched by %-6s %,6d resolutions  mean %.3f ms%s  max %.3f ms%n", timer.getId().getTag("matchedBy"),
                    count, meanMs, percentiles, timer.max(TimeUnit.MILLISECONDS));
        }
        long customersNow = count("customer");
        long expectedNow = customers + warmUp.created + measured.created;
        boolean ok = measured.errors() == 0 && warmUp.errors() == 0 && measured.wrongCustomer == 0 && warmUp.wrongCustomer == 0
                && customersNow == expectedNow;
        out.printf(Locale.ROOT, "effect: %s (%,d known customers resolved to their own id, %,d to another; %,d new sent, customers now "
                        + "%,d, expected %,d; %,d errors)%n", ok ? "as expected" : "WRONG", measured.rightCustomer + warmUp.rightCustomer,
                measured.wrongCustomer + warmUp.wrongCustomer, measured.created + warmUp.created, customersNow, expectedNow,
                measured.errors() + warmUp.errors());
        return ok;
    }

    // ---- the customers, straight into the hub's tables ------------------------------------------------------------

    static String customerId(int i) {
        return String.format(Locale.ROOT, "C-BENCH%011d", i);
    }

    /** The email as the customer gave it; the hub matches it folded to lower case. */
    static String email(int i) {
        return "Bench.Customer" + i + "@Example.com";
    }

    /** Three customers in four have a phone: distinct possible US numbers, +1 310 200 0000 upwards. */
    static boolean hasPhone(int i) {
        return i % 4 != 3;
    }

    static String tenDigits(int i) {
        return "310" + (200 + i / 10_000) + String.format(Locale.ROOT, "%04d", i % 10_000);
    }

    private void load(int customers) throws SQLException {
        long started = System.nanoTime();
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            OffsetDateTime at = OffsetDateTime.ofInstant(LOADED_AT, ZoneOffset.UTC);
            try (Rows customer = new Rows(c, "customer (customer_id, status, merged_into, survivor_id, created_at, created_by)", 6);
                 Rows identifier = new Rows(c, "customer_identifier (kind, norm_value, customer_id, linked_at)", 4);
                 Rows link = new Rows(c, "customer_source_link (source, source_id, customer_id, linked_at)", 4);
                 Rows attribute = new Rows(c, "customer_attribute (customer_id, field, field_value, source, system_name, updated_at)", 6)) {
                // A block of customer rows goes in before the rows that refer to them.
                for (int from = 0; from < customers; from += Rows.PER_STATEMENT) {
                    int to = Math.min(customers, from + Rows.PER_STATEMENT);
                    for (int i = from; i < to; i++) {
                        customer.add(customerId(i), "ACTIVE", null, customerId(i), created(at, customers, i), "pos");
                    }
                    customer.flush();
                    for (int i = from; i < to; i++) {
                        String id = customerId(i);
                        OffsetDateTime created = created(at, customers, i);
                        identifier.add("EMAIL", email(i).toLowerCase(Locale.ROOT), id, created);
                        attribute.add(id, "email", email(i), "pos", "pos", created);
                        if (hasPhone(i)) {
                            identifier.add("PHONE", "+1" + tenDigits(i), id, created);
                            attribute.add(id, "phone", "+1" + tenDigits(i), "pos", "pos", created);
                        }
                        link.add("pos", "POS-" + i, id, created);
                        attribute.add(id, "firstName", "Bench", "pos", "pos", created);
                        attribute.add(id, "lastName", "Customer" + i, "pos", "pos", created);
                    }
                    if (to % 20_000 == 0) {
                        c.commit();
                    }
                    if (to % 250_000 == 0) {
                        out.printf(Locale.ROOT, "  %,d customers loaded, %.0f s%n", to, (System.nanoTime() - started) / 1e9);
                    }
                }
                for (Rows r : List.of(customer, identifier, link, attribute)) {
                    r.flush();
                    rows.put(r.table.substring(0, r.table.indexOf(' ')), r.written);
                }
                c.commit();
            }
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                // What autovacuum would do soon after a load this size; the planner needs the statistics.
                s.execute(postgres(c) ? "ANALYZE customer, customer_identifier, customer_source_link, customer_attribute" : "ANALYZE");
            }
        }
        long total = rows.values().stream().mapToLong(Long::longValue).sum();
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "customers: %,d loaded with JDBC in %.0f s (%,d rows, %,.0f rows/s: %s)%n", customers, seconds, total,
                total / seconds, rows);
        try (Connection c = dataSource.getConnection()) {
            if (postgres(c)) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                        SELECT current_schema(), SUM(pg_total_relation_size(c.oid)) FROM pg_class c
                        JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname LIKE 'customer%'""")) {
                    rs.next();
                    out.printf(Locale.ROOT, "  customer tables with their indexes: %,.0f MB in schema %s%n", rs.getLong(2) / 1e6, rs.getString(1));
                }
            }
        }
    }

    private static OffsetDateTime created(OffsetDateTime loadedAt, int customers, int i) {
        return loadedAt.minusMinutes(customers - i);
    }

    /** Multi-row INSERTs of up to 500 rows each, sent as the rows come; the caller commits. */
    private static final class Rows implements AutoCloseable {

        private static final int PER_STATEMENT = 500;

        final String table;
        final int columns;
        final Connection connection;
        final List<Object[]> pending = new ArrayList<>();
        PreparedStatement full;
        long written;

        Rows(Connection connection, String table, int columns) {
            this.connection = connection;
            this.table = table;
            this.columns = columns;
        }

        void add(Object... values) throws SQLException {
            pending.add(values);
            if (pending.size() == PER_STATEMENT) {
                flush();
            }
        }

        void flush() throws SQLException {
            if (pending.isEmpty()) {
                return;
            }
            boolean isFull = pending.size() == PER_STATEMENT;
            if (isFull && full == null) {
                full = connection.prepareStatement(sql(PER_STATEMENT));
            }
            PreparedStatement statement = isFull ? full : connection.prepareStatement(sql(pending.size()));
            try {
                int p = 1;
                for (Object[] row : pending) {
                    for (Object value : row) {
                        statement.setObject(p++, value);
                    }
                }
                statement.executeUpdate();
            } finally {
                if (!isFull) {
                    statement.close();
                }
            }
            written += pending.size();
            pending.clear();
        }

        private String sql(int rows) {
            String one = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
            return "INSERT INTO " + table + " VALUES " + String.join(", ", Collections.nCopies(rows, one));
        }

        @Override
        public void close() throws SQLException {
            if (full != null) {
                full.close();
            }
        }
    }

    // ---- the lookup alone ----------------------------------------------------------------------------------------

    /** Times the resolution query for known keys, one at a time, and shows the plan the database uses for it. */
    private void lookups(int customers, int count) throws SQLException {
        Random random = new Random(11);
        long[] micros = new long[count];
        int found = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(RESOLVE)) {
            for (int n = 0; n < count; n++) {
                int i = random.nextInt(customers);
                boolean byPhone = n % 2 == 1 && hasPhone(i);
                query.setString(1, byPhone ? "" : email(i).toLowerCase(Locale.ROOT));
                query.setString(2, byPhone || hasPhone(i) ? "+1" + tenDigits(i) : "");
                query.setString(3, "pos");
                query.setString(4, byPhone ? "" : "POS-" + i);
                long started = System.nanoTime();
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        found += rs.getString(2).equals(customerId(i)) ? 1 : 0;
                    }
                }
                micros[n] = (System.nanoTime() - started) / 1000;
            }
            Arrays.sort(micros);
            out.printf(Locale.ROOT, "resolution query alone (%,d random known customers: email, phone and POS customer number, or the "
                            + "phone alone; one at a time over JDBC): p50 %.3f ms p99 %.3f ms max %.3f ms; %,d keys found their customer%n", count, at(micros, 50) / 1000.0,
                    at(micros, 99) / 1000.0, at(micros, 100) / 1000.0, found);
            int i = random.nextInt(customers / 4) * 4;
            String explain = (postgres(c) ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN ANALYZE ")
                    + RESOLVE.replaceFirst("\\?", "'" + email(i).toLowerCase(Locale.ROOT) + "'").replaceFirst("\\?", "'+1" + tenDigits(i) + "'")
                    .replaceFirst("\\?", "'pos'").replaceFirst("\\?", "'POS-" + i + "'");
            out.println("its plan (EXPLAIN ANALYZE, one customer by email, phone and POS customer number):");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(explain)) {
                while (rs.next()) {
                    out.println("  " + rs.getString(1).replace("\n", "\n  "));
                }
            }
        }
    }

    // ---- sales with and without a customer, one open loop ------------------------------------------------------

    /** The outcome of one open loop: each request's latency from its scheduled moment, and what came back. */
    private record Sent(long[] latencies, boolean[] failed, int created, int rightCustomer, int wrongCustomer, double seconds, double rate) {

        int errors() {
            int n = 0;
            for (boolean f : failed) {
                n += f ? 1 : 0;
            }
            return n;
        }

        /** The requests of one kind: with a customer (odd) or without (even). */
        LoadGenerator.Result result(boolean withCustomer) {
            List<Long> picked = new ArrayList<>();
            int errors = 0;
            for (int i = withCustomer ? 1 : 0; i < latencies.length; i += 2) {
                picked.add(latencies[i]);
                errors += failed[i] ? 1 : 0;
            }
            long[] sorted = picked.stream().mapToLong(Long::longValue).sorted().toArray();
            return new LoadGenerator.Result(sorted.length, rate / 2, sorted.length - errors, errors, seconds, sorted);
        }
    }

    /**
     * Request i is due at start + i / rate whatever happened to earlier ones, and its latency counts from then (as in
     * {@link LoadGenerator#openLoop}); kept here per request, so the two interleaved kinds can be told apart.
     */
    private Sent openLoop(int count, double rate, int customers, int pass) throws InterruptedException {
        long[] latencies = new long[count];
        boolean[] failed = new boolean[count];
        String[] expected = new String[count];
        AtomicInteger right = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger created = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        Random random = new Random(pass);
        List<HttpRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> customer = null;
            if (i % 2 == 1) {
                int k = random.nextInt(10);
                int j = random.nextInt(customers);
                if (k < 5) {
                    customer = Map.of("email", "  " + email(j).toUpperCase(Locale.ROOT) + " ", "sourceId", "POS-" + j,
                            "firstName", "Bench", "lastName", "Customer" + j);
                    expected[i] = customerId(j);
                } else if (k < 9) {
                    while (!hasPhone(j)) {
                        j = random.nextInt(customers);
                    }
                    String d = tenDigits(j);
                    customer = Map.of("phone", "(" + d.substring(0, 3) + ") " + d.substring(3, 6) + "-" + d.substring(6));
                    expected[i] = customerId(j);
                } else {
                    // New people: a fresh email and a number in an area code the loaded customers do not use.
                    customer = Map.of("email", "new." + run + "." + pass + "." + i + "@example.com",
                            "phone", "+1424" + (200 + pass * 100 + i / 10_000) + String.format(Locale.ROOT, "%04d", i % 10_000),
                            "firstName", "New");
                    expected[i] = "NEW";
                }
            }
            requests.add(sale(pass, i, random, customer));
        }
        long start = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1_000_000_000L / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            http.sendAsync(requests.get(i), HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                latencies[n] = (System.nanoTime() - due) / 1000;
                if (failure != null || response.statusCode() >= 300) {
                    failed[n] = true;
                } else if (expected[n] != null) {
                    JsonNode body = json.readTree(response.body());
                    String customerId = body.get("customerId").asString();
                    if (expected[n].equals("NEW")) {
                        created.incrementAndGet();
                    } else if (expected[n].equals(customerId)) {
                        right.incrementAndGet();
                    } else {
                        wrong.incrementAndGet();
                    }
                }
                done.countDown();
            });
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still outstanding after 120 s");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Sent(latencies, failed, created.get(), right.get(), wrong.get(), seconds, rate);
    }

    /** A three-line sale like {@code bench ingest}'s; the customer object is the only difference between the two kinds. */
    private HttpRequest sale(int pass, int i, Random random, Map<String, Object> customer) {
        String store = STORES.get(i % STORES.size());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int line = 1; line <= 3; line++) {
            lines.add(Map.of("lineNo", line, "sku", skus.get(random.nextInt(skus.size())), "quantity", 1, "unitPrice", "50.00",
                    "discount", "0.00", "tax", "4.00"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", store + "-C" + pass + "-" + run + "-" + i);
        body.put("store", store);
        body.put("register", "R" + (i % 40));
        body.put("businessDay", "2026-11-28");
        body.put("occurredAt", "2026-11-28T20:00:00Z");
        body.put("type", "SALE");
        body.put("currency", "USD");
        if (customer != null) {
            body.put("customer", customer);
        }
        body.put("lines", lines);
        body.put("tenders", List.of(Map.of("type", "CARD", "brand", "VISA", "amount", "162.00", "last4", "4242")));
        return LoadGenerator.post(base + "/api/v1/pos/transactions", POS, json.writeValueAsString(body));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private void report(String label, LoadGenerator.Result r) {
        out.printf(Locale.ROOT, "%-22s %,6d sales, %d errors  p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  max %6.2f ms  mean %6.2f ms%n",
                label, r.offered(), r.errors(), r.percentile(50) / 1000.0, r.percentile(99) / 1000.0, r.percentile(99.9) / 1000.0,
                r.percentile(100) / 1000.0, mean(r) / 1000.0);
    }

    private static double mean(LoadGenerator.Result r) {
        return Arrays.stream(r.latenciesMicros()).average().orElse(0);
    }

    /** A 95% interval of percentile(with) - percentile(without), resampling each kind with replacement 1,000 times. */
    private static double[] bootstrap(long[] with, long[] without, double p) {
        Random random = new Random(5);
        double[] differences = new double[1000];
        long[] a = new long[with.length];
        long[] b = new long[without.length];
        for (int n = 0; n < differences.length; n++) {
            for (int i = 0; i < a.length; i++) {
                a[i] = with[random.nextInt(with.length)];
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = without[random.nextInt(without.length)];
            }
            Arrays.sort(a);
            Arrays.sort(b);
            differences[n] = at(a, p) - at(b, p);
        }
        Arrays.sort(differences);
        return new double[] {differences[24], differences[974]};
    }

    private static long at(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    private long count(String table) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean postgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
    }
}

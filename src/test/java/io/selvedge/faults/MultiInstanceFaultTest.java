package io.selvedge.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Api;
import io.selvedge.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Several hub instances on one PostgreSQL schema behind a round-robin client (issue 10), and kill -9 of the one that
 * delivers webhooks, mid-load; it is restarted later and rejoins as a standby. Meanwhile reservations expire and
 * markdowns take effect, so the janitors run on whichever instance holds their lease, and a follower pages the
 * availability feed by sequence from any instance.
 *
 * <p>After the load: every acknowledged transaction exactly once, the ledger conserved, every event delivered in
 * per-key order, each reservation released once, each markdown announced once, the feed follower saw every change
 * (no sequence committed behind its cursor), and the dead instance's leases were taken over.
 */
class MultiInstanceFaultTest {

    private static final List<String> SUBSCRIBED = List.of("availability.changed", "order.created", "order.refunded",
            "transfer.shipped", "transfer.received", "price.changed");
    private static final String LEASE_TTL = "2s";

    @Test
    void severalHubsOnOneDatabaseRunEachJobOnceAndSurviveTheKillOfOne() throws Exception {
        FaultRun.requirePostgres();
        long seed = FaultRun.seed();
        String rerun = FaultRun.rerun(getClass().getSimpleName(), seed);
        int instances = FaultRun.scaled(2, 3);
        Workload workload = Workload.generate(seed, "I", FaultRun.scaled(160, 1200), 4);
        SplittableRandom random = new SplittableRandom(seed ^ 0x1257);
        long killAfter = (long) (workload.steps() * (0.25 + 0.2 * random.nextDouble()));
        long restartAfter = (long) (workload.steps() * 0.7);
        FaultRun.report("several instances", rerun + " instances=" + instances + " steps=" + workload.steps() + " kill after "
                + killAfter + " restart after " + restartAfter);

        Map<String, String> properties = Map.of("selvedge.events.dispatch.cursor-flush", "200ms", "selvedge.instances.lease-ttl", LEASE_TTL,
                "selvedge.inventory.expiry-interval", "200ms", "selvedge.catalog.markdown-interval", "200ms");
        List<String> violations = new ArrayList<>();
        List<Hub> hubs = new ArrayList<>();
        try (Schema schema = Schema.fresh("faults_multi")) {
            for (int i = 0; i < instances; i++) {
                hubs.add(new Hub("hub-multi-" + (char) ('a' + i), schema.url(), properties));
            }
            try (HubClient api = new HubClient(hubs.stream().map(Hub::base).toList(), Duration.ofSeconds(20));
                 Driver driver = new Driver(api, 8, Duration.ofSeconds(FaultRun.scaled(120, 600)));
                 Subscriber subscriber = new Subscriber()) {
                hubs.get(0).start(); // the first migrates the schema; the others start beside each other
                List<Thread> starting = new ArrayList<>();
                for (Hub hub : hubs.subList(1, hubs.size())) {
                    Thread thread = new Thread(hub::start, "faults-start");
                    thread.start();
                    starting.add(thread);
                }
                for (Thread thread : starting) {
                    HubKillFaultTest.join(thread);
                }
                driver.runInOrder(workload.setup);
                String subscription = Deliveries.subscribe(api, subscriber, SUBSCRIBED);
                Deliveries deliveries = new Deliveries(schema.jdbc(), subscriber, subscription, SUBSCRIBED, Deliveries.lastOutboxId(schema.jdbc()));
                Janitorial janitorial = Janitorial.prepare(driver, api, seed, workload.model);

                FeedFollower follower = new FeedFollower(api);
                Thread following = new Thread(follower, "faults-feed");
                following.start();
                Thread load = new Thread(() -> driver.run(workload.chains), "faults-load");
                load.start();

                await(driver, killAfter, load);
                Hub leader = holderOf(schema.jdbc(), "events.dispatcher", hubs);
                String deadId = holderId(schema.jdbc(), "events.dispatcher");
                leader.kill();
                Instant killedAt = Instant.now();
                FaultRun.report("several instances", "killed " + leader.base() + " (it held the dispatcher's lease) after "
                        + driver.acked.get() + " acknowledged steps");
                await(driver, restartAfter, load);
                leader.start();
                HubKillFaultTest.join(load);

                if (!deliveries.settle(60)) {
                    violations.add(deliveries.outstanding().size() + " events still undelivered 60 s after the load");
                }
                violations.addAll(janitorial.check(schema.jdbc()));
                follower.stop();
                following.join();
                violations.addAll(follower.check(schema.jdbc()));
                violations.addAll(leases(schema.jdbc(), deadId, killedAt));

                violations.addAll(driver.violations());
                driver.serverErrors().forEach(answer -> violations.add("a hub answered " + answer));
                violations.addAll(new Checker(schema.jdbc(), api).check(workload.model));
                violations.addAll(deliveries.check());
                FaultRun.report("several instances", driver.figures() + " deliveries=" + subscriber.deliveries().size()
                        + " duplicate deliveries=" + deliveries.duplicates() + " feed pages=" + follower.pages + " feed rows="
                        + follower.seen.size() + " violations=" + violations.size());
            } finally {
                hubs.forEach(Hub::close);
            }
        }
        assertThat(violations).as("invariant violations with several instances (%s)", rerun).isEmpty();
    }

    private static void await(Driver driver, long acked, Thread load) {
        while (driver.acked.get() < acked && load.isAlive()) {
            Hub.pause(5);
        }
    }

    private static String holderId(JdbcClient jdbc, String lease) {
        return jdbc.sql("SELECT holder FROM instance_lease WHERE name = ?").param(lease).query(String.class).single();
    }

    /** The hub whose instance id (pid@host-...) holds {@code lease}. */
    private static Hub holderOf(JdbcClient jdbc, String lease, List<Hub> hubs) {
        String holder = holderId(jdbc, lease);
        return hubs.stream().filter(hub -> hub.alive() && holder.startsWith(hub.pid() + "@")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no running hub holds " + lease + " (holder " + holder + ")"));
    }

    /** Every lease the killed instance held has passed to a live one (or expired, for one nobody seeks). */
    private static List<String> leases(JdbcClient jdbc, String deadId, Instant killedAt) {
        List<String> violations = new ArrayList<>();
        jdbc.sql("SELECT name, holder, expires_at > CURRENT_TIMESTAMP FROM instance_lease").query(rs -> {
            String name = rs.getString(1);
            if (rs.getString(2).equals(deadId) && rs.getBoolean(3)) {
                violations.add("lease " + name + " is still held by the instance killed at " + killedAt);
            }
            if (!name.startsWith("catalog.import:") && !rs.getBoolean(3)) {
                violations.add("lease " + name + " is held by nobody");
            }
        });
        if (holderId(jdbc, "events.dispatcher").equals(deadId)) {
            violations.add("the dispatcher's lease never left the killed instance");
        }
        return violations;
    }

    /**
     * Reservations with short TTLs and styles with markdowns a few seconds ahead, made before the load on SKUs the
     * workload does not touch: during the load the janitors expire and announce them on whichever instance leads.
     */
    private record Janitorial(List<String> reservations, Map<String, Long> reservedPerSku, List<String> markdowns) {

        static Janitorial prepare(Driver driver, HubClient api, long seed, Model model) {
            String tag = "J" + Long.toString(seed, 36).toUpperCase(java.util.Locale.ROOT);
            String style = tag + "-RES";
            List<Workload.Step> setup = new ArrayList<>();
            setup.add(new Workload.Step("style " + style, "PUT", "/api/v1/catalog/styles/" + style, HubClient.ERP,
                    Workload.json(Fixtures.anyStyle(style)), Workload.Expect.ACK, 1));
            setup.add(new Workload.Step("receipt " + style, "POST", "/api/v1/inventory/movements", HubClient.ERP,
                    Workload.json(Fixtures.movement(tag + "-RCPT", "RECEIPT", Workload.WAREHOUSE, Fixtures.sku(style, "M"), 100)),
                    Workload.Expect.ACK, 1));
            List<String> reservations = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String id = tag + "-CART-" + i;
                reservations.add(id);
                setup.add(new Workload.Step("reservation " + id, "POST", "/api/v1/inventory/reservations", HubClient.WEB,
                        Workload.json(Map.of("reservationId", id, "channel", "web", "ttlSeconds", 3 + i % 6,
                                "lines", List.of(Map.of("sku", Fixtures.sku(style, "M"), "quantity", 2)))), Workload.Expect.ACK, 1));
            }
            List<String> markdowns = new ArrayList<>();
            Instant base = Instant.now();
            for (int i = 0; i < 6; i++) {
                String marked = tag + "-MKD" + i;
                markdowns.add(marked);
                Map<String, Object> body = new LinkedHashMap<>(Fixtures.anyStyle(marked));
                body.put("prices", List.of(
                        Map.of("priceList", "retail-usd", "currency", "USD", "amount", "89.00", "effectiveFrom", "2026-01-01T00:00:00Z"),
                        Map.of("priceList", "retail-usd", "currency", "USD", "amount", "59.00",
                                "effectiveFrom", base.plusSeconds(8 + 2L * i).toString())));
                setup.add(new Workload.Step("style " + marked, "PUT", "/api/v1/catalog/styles/" + marked, HubClient.ERP,
                        Workload.json(body), Workload.Expect.ACK, 1));
            }
            driver.runInOrder(setup);
            // the oracle: the receipt, and each reservation's hold and expiry, are movements the ledger must hold
            model.movement(tag + "-RCPT", "RECEIPT", Workload.WAREHOUSE, List.of(new Model.Line(Fixtures.sku(style, "M"), 100)));
            reservations.forEach(id -> {
                model.movements.add("reservation:" + id + ":hold");
                model.movements.add("reservation:" + id + ":expire");
            });
            return new Janitorial(reservations, Map.of(Fixtures.sku(style, "M"), 100L), markdowns);
        }

        List<String> check(JdbcClient jdbc) {
            List<String> violations = new ArrayList<>();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline && (pending(jdbc) > 0 || announced(jdbc).size() < markdowns.size())) {
                Hub.pause(200);
            }
            for (String id : reservations) {
                String state = jdbc.sql("SELECT state || '/' || COALESCE(void_reason, '') FROM stock_hold WHERE kind = 'RESERVATION' AND reference = ?")
                        .param(id).query(String.class).single();
                long voids = jdbc.sql("SELECT COUNT(*) FROM stock_movement WHERE hold_ref = ? AND kind = 'HOLD_VOID'")
                        .param("reservation:" + id).query(Long.class).single();
                long voidEntries = jdbc.sql("SELECT COUNT(*) FROM ledger_entry e JOIN stock_movement m ON m.movement_id = e.movement_id"
                        + " WHERE m.hold_ref = ? AND m.kind = 'HOLD_VOID'").param("reservation:" + id).query(Long.class).single();
                if (!state.equals("VOIDED/EXPIRED") || voids != 1 || voidEntries != 1) {
                    violations.add("reservation " + id + " is " + state + " with " + voids + " void movements and " + voidEntries
                            + " void entries (expected VOIDED/EXPIRED, once)");
                }
            }
            reservedPerSku.forEach((sku, received) -> {
                long available = jdbc.sql("SELECT available FROM stock_availability WHERE location = ? AND sku = ?")
                        .params(Workload.WAREHOUSE, sku).query(Long.class).single();
                if (available != received) {
                    violations.add(sku + " at " + Workload.WAREHOUSE + " has " + available + " available after every reservation expired, not "
                            + received);
                }
            });
            Map<String, Long> announced = announced(jdbc);
            for (String style : markdowns) {
                long times = announced.getOrDefault(style, 0L);
                if (times != 1) {
                    violations.add("the markdown of " + style + " was announced " + times + " times (expected once)");
                }
            }
            return violations;
        }

        private long pending(JdbcClient jdbc) {
            return jdbc.sql("SELECT COUNT(*) FROM stock_hold WHERE kind = 'RESERVATION' AND reference IN (:ids) AND state = 'PENDING'")
                    .param("ids", reservations).query(Long.class).single();
        }

        /** Scheduled price.changed events per style of ours. */
        private Map<String, Long> announced(JdbcClient jdbc) {
            Map<String, Long> counts = new HashMap<>();
            for (String data : jdbc.sql("SELECT data FROM outbox_event WHERE type = 'price.changed'").query(String.class).list()) {
                JsonNode node = Api.JSON.readTree(data);
                String style = node.path("styleCode").asString();
                if (markdowns.contains(style) && "scheduled".equals(node.path("reason").asString())) {
                    counts.merge(style, 1L, Long::sum);
                }
            }
            return counts;
        }
    }

    /**
     * Pages the availability feed by sequence, as a store's POS would, from whichever instance the client picks. If a
     * sequence could commit after a higher one, this reader would move past it and never see it.
     */
    private static final class FeedFollower implements Runnable {

        private final HubClient api;
        private final Set<Long> seen = new ConcurrentSkipListSet<>();
        private volatile boolean running = true;
        private volatile long cursor;
        private long pages;

        FeedFollower(HubClient api) {
            this.api = api;
        }

        @Override
        public void run() {
            while (running) {
                if (!page()) {
                    Hub.pause(20);
                }
            }
            while (page()) {
                // drain what is left
            }
        }

        /** One page; true when it was full (more may follow at once). */
        private boolean page() {
            Answer answer = api.get("/api/v1/inventory/availability/changes?after=" + cursor + "&limit=500", HubClient.POS);
            if (answer.status() != 200) {
                return false; // a dead instance: the next request goes to another
            }
            pages++;
            JsonNode body = Api.JSON.readTree(answer.body());
            JsonNode changes = body.has("changes") ? body.get("changes") : body;
            int n = 0;
            for (JsonNode change : changes) {
                long sequence = change.get("sequence").asLong();
                seen.add(sequence);
                cursor = Math.max(cursor, sequence);
                n++;
            }
            return n == 500;
        }

        void stop() {
            running = false;
        }

        List<String> check(JdbcClient jdbc) {
            TreeSet<Long> missed = new TreeSet<>(jdbc.sql("SELECT seq FROM availability_change WHERE seq <= ?").param(cursor)
                    .query(Long.class).list());
            missed.removeAll(seen);
            if (missed.isEmpty()) {
                return List.of();
            }
            return List.of("the availability feed follower, paging by sequence, never saw " + missed.size() + " changes below its cursor "
                    + cursor + ": " + missed.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", ")));
        }
    }
}

package io.selvedge.faults;

import io.selvedge.testing.Api;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Audits the DESIGN.md invariants after a fault, reading the database directly (JDBC) and the public API, against the
 * {@link Model} of a workload whose every request was acknowledged:
 * <ol>
 *   <li>units are conserved: per SKU every balance column sums to zero over all accounts, and each balance equals the
 *       sum of its ledger entries (invariant 1);</li>
 *   <li>stock per location and SKU is what the acknowledged requests add up to: on hand, allocated, in transit, and
 *       available = on hand − allocated (never below zero), in the table and from the API;</li>
 *   <li>the broadcast is true: the latest availability change and the latest {@code availability.changed} event of
 *       each row equal the row, and sequences only grow (invariant 2);</li>
 *   <li>each acknowledged transaction, movement, transfer and allocation is present exactly once, and nothing else is
 *       (invariant 3: no lost ack, no duplicate effect);</li>
 *   <li>each acknowledged write has its outgoing events, once (transactional outbox);</li>
 *   <li>returns and voids sent before their sale, and receipts sent before their shipment, were all parked, then
 *   applied (once: the stock, order and event checks above count each effect).</li>
 * </ol>
 * Every violation is a line of text; zero lines is the pass mark.
 */
final class Checker {

    private final JdbcClient jdbc;
    private final HubClient api;
    private final List<String> violations = new ArrayList<>();

    Checker(JdbcClient jdbc, HubClient api) {
        this.jdbc = jdbc;
        this.api = api;
    }

    List<String> check(Model model) {
        conservation();
        stock(model);
        broadcast();
        presence(model);
        events(model);
        parked(model);
        return List.copyOf(violations);
    }

    private void conservation() {
        List<String> unbalanced = jdbc.sql("""
                SELECT sku FROM stock_balance GROUP BY sku HAVING SUM(posted) <> 0 OR SUM(pending_out) <> SUM(pending_in)""")
                .query(String.class).list();
        unbalanced.forEach(sku -> violation("units not conserved for " + sku + " (balances do not sum to zero)"));

        Map<String, long[]> fromEntries = new HashMap<>();
        jdbc.sql("SELECT sku, from_account, to_account, quantity, phase FROM ledger_entry").query(rs -> {
            long q = rs.getLong(4);
            String phase = rs.getString(5);
            if (q <= 0) {
                violation("ledger entry with quantity " + q + " for " + rs.getString(1));
            }
            long[] from = fromEntries.computeIfAbsent(rs.getString(2) + "|" + rs.getString(1), k -> new long[3]);
            long[] to = fromEntries.computeIfAbsent(rs.getString(3) + "|" + rs.getString(1), k -> new long[3]);
            if (phase.equals("POSTED") || phase.equals("POST")) {
                from[0] -= q;
                to[0] += q;
            }
            long pending = phase.equals("PENDING") ? q : phase.equals("POSTED") ? 0 : -q;
            from[1] += pending;
            to[2] += pending;
        });
        Map<String, long[]> balances = new HashMap<>();
        jdbc.sql("SELECT account, sku, posted, pending_out, pending_in FROM stock_balance")
                .query(rs -> {
                    balances.put(rs.getString(1) + "|" + rs.getString(2), new long[] {rs.getLong(3), rs.getLong(4), rs.getLong(5)});
                });
        Set<String> keys = new TreeSet<>(balances.keySet());
        keys.addAll(fromEntries.keySet());
        for (String key : keys) {
            long[] balance = balances.getOrDefault(key, new long[3]);
            long[] entries = fromEntries.getOrDefault(key, new long[3]);
            if (!java.util.Arrays.equals(balance, entries)) {
                violation("balance " + key + " is " + java.util.Arrays.toString(balance) + " but its entries sum to "
                        + java.util.Arrays.toString(entries));
            }
        }
    }

    private void stock(Model model) {
        Map<String, long[]> rows = new TreeMap<>();
        jdbc.sql("SELECT location, sku, on_hand, allocated, in_transit, available FROM stock_availability").query(rs -> {
            rows.put(Model.key(rs.getString(1), rs.getString(2)), new long[] {rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)});
        });
        Map<String, long[]> served = new TreeMap<>();
        Answer answer = api.get("/api/v1/inventory/availability", HubClient.OPS);
        if (answer.status() != 200) {
            violation("GET /inventory/availability answered " + answer);
        } else {
            for (JsonNode row : Api.JSON.readTree(answer.body())) {
                served.put(Model.key(row.get("location").asString(), row.get("sku").asString()), new long[] {row.get("onHand").asLong(),
                        row.get("allocated").asLong(), row.get("inTransit").asLong(), row.get("available").asLong()});
            }
        }
        model.stock.forEach((key, expected) -> {
            long[] row = rows.get(key);
            long[] want = {expected[Model.ON_HAND], expected[Model.ALLOCATED], expected[Model.IN_TRANSIT],
                    Math.max(0, expected[Model.ON_HAND] - expected[Model.ALLOCATED])};
            if (row == null) {
                violation("no availability row for " + key);
            } else if (!java.util.Arrays.equals(row, want)) {
                violation("availability " + key + " is [onHand, allocated, inTransit, available] " + java.util.Arrays.toString(row)
                        + " but the acknowledged requests add up to " + java.util.Arrays.toString(want));
            }
            long[] fromApi = served.get(key);
            if (answer.status() == 200 && (fromApi == null || !java.util.Arrays.equals(fromApi, row))) {
                violation("the API serves " + key + " as " + java.util.Arrays.toString(fromApi) + ", the table holds "
                        + java.util.Arrays.toString(row));
            }
        });
        rows.forEach((key, row) -> {
            if (row[3] != Math.max(0, row[0] - row[1])) {
                violation("available of " + key + " is " + row[3] + ", not max(0, onHand - allocated)");
            }
        });
        // each balance behind the rows: on_hand@LOC posted, its pending holds, in_transit@LOC posted
        model.stock.forEach((key, expected) -> {
            String location = key.substring(0, key.indexOf('|'));
            String sku = key.substring(key.indexOf('|') + 1);
            long onHand = balance("on_hand@" + location, sku, "posted");
            long held = balance("on_hand@" + location, sku, "pending_out");
            long inTransit = balance("in_transit@" + location, sku, "posted");
            if (onHand != expected[Model.ON_HAND] || held != expected[Model.ALLOCATED] || inTransit != expected[Model.IN_TRANSIT]) {
                violation("ledger balances of " + key + " are onHand=" + onHand + " held=" + held + " inTransit=" + inTransit
                        + ", expected " + java.util.Arrays.toString(expected));
            }
        });
    }

    private long balance(String account, String sku, String column) {
        return jdbc.sql("SELECT " + column + " FROM stock_balance WHERE account = ? AND sku = ?").params(account, sku)
                .query(Long.class).optional().orElse(0L);
    }

    private void broadcast() {
        Map<String, List<Long>> changes = new HashMap<>();
        Map<String, String> latestChange = new HashMap<>();
        jdbc.sql("SELECT location, sku, on_hand, allocated, in_transit, available, seq FROM availability_change ORDER BY seq").query(rs -> {
            String key = rs.getString(1) + "|" + rs.getString(2);
            changes.computeIfAbsent(key, k -> new ArrayList<>()).add(rs.getLong(7));
            latestChange.put(key, rs.getLong(3) + "/" + rs.getLong(4) + "/" + rs.getLong(5) + "/" + rs.getLong(6) + "@" + rs.getLong(7));
        });
        Map<String, String> rows = new HashMap<>();
        jdbc.sql("SELECT location, sku, on_hand, allocated, in_transit, available, seq FROM stock_availability").query(rs -> {
            rows.put(rs.getString(1) + "|" + rs.getString(2),
                    rs.getLong(3) + "/" + rs.getLong(4) + "/" + rs.getLong(5) + "/" + rs.getLong(6) + "@" + rs.getLong(7));
        });
        Map<String, List<Long>> eventSequences = new HashMap<>();
        Map<String, String> latestEvent = new HashMap<>();
        jdbc.sql("SELECT event_key, data FROM outbox_event WHERE type = 'availability.changed' ORDER BY id").query(rs -> {
            JsonNode data = Api.JSON.readTree(rs.getString(2));
            eventSequences.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(data.get("sequence").asLong());
            latestEvent.put(rs.getString(1), data.get("onHand").asLong() + "/" + data.get("allocated").asLong() + "/"
                    + data.get("inTransit").asLong() + "/" + data.get("available").asLong() + "@" + data.get("sequence").asLong());
        });
        rows.forEach((key, row) -> {
            if (!row.equals(latestChange.get(key))) {
                violation("availability row " + key + " " + row + " is not its latest change " + latestChange.get(key));
            }
            if (!row.equals(latestEvent.get(key))) {
                violation("availability row " + key + " " + row + " is not its latest availability.changed event " + latestEvent.get(key));
            }
        });
        eventSequences.forEach((key, sequences) -> {
            for (int i = 1; i < sequences.size(); i++) {
                if (sequences.get(i) <= sequences.get(i - 1)) {
                    violation("availability.changed sequences of " + key + " go back: " + sequences.get(i - 1) + " then " + sequences.get(i));
                    break;
                }
            }
        });
    }

    private void presence(Model model) {
        Map<String, String> orders = new TreeMap<>();
        jdbc.sql("SELECT order_ref, type FROM sales_order").query(rs -> {
            orders.put(rs.getString(1), rs.getString(2));
        });
        compare("transaction", model.orders, orders);
        Map<String, Integer> lines = new TreeMap<>();
        jdbc.sql("SELECT o.order_ref, COUNT(l.line_no) FROM sales_order o LEFT JOIN sales_order_line l ON l.order_ref = o.order_ref "
                + "GROUP BY o.order_ref").query(rs -> {
            lines.put(rs.getString(1), rs.getInt(2));
        });
        model.orderLines.forEach((id, count) -> {
            if (lines.containsKey(id) && !Objects.equals(lines.get(id), count)) {
                violation("transaction " + id + " has " + lines.get(id) + " lines stored, " + count + " sent");
            }
        });

        Set<String> movements = new TreeSet<>(jdbc.sql("SELECT movement_id FROM stock_movement").query(String.class).list());
        for (String expected : model.movements) {
            if (!movements.contains(expected)) {
                violation("movement " + expected + " of an acknowledged request is missing");
            }
        }
        for (String present : movements) {
            if (!model.movements.contains(present)) {
                violation("movement " + present + " is in the ledger but no acknowledged request made it");
            }
        }
        List<String> empty = jdbc.sql("SELECT m.movement_id FROM stock_movement m WHERE NOT EXISTS "
                + "(SELECT 1 FROM ledger_entry e WHERE e.movement_id = m.movement_id)").query(String.class).list();
        empty.forEach(id -> violation("movement " + id + " has no ledger entries"));

        Map<String, String> transfers = new TreeMap<>();
        jdbc.sql("SELECT transfer_ref, status FROM transfer_order").query(rs -> {
            transfers.put(rs.getString(1), rs.getString(2));
        });
        compare("transfer", model.transfers, transfers);
        Map<String, String> holds = new TreeMap<>();
        jdbc.sql("SELECT reference, state FROM stock_hold WHERE kind = 'ALLOCATION'").query(rs -> {
            holds.put(rs.getString(1), rs.getString(2));
        });
        compare("allocation", model.allocations, holds);
        int sample = 0;
        for (String ref : model.transfers.keySet()) {
            if (sample++ % 5 != 0) {
                continue; // the API read of a fifth of them is enough: the table was checked for all
            }
            Answer answer = api.get("/api/v1/transfers/" + ref, HubClient.OPS);
            if (answer.status() != 200 || !"RECEIVED".equals(Api.JSON.readTree(answer.body()).get("status").asString())) {
                violation("GET /transfers/" + ref + " answered " + answer);
            }
        }
    }

    private void events(Model model) {
        Map<String, Integer> events = new TreeMap<>();
        jdbc.sql("SELECT type, event_key, COUNT(*) FROM outbox_event WHERE type IN "
                + "('order.created', 'order.refunded', 'order.voided', 'transfer.shipped', 'transfer.received') GROUP BY type, event_key")
                .query(rs -> {
                    events.put(rs.getString(1) + " " + rs.getString(2), rs.getInt(3));
                });
        compare("event", model.events, events);
        List<String> noEvent = jdbc.sql("SELECT DISTINCT c.movement_id FROM availability_change c WHERE NOT EXISTS "
                + "(SELECT 1 FROM stock_movement m WHERE m.movement_id = c.movement_id)").query(String.class).list();
        noEvent.forEach(id -> violation("availability change for unknown movement " + id));
        Set<String> broadcast = new TreeSet<>(jdbc.sql("SELECT DISTINCT movement_id FROM availability_change").query(String.class).list());
        model.broadcasting.stream().filter(id -> !broadcast.contains(id))
                .forEach(id -> violation("movement " + id + " changed stock but broadcast no availability change"));
        List<String> eventIds = jdbc.sql("SELECT event_id FROM outbox_event GROUP BY event_id HAVING COUNT(*) > 1").query(String.class).list();
        eventIds.forEach(id -> violation("event id " + id + " is in the outbox more than once"));
    }

    private void parked(Model model) {
        Map<String, String> parked = new TreeMap<>();
        jdbc.sql("SELECT kind, work_id, status FROM parked_work").query(rs -> {
            parked.put(rs.getString(1) + " " + rs.getString(2), rs.getString(3));
        });
        parked.forEach((work, status) -> {
            if (!status.equals("APPLIED")) {
                violation("parked " + work + " is " + status + ", not APPLIED");
            }
        });
        for (String work : model.parked) {
            if (!parked.containsKey(work)) {
                violation(work + " was sent before what it waits for but never parked");
            }
        }
    }

    private <V> void compare(String what, Map<String, V> expected, Map<String, V> actual) {
        expected.forEach((id, value) -> {
            if (!actual.containsKey(id)) {
                violation(what + " " + id + " was acknowledged but is missing");
            } else if (!Objects.equals(actual.get(id), value)) {
                violation(what + " " + id + " is " + actual.get(id) + ", expected " + value);
            }
        });
        actual.keySet().stream().filter(id -> !expected.containsKey(id))
                .forEach(id -> violation(what + " " + id + " is present but no acknowledged request made it"));
    }

    private void violation(String message) {
        if (violations.size() < 200) {
            violations.add(message);
        }
    }
}

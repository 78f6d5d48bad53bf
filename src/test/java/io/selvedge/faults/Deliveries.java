package io.selvedge.faults;

import io.selvedge.testing.Api;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * DESIGN invariant 7 from a subscriber's side: every outgoing event it subscribed to reached it at least once with a
 * valid signature, in per-key order, or sits visibly in the dead-letter list.
 */
final class Deliveries {

    record Expected(long sequence, String eventId, String type, String key) {
    }

    private final JdbcClient jdbc;
    private final Subscriber subscriber;
    private final String subscriptionId;
    private final List<String> types;
    private final long after;

    /** Events of {@code types} (any location) with an outbox id above {@code after}, for {@code subscriptionId}. */
    Deliveries(JdbcClient jdbc, Subscriber subscriber, String subscriptionId, List<String> types, long after) {
        this.jdbc = jdbc;
        this.subscriber = subscriber;
        this.subscriptionId = subscriptionId;
        this.types = types;
        this.after = after;
    }

    static String subscribe(HubClient api, Subscriber subscriber, List<String> types) {
        Answer answer = api.post("/api/v1/subscriptions", HubClient.OPS, Workload.json(Map.of("url", subscriber.url(), "events", types,
                "locations", List.of(), "secret", Subscriber.SECRET)));
        if (answer.status() != 201) {
            throw new IllegalStateException("subscription refused: " + answer);
        }
        return Api.JSON.readTree(answer.body()).get("subscriptionId").asString();
    }

    static long lastOutboxId(JdbcClient jdbc) {
        return jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM outbox_event").query(Long.class).single();
    }

    List<Expected> expected() {
        return jdbc.sql("SELECT id, event_id, type, event_key FROM outbox_event WHERE id > :after AND type IN (:types) ORDER BY id")
                .param("after", after).param("types", types)
                .query((rs, n) -> new Expected(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
    }

    Set<Long> dead() {
        return new HashSet<>(jdbc.sql("SELECT outbox_id FROM event_dead_letter WHERE subscription_id = ? AND status = 'DEAD'")
                .param(subscriptionId).query(Long.class).list());
    }

    Set<Long> everDead() {
        return new HashSet<>(jdbc.sql("SELECT outbox_id FROM event_dead_letter WHERE subscription_id = ?")
                .param(subscriptionId).query(Long.class).list());
    }

    /** Events neither delivered (2xx) nor dead-lettered yet. */
    List<Expected> outstanding() {
        Set<String> accepted = acceptedIds();
        Set<Long> dead = dead();
        return expected().stream().filter(e -> !accepted.contains(e.eventId()) && !dead.contains(e.sequence())).toList();
    }

    /** Waits until nothing is outstanding; false if something still is after {@code seconds}. */
    boolean settle(int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (outstanding().isEmpty()) {
                return true;
            }
            Hub.pause(100);
        }
        return outstanding().isEmpty();
    }

    Set<String> acceptedIds() {
        Set<String> ids = new HashSet<>();
        subscriber.deliveries().stream().filter(Subscriber.Delivery::accepted).forEach(d -> ids.add(d.eventId()));
        return ids;
    }

    /** Duplicate 2xx deliveries (allowed: at least once; counted for the report). */
    long duplicates() {
        Map<String, Integer> counts = new HashMap<>();
        subscriber.deliveries().stream().filter(Subscriber.Delivery::accepted).forEach(d -> counts.merge(d.eventId(), 1, Integer::sum));
        return counts.values().stream().filter(c -> c > 1).mapToLong(c -> c - 1).sum();
    }

    List<String> check() {
        List<String> violations = new ArrayList<>();
        List<Expected> expected = expected();
        Map<String, Expected> byId = new LinkedHashMap<>();
        expected.forEach(e -> byId.put(e.eventId(), e));
        for (Expected e : outstanding()) {
            violations.add("event " + e.type() + " " + e.key() + " (sequence " + e.sequence() + ") never reached the subscriber and is not a dead letter");
        }
        for (Subscriber.Delivery d : subscriber.deliveries()) {
            if (!d.signatureValid()) {
                violations.add("delivery of " + d.eventId() + " carried a bad signature");
            }
            Expected e = byId.get(d.eventId());
            if (e != null && e.sequence() != d.sequence()) {
                violations.add("delivery of " + d.eventId() + " says sequence " + d.sequence() + ", the outbox " + e.sequence());
            }
        }
        // per key, first deliveries follow outbox order; dead-lettered events are replayed later by design, so they are left out
        Set<Long> everDead = everDead();
        Map<String, Long> lastPerKey = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Subscriber.Delivery d : subscriber.deliveries()) {
            Expected e = byId.get(d.eventId());
            if (!d.accepted() || e == null || everDead.contains(e.sequence()) || !seen.add(d.eventId())) {
                continue;
            }
            Long last = lastPerKey.put(e.key(), e.sequence());
            if (last != null && last > e.sequence()) {
                violations.add("key " + e.key() + ": event " + e.sequence() + " was delivered after " + last);
            }
        }
        return violations;
    }
}

package io.selvedge.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.shared.OutgoingEvent;
import io.selvedge.shared.Outbox;
import io.selvedge.shared.WriteTransactions;
import io.selvedge.testing.IntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The events suites share one context with short retry delays, three attempts in all and a small
 * in-memory queue per subscription (so lagging subscriptions fall back to reading the outbox).
 */
@TestPropertySource(properties = {
        "selvedge.events.retry.initial=25ms",
        "selvedge.events.retry.max-attempts=3",
        "selvedge.events.retry.max-delay=200ms",
        "selvedge.events.dispatch.cursor-flush=100ms",
        "selvedge.events.dispatch.queue-limit=20",
        "selvedge.events.dispatch.batch-size=50",
        "selvedge.events.http.request-timeout=2s"})
abstract class EventsTestBase extends IntegrationTest {

    static final String SECRET = "test-secret-0123456789";

    @Autowired
    Outbox outbox;
    @Autowired
    WriteTransactions writes;
    @Autowired
    Clock clock;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired
    tools.jackson.databind.json.JsonMapper json;

    private final List<Receiver> receivers = new ArrayList<>();

    @AfterEach
    void closeReceivers() {
        receivers.forEach(Receiver::close);
    }

    Receiver receiver() {
        Receiver receiver = Receiver.start(SECRET);
        receivers.add(receiver);
        return receiver;
    }

    /** Subscribes {@code key}'s system and returns the subscription id. */
    String subscribe(String key, Receiver receiver, List<String> events, List<String> locations) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", receiver.url());
        body.put("events", events);
        body.put("locations", locations);
        body.put("secret", SECRET);
        var response = api(key).post("/api/v1/subscriptions", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("subscriptionId").asString();
    }

    /** Appends one event the way a module does: through the outbox, inside a write. Returns its sequence. */
    long append(String type, String key, String location, Map<String, Object> data) {
        writes.write(() -> {
            outbox.append(new OutgoingEvent(type, key, location, clock.instant(), data));
            return null;
        });
        // the outbox answers no id (rows are written as the group commits): find it as the newest of its kind
        return jdbc.sql("SELECT MAX(id) FROM outbox_event WHERE type = ? AND event_key = ? AND data = ?")
                .params(type, key, json.writeValueAsString(data)).query(Long.class).single();
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static void quietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<Long> sequences(List<Receiver.Request> requests) {
        return requests.stream().map(Receiver.Request::sequence).toList();
    }
}

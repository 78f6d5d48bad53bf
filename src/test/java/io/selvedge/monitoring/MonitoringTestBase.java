package io.selvedge.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.Fixtures;
import io.selvedge.testing.IntegrationTest;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The monitoring suites share one context whose clock stands still until a test moves it. Tests share
 * rows, so each begins by jumping at least a week ahead ({@link #jumpTo}), which empties every window,
 * and then works with stores no other test in its class uses for the same purpose.
 */
@Import(MonitoringTestBase.ClockConfiguration.class)
@TestPropertySource(properties = {
        "selvedge.monitoring.sweep-interval=100ms",
        "selvedge.events.retry.initial=20ms",
        "selvedge.events.retry.max-attempts=2",
        "selvedge.events.retry.max-delay=50ms",
        "selvedge.events.dispatch.cursor-flush=100ms"})
abstract class MonitoringTestBase extends IntegrationTest {

    static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** Saturday 28 November 2026, noon in Los Angeles: every store of the demo contract is trading. */
    static final Instant START = Instant.parse("2026-11-28T20:00:00Z");

    @TestConfiguration(proxyBeanMethods = false)
    static class ClockConfiguration {

        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock(START);
        }
    }

    @Autowired
    SettableClock clock;

    @Autowired
    Clock hubClock;

    String style;

    /** A style to sell (sales need a catalogued SKU; stock is not needed: a store sale is never refused). */
    void catalogue() {
        if (style == null) {
            style = unique("MON");
            assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);
        }
    }

    /** Moves the clock at least a week ahead, to the next {@code day} at {@code time} in {@code zone}. */
    Instant jumpTo(DayOfWeek day, LocalTime time, ZoneId zone) {
        assertThat(hubClock).as("the hub runs on the test's clock").isSameAs(clock);
        LocalDate date = clock.instant().atZone(zone).toLocalDate().plusDays(7).with(TemporalAdjusters.nextOrSame(day));
        Instant at = java.time.ZonedDateTime.of(date, time, zone).toInstant();
        clock.set(at);
        return at;
    }

    /** The transactionId of the last sale {@link #sell} posted. */
    String lastSold;

    /** Posts a store sale whose register time is {@code lag} before the hub's now. */
    JsonNode sell(String store, Duration lag) {
        catalogue();
        Instant occurredAt = clock.instant().minus(lag);
        ZoneId zone = store.equals("STORE-SOHO") ? NEW_YORK : LOS_ANGELES;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", unique(store.substring(6) + "-R1"));
        body.put("store", store);
        body.put("register", "R1");
        body.put("businessDay", occurredAt.atZone(zone).toLocalDate().toString());
        body.put("occurredAt", occurredAt.toString());
        body.put("type", "SALE");
        body.put("currency", "USD");
        body.put("lines", List.of(Map.of("lineNo", 1, "sku", Fixtures.sku(style, "M"), "quantity", 1, "unitPrice", "89.00",
                "discount", "0.00", "tax", "8.45")));
        body.put("tenders", List.of(Map.of("type", "CASH", "amount", "97.45")));
        var response = api(POS).post("/api/v1/pos/transactions", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        lastSold = (String) body.get("transactionId");
        return response.json();
    }

    /**
     * A void the hub refuses inside the write, counted as a sales error: of the last sale posted, dated the business
     * day before it (a void of a transaction not received yet would be parked, not refused).
     */
    void voidOfNothing(String store) {
        assertThat(lastSold).as("a sale to void").isNotNull();
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transactionId", unique(store.substring(6) + "-V"));
        body.put("store", store);
        body.put("register", "R1");
        body.put("businessDay", now.atZone(LOS_ANGELES).toLocalDate().minusDays(1).toString());
        body.put("occurredAt", now.toString());
        body.put("type", "VOID");
        body.put("currency", "USD");
        body.put("voidOf", lastSold);
        body.put("overrides", List.of(Map.of("kind", "VOID", "approvedBy", "MGR-7", "reason", "test")));
        var response = api(POS).post("/api/v1/pos/transactions", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
    }

    JsonNode row(String flow, String system, String location) {
        var response = api(OPS).get("/api/v1/monitoring/flows?flow=" + flow);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        for (JsonNode row : response.json()) {
            boolean sameLocation = location == null ? row.get("location").isNull() : location.equals(row.get("location").asString());
            if (row.get("system").asString().equals(system) && sameLocation) {
                return row;
            }
        }
        throw new AssertionError("no row " + flow + "/" + system + "/" + location + " in " + response.body());
    }

    String status(String flow, String system, String location) {
        return row(flow, system, location).get("status").asString();
    }

    /** The feed's newest sequence: alerts after it are the ones a step produced. */
    long feedPosition() {
        long after = 0;
        while (true) {
            var page = api(OPS).get("/api/v1/events?after=" + after + "&limit=1000").json();
            long next = page.get("next").asLong();
            if (next == after) {
                return after;
            }
            after = next;
        }
    }

    /** The {@code monitoring.alert} events after {@code position} for one row, oldest first. */
    List<JsonNode> alerts(long position, String flow, String system, String location) {
        List<JsonNode> found = new ArrayList<>();
        long after = position;
        while (true) {
            var page = api(OPS).get("/api/v1/events?types=monitoring.alert&limit=1000&after=" + after).json();
            for (JsonNode event : page.get("events")) {
                JsonNode data = event.get("data");
                boolean sameLocation = location == null ? data.get("location").isNull() : location.equals(data.get("location").asString());
                if (data.get("flow").asString().equals(flow) && data.get("system").asString().equals(system) && sameLocation) {
                    found.add(data);
                }
            }
            long next = page.get("next").asLong();
            if (next == after) {
                return found;
            }
            after = next;
        }
    }

    /**
     * Waits until the sweeper has published the row's current status (its last alert says it, or it is OK and was
     * never alerted), then answers the feed's position: alerts after it are the next step's.
     */
    long settled(String flow, String system, String location) {
        String now = status(flow, system, location);
        await(flow + "/" + system + "/" + location + " published as " + now, () -> {
            List<JsonNode> all = alerts(0, flow, system, location);
            String published = all.isEmpty() ? "OK" : all.get(all.size() - 1).get("status").asString();
            return published.equals(now);
        });
        return feedPosition();
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            pause(Duration.ofMillis(20));
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

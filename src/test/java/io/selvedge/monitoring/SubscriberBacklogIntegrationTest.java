package io.selvedge.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.testing.TestDatabase;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A subscriber that goes down (503 from its load balancer, then connections closed without an answer) and comes
 * back: its backlog and the age of its oldest undelivered event grow and show in {@code /api/v1/monitoring/subscribers},
 * the {@code selvedge_outbox_*} gauges and {@code /actuator/health} (OUT_OF_SERVICE past the 15-minute default), and
 * drain to zero once it answers again. Retries here go on for about a minute, as in production they go on for
 * minutes, so the backlog can build up before anything would be dead-lettered.
 */
@TestPropertySource(properties = {
        "selvedge.events.retry.initial=100ms",
        "selvedge.events.retry.max-delay=250ms",
        "selvedge.events.retry.max-attempts=240"})
class SubscriberBacklogIntegrationTest extends MonitoringTestBase {

    @Test
    void aSubscriberThatGoesDownBuildsABacklogEveryoneCanSeeAndItDrainsWhenItComesBack() throws Exception {
        jumpTo(DayOfWeek.SATURDAY, LocalTime.of(11, 0), LOS_ANGELES);
        try (Subscriber subscriber = Subscriber.start(204)) {
            String id = api(OPS).post("/api/v1/subscriptions", Map.of("subscriptionId", unique("backlog"), "url", subscriber.url(),
                    "events", List.of("order.created"), "locations", List.of("STORE-ABK"), "secret", "monitoring-secret-0123"))
                    .json().get("subscriptionId").asString();
            try {
                sell("STORE-ABK", Duration.ofSeconds(1));
                await("the first sale delivered", () -> subscriber.accepted() == 1);
                await("an empty backlog", () -> subscriberRow(id).get("undelivered").asLong() == 0);
                assertThat(health().get("components").get("outbox").get("status").asString()).isEqualTo("UP");

                // down: its load balancer answers 503; three more sales are written at the same hub time
                subscriber.respondWith(503);
                for (int i = 0; i < 3; i++) {
                    sell("STORE-ABK", Duration.ofSeconds(1));
                }
                await("three undelivered", () -> subscriberRow(id).get("undelivered").asLong() == 3);
                await("retries of the oldest", () -> subscriberRow(id).get("failedAttempts").asInt() >= 2);
                // then the process is gone: connections close without an answer, and it is still owed the same three
                subscriber.dropConnections();
                int attempts = subscriber.attempts();
                await("attempts on dropped connections", () -> subscriber.attempts() >= attempts + 2);
                assertThat(subscriberRow(id).get("undelivered").asLong()).isEqualTo(3);

                clock.advance(Duration.ofMinutes(20));
                JsonNode row = subscriberRow(id);
                assertThat(row.get("system").asString()).isEqualTo("ops");
                assertThat(row.get("oldestUndeliveredAgeMs").asLong()).as("written 20 minutes ago by the hub's clock")
                        .isEqualTo(Duration.ofMinutes(20).toMillis());
                assertThat(row.has("url")).as("never the URL").isFalse();
                assertThat(api(OPS).get("/api/v1/monitoring/subscribers").json().get("subscribers").get(0).get("subscriptionId").asString())
                        .as("the longest-waiting first").isEqualTo(id);
                assertThat(api(POS).get("/api/v1/monitoring/subscribers").body()).as("another system's subscription").doesNotContain(id);
                JsonNode summary = api(OPS).get("/api/v1/monitoring/summary").json();
                assertThat(summary.get("subscribers").toString()).contains(id);

                await("the gauges at 3 events and 1200 s", () -> gauge("selvedge_outbox_backlog", id) == 3.0
                        && gauge("selvedge_outbox_oldest_undelivered_seconds", id) == 1200.0);

                onTheDashboard(id);

                var unhealthy = anonymous().get("/actuator/health");
                assertThat(unhealthy.status()).as(unhealthy.body()).isEqualTo(503);
                JsonNode components = unhealthy.json().get("components");
                assertThat(unhealthy.json().get("status").asString()).isEqualTo("OUT_OF_SERVICE");
                assertThat(components.get("outbox").get("status").asString()).isEqualTo("OUT_OF_SERVICE");
                assertThat(components.get("outbox").get("details").get("subscriptionsBehind").toString()).contains(id);
                assertThat(components.get("outbox").get("details").get("oldestUndeliveredSeconds").asLong()).isEqualTo(1200);
                assertThat(components.get("dispatcher").get("status").asString()).as("the hub itself delivers").isEqualTo("UP");
                assertThat(components.get("db").get("status").asString()).isEqualTo("UP");
                assertThat(anonymous().get("/actuator/health/liveness").status()).as("nothing to restart").isEqualTo(200);

                // back: the next retry gets through and the three follow in order
                int before = subscriber.accepted();
                subscriber.respondWith(204);
                await("the backlog drained", () -> subscriberRow(id).get("undelivered").asLong() == 0);
                assertThat(subscriber.accepted() - before).isEqualTo(3);
                assertThat(subscriber.acceptedSequences()).as("in outbox order, each once").hasSize(4)
                        .isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
                row = subscriberRow(id);
                assertThat(row.get("oldestUndeliveredAgeMs").asLong()).isZero();
                assertThat(row.get("oldestUndeliveredAt").isNull()).isTrue();
                assertThat(row.get("failedAttempts").asInt()).isZero();
                await("the gauges back at 0", () -> gauge("selvedge_outbox_backlog", id) == 0.0
                        && gauge("selvedge_outbox_oldest_undelivered_seconds", id) == 0.0);
                var healthy = anonymous().get("/actuator/health");
                assertThat(healthy.status()).as(healthy.body()).isEqualTo(200);
                assertThat(healthy.json().get("components").get("outbox").get("status").asString()).isEqualTo("UP");
                assertThat(api(OPS).get("/api/v1/dead-letters").body()).as("nothing was dead-lettered").doesNotContain(id);
            } finally {
                api(OPS).send("DELETE", "/api/v1/subscriptions/" + id, null, null);
            }
            await("the gauges of a deleted subscription removed", () -> !anonymous().get("/actuator/prometheus").body()
                    .contains("subscriber=\"" + id + "\""));
        }
    }

    /** The subscriber's row on the dashboard: three waiting for 20 minutes, marked as refusing (skipped without Chromium). */
    private void onTheDashboard(String id) throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        if (chromium.isEmpty()) {
            return;
        }
        String row = "document.querySelector('[data-subscriber=\"" + id + "\"]')";
        try (HeadlessChromium browser = HeadlessChromium.launch(chromium.get(), 1440, 1000)) {
            browser.open(anonymous().base() + "/?refresh=1#key=" + OPS);
            browser.waitFor("the subscriber's backlog of 3", row + "?.dataset.undelivered === '3'");
            assertThat(browser.eval(row + ".querySelector('td.age').textContent").asString()).isEqualTo("20 min");
            assertThat(browser.eval(row + ".classList.contains('behind')").asBoolean()).as("marked as refusing").isTrue();
            assertThat(browser.eval("document.getElementById('behind-count').textContent").asString()).isEqualTo("1");
            browser.screenshot(Path.of("target", "monitoring", "dashboard-backlog-" + TestDatabase.kind() + ".png"));
        }
    }

    private JsonNode subscriberRow(String id) {
        var response = api(OPS).get("/api/v1/monitoring/subscribers");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        for (JsonNode row : response.json().get("subscribers")) {
            if (row.get("subscriptionId").asString().equals(id)) {
                return row;
            }
        }
        throw new AssertionError("no subscriber " + id + " in " + response.body());
    }

    private JsonNode health() {
        return anonymous().get("/actuator/health").json();
    }

    /** A gauge's value for one subscriber as Prometheus scrapes it; NaN when it is not there. */
    private double gauge(String name, String subscriber) {
        String body = anonymous().get("/actuator/prometheus").body();
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*subscriber=\"" + Pattern.quote(subscriber) + "\"[^}]*} (\\S+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}

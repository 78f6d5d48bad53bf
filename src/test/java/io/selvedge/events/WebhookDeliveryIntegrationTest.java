package io.selvedge.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.events.delivery.Dispatcher;
import io.selvedge.testing.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class WebhookDeliveryIntegrationTest extends EventsTestBase {

    @Autowired
    Dispatcher dispatcher;

    @Test
    void deliversAnEventFromARealApiCallSignedAndShapedAsTheApiSays() {
        Receiver receiver = receiver();
        subscribe(POS, receiver, List.of("catalog.changed"), List.of());
        String style = unique("OVS");

        assertThat(api(ERP).put("/api/v1/catalog/styles/" + style, Fixtures.anyStyle(style)).status()).isEqualTo(200);

        await("the receiver has the style's catalog.changed", () -> forStyle(receiver, style).size() == 1);
        Receiver.Request delivery = forStyle(receiver, style).get(0);
        assertThat(delivery.signatureValid()).isTrue();
        assertThat(delivery.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(delivery.contentType()).startsWith("application/json");
        assertThat(fieldNames(delivery.body())).containsExactly("id", "type", "occurredAt", "sequence", "data");
        assertThat(delivery.body().get("type").asString()).isEqualTo("catalog.changed");
        assertThat(delivery.eventIdHeader()).isEqualTo(delivery.eventId()).matches("[0-9a-f-]{36}");
        assertThat(java.time.Instant.parse(delivery.body().get("occurredAt").asString())).isNotNull();
        assertThat(delivery.data().get("skus").size()).isEqualTo(3);

        // The same event, with the same id and data, is in the pull feed at that sequence.
        var feed = api(WEB).get("/api/v1/events?after=" + (delivery.sequence() - 1) + "&limit=1").json();
        JsonNode fed = feed.get("events").get(0);
        assertThat(fed.get("id").asString()).isEqualTo(delivery.eventId());
        assertThat(fed.get("data")).isEqualTo(delivery.data());
    }

    @Test
    void filtersByTypeAndByLocationAndSendsLocationlessEventsToAll() {
        String run = unique("run");
        Receiver abkOnly = receiver();
        Receiver everywhere = receiver();
        subscribe(POS, abkOnly, List.of("availability.changed"), List.of("STORE-ABK"));
        subscribe(ERP, everywhere, List.of("availability.changed", "transfer.shipped"), List.of());

        append("availability.changed", "STORE-ABK|X", "STORE-ABK", Map.of("run", run, "n", 1));
        append("availability.changed", "STORE-SOHO|X", "STORE-SOHO", Map.of("run", run, "n", 2));
        append("transfer.shipped", "TR-1", "STORE-ABK", Map.of("run", run, "n", 3));
        append("order.created", "W-1", "STORE-ABK", Map.of("run", run, "n", 4));
        append("availability.changed", "all", null, Map.of("run", run, "n", 5));
        append("availability.changed", "STORE-ABK|X", "STORE-ABK", Map.of("run", run, "n", 6));

        // Order is kept per subscription, so once the last event is in, everything before it has been handled.
        await("both have the last event", () -> ns(abkOnly, run).contains(6) && ns(everywhere, run).contains(6));
        assertThat(ns(abkOnly, run)).containsExactly(1, 5, 6);
        assertThat(ns(everywhere, run)).containsExactly(1, 2, 3, 5, 6);
    }

    @Test
    void keepsOutboxOrderPerSubscriptionForManyConcurrentWrites() throws Exception {
        String run = unique("run");
        Receiver slow = receiver();
        // A slow receiver lets the backlog outgrow the lane's in-memory queue, so part of the run is read back from the outbox.
        slow.answer(body -> {
            quietly(Duration.ofMillis(2));
            return 200;
        });
        Receiver fast = receiver();
        subscribe(POS, slow, List.of("availability.changed"), List.of());
        subscribe(WEB, fast, List.of("availability.changed"), List.of("STORE-MEL"));

        int writers = 4;
        int perWriter = 60;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perWriter; i++) {
                    append("availability.changed", "STORE-MEL|SKU-" + writer, "STORE-MEL", Map.of("run", run, "writer", writer, "i", i));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        int total = writers * perWriter;
        await("both have all " + total, () -> ofRun(slow, run).size() >= total && ofRun(fast, run).size() >= total);
        for (Receiver receiver : List.of(slow, fast)) {
            List<Receiver.Request> got = ofRun(receiver, run);
            List<Long> sequences = sequences(got);
            assertThat(sequences).as("in outbox order, each once").isSorted().doesNotHaveDuplicates().hasSize(total);
            Map<Integer, List<Integer>> perKey = new HashMap<>();
            for (Receiver.Request r : got) {
                perKey.computeIfAbsent(r.data().get("writer").asInt(), k -> new ArrayList<>()).add(r.data().get("i").asInt());
            }
            perKey.values().forEach(is -> assertThat(is).isSorted().hasSize(perWriter));
            assertThat(got).allMatch(Receiver.Request::signatureValid);
        }
    }

    @Test
    void retriesAFailingReceiverWithGrowingDelaysUntilItAnswers() {
        String run = unique("run");
        Receiver flaky = receiver();
        int[] failuresLeft = {2};
        flaky.answer(body -> {
            synchronized (failuresLeft) {
                return failuresLeft[0]-- > 0 ? 500 : 200;
            }
        });
        String subscription = subscribe(POS, flaky, List.of("order.created"), List.of());

        append("order.created", "W-" + run, null, Map.of("run", run));

        await("the event is accepted", () -> flaky.accepted().stream().anyMatch(r -> isRun(r, run)));
        List<Receiver.Request> attempts = flaky.requests().stream().filter(r -> isRun(r, run)).toList();
        assertThat(attempts).extracting(Receiver.Request::status).containsExactly(500, 500, 200);
        assertThat(attempts).extracting(Receiver.Request::eventId).containsOnly(attempts.get(0).eventId());
        long firstGap = attempts.get(1).receivedAtNanos() - attempts.get(0).receivedAtNanos();
        long secondGap = attempts.get(2).receivedAtNanos() - attempts.get(1).receivedAtNanos();
        assertThat(Duration.ofNanos(firstGap)).isGreaterThanOrEqualTo(Duration.ofMillis(25));
        assertThat(Duration.ofNanos(secondGap)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        var dead = api(OPS).get("/api/v1/dead-letters?limit=1000").json().get("deadLetters");
        assertThat(dead.findValuesAsString("subscriptionId")).doesNotContain(subscription);
    }

    @Test
    void resumesFromItsSavedCursorAfterARestartWithoutRedeliveringOrLosing() {
        String run = unique("run");
        Receiver receiver = receiver();
        subscribe(POS, receiver, List.of("settlement.closed"), List.of());
        append("settlement.closed", "day-1", "STORE-ABK", Map.of("run", run, "n", 1));
        await("the first event", () -> ofRun(receiver, run).size() == 1);

        dispatcher.stop();
        try {
            append("settlement.closed", "day-2", "STORE-ABK", Map.of("run", run, "n", 2));
            append("settlement.closed", "day-3", "STORE-ABK", Map.of("run", run, "n", 3));
            quietly(Duration.ofMillis(300));
            assertThat(ofRun(receiver, run)).as("nothing is sent while stopped").hasSize(1);
        } finally {
            dispatcher.start();
        }

        await("the events committed while stopped", () -> ofRun(receiver, run).size() >= 3);
        quietly(Duration.ofMillis(200));
        assertThat(ofRun(receiver, run)).extracting(r -> r.data().get("n").asInt()).containsExactly(1, 2, 3);
    }

    @Test
    void aDeletedSubscriptionGetsNothingMore() {
        String run = unique("run");
        Receiver gone = receiver();
        Receiver stays = receiver();
        String id = subscribe(POS, gone, List.of("journal.posted"), List.of());
        subscribe(POS, stays, List.of("journal.posted"), List.of());
        append("journal.posted", "j", null, Map.of("run", run, "n", 1));
        await("both have the first", () -> ofRun(gone, run).size() == 1 && ofRun(stays, run).size() == 1);

        assertThat(api(POS).send("DELETE", "/api/v1/subscriptions/" + id, null, null).status()).isEqualTo(204);
        append("journal.posted", "j", null, Map.of("run", run, "n", 2));

        await("the remaining subscription has the second", () -> ofRun(stays, run).size() == 2);
        quietly(Duration.ofMillis(300));
        assertThat(ofRun(gone, run)).hasSize(1);
    }

    @Test
    void countsDeliveriesAndExportsTheBacklog() {
        String run = unique("run");
        Receiver receiver = receiver();
        subscribe(POS, receiver, List.of("monitoring.alert"), List.of());
        append("monitoring.alert", "a", null, Map.of("run", run));
        await("delivered", () -> ofRun(receiver, run).size() == 1);

        String metrics = anonymous().get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("selvedge_events_deliveries_total\\{[^}]*outcome=\"ok\"[^}]*} [1-9]");
        assertThat(metrics).contains("selvedge_events_backlog", "selvedge_events_dead_letters_open", "selvedge_events_delivery_lag_seconds");
    }

    private static List<Receiver.Request> forStyle(Receiver receiver, String style) {
        return receiver.accepted().stream().filter(r -> r.data().path("styleCode").asString("").equals(style)).toList();
    }

    static boolean isRun(Receiver.Request r, String run) {
        return r.data().path("run").asString("").equals(run);
    }

    static List<Receiver.Request> ofRun(Receiver receiver, String run) {
        return receiver.accepted().stream().filter(r -> isRun(r, run)).toList();
    }

    private static List<Integer> ns(Receiver receiver, String run) {
        return ofRun(receiver, run).stream().map(r -> r.data().get("n").asInt()).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>(node.propertyNames());
        return Collections.unmodifiableList(names);
    }
}

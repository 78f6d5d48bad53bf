package io.selvedge.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.selvedge.events.delivery.Dispatcher;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.ReflectionTestUtils;
import tools.jackson.databind.JsonNode;

/**
 * {@code /actuator/health} over HTTP names the database, the dispatcher and the outbox, and is DOWN (503) while the
 * dispatcher is stopped or its coordinator thread has died, until it runs again.
 */
class DeliveryHealthIntegrationTest extends EventsTestBase {

    @Autowired
    Dispatcher dispatcher;

    @Test
    void healthShowsTheDatabaseTheDispatcherAndTheOutbox() {
        var response = anonymous().get("/actuator/health");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode components = response.json().get("components");
        assertThat(response.json().get("status").asString()).isEqualTo("UP");
        assertThat(components.get("db").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("db").get("details").get("database").asString()).isIn("PostgreSQL", "H2");
        assertThat(components.get("dispatcher").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("dispatcher").get("details").get("lastRoundMsAgo").asLong()).isLessThan(10_000);
        assertThat(components.get("outbox").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("outbox").get("details").get("maxUndeliveredAgeSeconds").asLong()).isEqualTo(900);
        assertThat(components.get("outbox").get("details").has("undelivered")).isTrue();
    }

    @Test
    void aStoppedDispatcherIsDown() {
        dispatcher.stop();
        try {
            var response = anonymous().get("/actuator/health");
            assertThat(response.status()).as(response.body()).isEqualTo(503);
            assertThat(response.json().get("status").asString()).isEqualTo("DOWN");
            JsonNode components = response.json().get("components");
            assertThat(components.get("dispatcher").get("status").asString()).isEqualTo("DOWN");
            assertThat(components.get("outbox").get("status").asString()).as("not known while nothing delivers").isEqualTo("UNKNOWN");
        } finally {
            dispatcher.start();
        }
        assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void aDispatcherWhoseThreadDiedIsDownUntilItRunsAgain() {
        Receiver receiver = receiver();
        subscribe(POS, receiver, List.of("settlement.closed"), List.of());
        String run = unique("run");
        Thread coordinator = (Thread) ReflectionTestUtils.getField(dispatcher, "coordinator");
        assertThat(coordinator).isNotNull();
        try {
            // an interrupt that is not a stop(): the thread ends while the dispatcher still counts as running
            await("the coordinator thread dead", () -> {
                coordinator.interrupt();
                return !coordinator.isAlive();
            });
            assertThat(dispatcher.isRunning()).isTrue();
            var response = anonymous().get("/actuator/health");
            assertThat(response.status()).as(response.body()).isEqualTo(503);
            assertThat(response.json().get("status").asString()).isEqualTo("DOWN");
            JsonNode component = response.json().get("components").get("dispatcher");
            assertThat(component.get("status").asString()).isEqualTo("DOWN");
            assertThat(component.get("details").get("reason").asString()).contains("thread died");

            append("settlement.closed", "day-1", "STORE-ABK", Map.of("run", run));
            quietly(java.time.Duration.ofMillis(300));
            assertThat(ofRun(receiver, run)).as("nothing is delivered by a dead dispatcher").isEmpty();
        } finally {
            dispatcher.stop();
            dispatcher.start();
        }
        var response = anonymous().get("/actuator/health");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("components").get("dispatcher").get("status").asString()).isEqualTo("UP");
        await("the event written while it was dead", () -> ofRun(receiver, run).size() == 1);
    }

    private static List<Receiver.Request> ofRun(Receiver receiver, String run) {
        return receiver.accepted().stream().filter(r -> r.data().has("run") && r.data().get("run").asString().equals(run)).toList();
    }
}

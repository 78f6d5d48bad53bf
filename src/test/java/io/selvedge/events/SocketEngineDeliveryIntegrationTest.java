package io.selvedge.events;

import static io.selvedge.events.WebhookDeliveryIntegrationTest.isRun;
import static io.selvedge.events.WebhookDeliveryIntegrationTest.ofRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The same delivery guarantees with the opt-in kept-alive socket sender for plain-http receivers. */
@TestPropertySource(properties = "selvedge.events.http.engine=socket")
class SocketEngineDeliveryIntegrationTest extends EventsTestBase {

    @Test
    void deliversSignedEventsInOrderAndRetriesFailures() {
        String run = unique("run");
        Receiver receiver = receiver();
        int[] failuresLeft = {1};
        receiver.answer(body -> {
            synchronized (failuresLeft) {
                return failuresLeft[0]-- > 0 ? 502 : 200;
            }
        });
        subscribe(POS, receiver, List.of("transfer.shipped"), List.of("STORE-SOHO"));

        for (int n = 1; n <= 5; n++) {
            append("transfer.shipped", "TR-" + run, "STORE-SOHO", Map.of("run", run, "n", n));
        }

        await("all five", () -> ofRun(receiver, run).size() == 5);
        assertThat(ofRun(receiver, run)).extracting(r -> r.data().get("n").asInt()).containsExactly(1, 2, 3, 4, 5);
        assertThat(receiver.requests().stream().filter(r -> isRun(r, run))).allMatch(Receiver.Request::signatureValid)
                .extracting(Receiver.Request::status).startsWith(502, 200);
        assertThat(ofRun(receiver, run).get(0).eventIdHeader()).isEqualTo(ofRun(receiver, run).get(0).eventId());
    }

    @Test
    void deadLettersARefusedConnectionWithItsReason() {
        Receiver receiver = receiver();
        String subscription = subscribe(WEB, receiver, List.of("order.created"), List.of());
        receiver.close();

        long sequence = append("order.created", "W-9", null, Map.of("run", unique("run")));

        await("dead-lettered", () -> api(OPS).get("/api/v1/dead-letters?limit=1000").json().get("deadLetters").valueStream()
                .anyMatch(d -> d.get("subscriptionId").asString().equals(subscription) && d.get("sequence").asLong() == sequence
                        && d.get("lastError").asString().contains("refused")));
    }
}

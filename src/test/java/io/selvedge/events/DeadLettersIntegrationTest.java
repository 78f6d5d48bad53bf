package io.selvedge.events;

import static io.selvedge.events.WebhookDeliveryIntegrationTest.isRun;
import static io.selvedge.events.WebhookDeliveryIntegrationTest.ofRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DeadLettersIntegrationTest extends EventsTestBase {

    @Test
    void deadLettersAnEventAfterTheLastRetryMovesOnAndReplaysItOnceFixed() {
        String run = unique("run");
        Receiver receiver = receiver();
        receiver.answer(body -> body.get("data").get("n").asInt() == 1 ? 503 : 200);
        String subscription = subscribe(POS, receiver, List.of("order.refunded"), List.of("STORE-ABK"));

        long first = append("order.refunded", "W-1", "STORE-ABK", Map.of("run", run, "n", 1));
        append("order.refunded", "W-2", "STORE-ABK", Map.of("run", run, "n", 2));

        await("the second event is delivered", () -> ofRun(receiver, run).size() == 1);
        assertThat(ofRun(receiver, run).get(0).data().get("n").asInt()).isEqualTo(2);
        assertThat(receiver.requests().stream().filter(r -> isRun(r, run) && r.status() == 503)).hasSize(3);
        JsonNode dead = deadLetter(OPS, subscription, first);
        assertThat(dead.get("status").asString()).isEqualTo("DEAD");
        assertThat(dead.get("attempts").asInt()).isEqualTo(3);
        assertThat(dead.get("lastStatus").asInt()).isEqualTo(503);
        assertThat(dead.get("type").asString()).isEqualTo("order.refunded");
        assertThat(dead.get("eventId").asString()).isEqualTo(receiver.requests().stream()
                .filter(r -> r.sequence() == first).findFirst().orElseThrow().eventId());
        assertThat(deadLetter(POS, subscription, first)).as("the subscribing system sees its own").isNotNull();
        assertThat(deadLetter(WEB, subscription, first)).as("another system does not").isNull();
        long id = dead.get("id").asLong();

        var refused = api(ERP).post("/api/v1/dead-letters/" + id + "/replay", "");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("dead-letter.replay");

        receiver.answer(body -> 200);
        var replayed = api(OPS).post("/api/v1/dead-letters/" + id + "/replay", "");
        assertThat(replayed.status()).as(replayed.toString()).isEqualTo(200);
        assertThat(replayed.json().get("status").asString()).isEqualTo("REPLAYED");
        assertThat(replayed.json().get("attempts").asInt()).isEqualTo(4);
        List<Receiver.Request> firsts = ofRun(receiver, run).stream().filter(r -> r.sequence() == first).toList();
        assertThat(firsts).hasSize(1);
        assertThat(firsts.get(0).signatureValid()).isTrue();
        assertThat(deadLetter(OPS, subscription, first)).as("no longer waiting").isNull();

        var again = api(OPS).post("/api/v1/dead-letters/" + id + "/replay", "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asString()).isEqualTo("REPLAYED");
        assertThat(ofRun(receiver, run).stream().filter(r -> r.sequence() == first)).as("replays have the effect of one").hasSize(1);
    }

    @Test
    void aFailedReplayStaysListedWithTheNewError() {
        String run = unique("run");
        Receiver receiver = receiver();
        receiver.answer(body -> 503);
        String subscription = subscribe(WEB, receiver, List.of("customer.merged"), List.of());
        long sequence = append("customer.merged", "C-1", null, Map.of("run", run));
        await("dead-lettered", () -> deadLetter(OPS, subscription, sequence) != null);

        receiver.answer(body -> 500);
        long id = deadLetter(OPS, subscription, sequence).get("id").asLong();
        var replay = api(OPS).post("/api/v1/dead-letters/" + id + "/replay", "");

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("status").asString()).isEqualTo("DEAD");
        JsonNode listed = deadLetter(OPS, subscription, sequence);
        assertThat(listed.get("attempts").asInt()).isEqualTo(4);
        assertThat(listed.get("lastStatus").asInt()).isEqualTo(500);
        assertThat(listed.get("lastError").asString()).contains("500");
    }

    @Test
    void aRefusedConnectionEndsInTheDeadLetterListWithItsReason() {
        String run = unique("run");
        Receiver receiver = receiver();
        String subscription = subscribe(ERP, receiver, List.of("customer.erased"), List.of());
        receiver.close(); // nothing listens on its port any more

        long sequence = append("customer.erased", "C-9", null, Map.of("run", run));

        await("dead-lettered", () -> deadLetter(OPS, subscription, sequence) != null);
        JsonNode dead = deadLetter(OPS, subscription, sequence);
        assertThat(dead.get("lastStatus").isNull()).isTrue();
        assertThat(dead.get("lastError").asString()).contains("refused");
    }

    @Test
    void answersNotFoundForAnUnknownDeadLetter() {
        assertThat(api(OPS).post("/api/v1/dead-letters/987654321/replay", "").status()).isEqualTo(404);
    }

    @Test
    void refusesABadListingFilter() {
        var response = api(OPS).get("/api/v1/dead-letters?status=LOST&limit=5000");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("errors").findValuesAsString("field")).contains("status");
    }

    /** The waiting (DEAD) entry of that subscription for that event, as {@code key}'s system sees the list; null if none. */
    private JsonNode deadLetter(String key, String subscription, long sequence) {
        var response = api(key).get("/api/v1/dead-letters?limit=1000");
        assertThat(response.status()).isEqualTo(200);
        return StreamSupport.stream(response.json().get("deadLetters").spliterator(), false)
                .filter(d -> d.get("subscriptionId").asString().equals(subscription) && d.get("sequence").asLong() == sequence)
                .findFirst().orElse(null);
    }
}

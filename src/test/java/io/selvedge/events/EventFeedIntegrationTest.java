package io.selvedge.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class EventFeedIntegrationTest extends EventsTestBase {

    @Autowired
    EventFeed feed;

    @Test
    void aWatcherReadsEveryEventInOrderWithDataOnlyForTheTypesItAsks() {
        String run = unique("run");
        List<Long> mine = List.of(
                append("order.created", "O-" + run, "STORE-ABK", Map.of("run", run, "store", "STORE-ABK")),
                append("availability.changed", "A-" + run, "STORE-ABK", Map.of("run", run)),
                append("contract.violation", "C-" + run, null, Map.of("run", run, "system", "pos")),
                append("watch_x", "W-" + run, null, Map.of("run", run)),
                append("watchXx", "W-" + run, null, Map.of("run", run)));
        assertThat(feed.last()).isGreaterThanOrEqualTo(mine.get(4));

        // other writers (the monitoring sweeper) may append in between: look only at this test's events
        List<EventFeed.Watched> seen = feed.watch(mine.get(0) - 1, 1000, List.of("order.", "contract.violation", "watch_")).stream()
                .filter(e -> mine.contains(e.sequence())).toList();
        assertThat(seen).extracting(EventFeed.Watched::sequence).containsExactlyElementsOf(mine);
        assertThat(seen).extracting(EventFeed.Watched::type)
                .containsExactly("order.created", "availability.changed", "contract.violation", "watch_x", "watchXx");
        assertThat(seen.get(0).data()).contains(run);
        assertThat(seen.get(1).data()).as("not asked for").isNull();
        assertThat(seen.get(2).data()).contains("\"system\"");
        assertThat(seen.get(3).data()).as("'_' is a character, not a wildcard").contains(run);
        assertThat(seen.get(4).data()).isNull();
        assertThat(seen.get(0).location()).isEqualTo("STORE-ABK");
        assertThat(seen.get(2).location()).isNull();
        assertThat(feed.watch(mine.get(0) - 1, 2, List.of())).hasSize(2).allSatisfy(e -> assertThat(e.data()).isNull());
    }

    @Test
    void pagesThroughEventsAfterASequenceWithALimit() {
        String run = unique("run");
        List<Long> sequences = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            sequences.add(append("transfer.received", "TR-" + run, "STORE-MEL", Map.of("run", run, "n", n)));
        }
        long after = sequences.get(0) - 1;

        List<Long> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            var response = api(WHOLESALE).get("/api/v1/events?after=" + after + "&types=transfer.received&limit=2");
            assertThat(response.status()).isEqualTo(200);
            JsonNode events = response.json().get("events");
            assertThat(events.size()).isLessThanOrEqualTo(2);
            events.forEach(e -> seen.add(e.get("sequence").asLong()));
            after = response.json().get("next").asLong();
        }
        assertThat(seen).containsExactlyElementsOf(sequences);
        var end = api(WHOLESALE).get("/api/v1/events?after=" + after + "&types=transfer.received&limit=2").json();
        assertThat(end.get("events").size()).isZero();
        assertThat(end.get("next").asLong()).as("an empty page keeps the position").isEqualTo(after);
    }

    @Test
    void servesEachEventWithItsDataAndLocation() {
        String run = unique("run");
        long sequence = append("availability.changed", "STORE-SOHO|SKU", "STORE-SOHO",
                Map.of("sku", "SKU-" + run, "location", "STORE-SOHO", "onHand", 4, "available", 3));

        JsonNode event = api(FINANCE).get("/api/v1/events?after=" + (sequence - 1) + "&limit=1").json().get("events").get(0);
        assertThat(event.get("sequence").asLong()).isEqualTo(sequence);
        assertThat(event.get("id").asString()).matches("[0-9a-f-]{36}");
        assertThat(event.get("type").asString()).isEqualTo("availability.changed");
        assertThat(event.get("location").asString()).isEqualTo("STORE-SOHO");
        assertThat(event.get("occurredAt").asString()).endsWith("Z");
        assertThat(event.get("data").get("sku").asString()).isEqualTo("SKU-" + run);
        assertThat(event.get("data").get("available").asInt()).isEqualTo(3);
    }

    @Test
    void filtersByLocationKeepingEventsThatConcernEveryLocation() {
        String run = unique("run");
        long first = append("price.changed", "p", "STORE-ABK", Map.of("run", run, "n", 1));
        append("price.changed", "p", "STORE-SOHO", Map.of("run", run, "n", 2));
        append("price.changed", "p", null, Map.of("run", run, "n", 3));

        JsonNode events = api(POS).get("/api/v1/events?after=" + (first - 1) + "&types=price.changed&location=STORE-ABK").json().get("events");
        List<Integer> ns = new ArrayList<>();
        events.forEach(e -> {
            if (e.get("data").path("run").asString("").equals(run)) {
                ns.add(e.get("data").get("n").asInt());
            }
        });
        assertThat(ns).containsExactly(1, 3);
    }

    @Test
    void namesBadParameters() {
        var response = api(POS).get("/api/v1/events?limit=1001&types=catalog.changed,stock.teleported&location=NOWHERE&after=-1");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("limit", "types", "location", "after");

        assertThat(api(POS).get("/api/v1/events?after=abc").status()).isEqualTo(422);
        assertThat(api(POS).get("/api/v1/events?limit=0").status()).isEqualTo(422);
        assertThat(anonymous().get("/api/v1/events").status()).isEqualTo(401);
    }
}

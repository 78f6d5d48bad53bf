package io.selvedge.events.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredEventTest {

    @Test
    void webhookBodyHasTheApiShapeWithDataVerbatim() {
        StoredEvent event = new StoredEvent(42, "7f3c2a9e-0000-4000-8000-000000000001", "catalog.changed", "catalog", null,
                Instant.parse("2026-11-28T22:01:10Z"), Instant.parse("2026-11-28T22:01:11Z"), "{\"styleCode\":\"OVS\", \"n\": 1.50}");
        assertThat(event.webhookBody()).isEqualTo("{\"id\":\"7f3c2a9e-0000-4000-8000-000000000001\",\"type\":\"catalog.changed\","
                + "\"occurredAt\":\"2026-11-28T22:01:10Z\",\"sequence\":42,\"data\":{\"styleCode\":\"OVS\", \"n\": 1.50}}");
    }

    @Test
    void quotesStringsAsJson() {
        assertThat(StoredEvent.quote("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
    }
}

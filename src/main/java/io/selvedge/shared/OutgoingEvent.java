package io.selvedge.shared;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A fact another system should hear about, written to the outbox in the same transaction as the change
 * (DESIGN: transactional outbox). {@code key} orders delivery (e.g. "STORE-ABK|OVS-NAVY-M"); {@code location}
 * lets subscribers filter; {@code data} is the JSON body's {@code data} member.
 */
public record OutgoingEvent(String type, String key, String location, Instant occurredAt, Map<String, Object> data) {

    public OutgoingEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(data, "data");
    }
}

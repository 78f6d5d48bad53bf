package io.selvedge.events.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A webhook subscription: where to POST, which event types, which locations (empty = all), and the
 * secret deliveries are signed with. The secret never leaves the hub except as a signature.
 */
public record Subscription(String id, String url, Set<String> events, Set<String> locations, String secret,
                           String createdBy, Instant createdAt) {

    public Subscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        events = Collections.unmodifiableSet(new LinkedHashSet<>(events));
        locations = Collections.unmodifiableSet(new LinkedHashSet<>(locations));
    }

    /**
     * Whether an event goes to this subscription: its type is subscribed, and its location is subscribed
     * when both name one. An event without a location concerns every location, so it goes to all.
     */
    public boolean wants(String type, String location) {
        return events.contains(type) && (location == null || locations.isEmpty() || locations.contains(location));
    }

    @Override
    public String toString() {
        return "Subscription[id=" + id + ", events=" + events + ", locations=" + locations + ", createdBy=" + createdBy + "]";
    }
}

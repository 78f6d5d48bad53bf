package io.selvedge.events;

import java.util.List;
import java.util.Objects;

/**
 * A validated request to subscribe: {@code subscriptionId} is the caller's own id (optional; without one
 * the same request from the same system is recognised by its content), {@code locations} empty = all.
 */
public record CreateSubscription(String subscriptionId, String url, List<String> events, List<String> locations,
                                 String secret, String createdBy) {

    public CreateSubscription {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(createdBy, "createdBy");
        events = List.copyOf(events);
        locations = List.copyOf(locations);
    }

    @Override
    public String toString() {
        return "CreateSubscription[subscriptionId=" + subscriptionId + ", events=" + events + ", locations=" + locations
                + ", createdBy=" + createdBy + "]";
    }
}

package io.selvedge.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one subscription has still to receive: {@code undelivered} events it wants that are neither acknowledged
 * nor dead-lettered yet (as far as the dispatcher has read the outbox), the write time of the oldest of them
 * ({@code null} when there is none), and {@code failedAttempts} in a row at that oldest one (it is being retried).
 * {@code system} is the system that subscribed. Ids, counts and times only: no URL, no secret.
 */
public record SubscriberBacklog(String subscriptionId, String system, long undelivered, Instant oldestUndeliveredAt,
                                int failedAttempts) {

    public SubscriberBacklog {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(system, "system");
    }

    /** How long the oldest undelivered event has waited at {@code now}; zero when nothing waits. */
    public Duration oldestUndeliveredAge(Instant now) {
        if (oldestUndeliveredAt == null || now.isBefore(oldestUndeliveredAt)) {
            return Duration.ZERO;
        }
        return Duration.between(oldestUndeliveredAt, now);
    }
}

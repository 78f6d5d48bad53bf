package io.selvedge.monitoring;

import io.selvedge.events.SubscriberBacklog;
import java.time.Instant;

/**
 * One row of {@code GET /api/v1/monitoring/subscribers}: a webhook subscription (its id and the system that made
 * it, never its URL), how many events it has still to receive, when the oldest of them was written and how long
 * it has waited ({@code 0} when none), and the failed attempts in a row at it (it is being retried).
 */
public record SubscriberView(String subscriptionId, String system, long undelivered, Instant oldestUndeliveredAt,
                             long oldestUndeliveredAgeMs, int failedAttempts) {

    static SubscriberView of(SubscriberBacklog backlog, Instant now) {
        return new SubscriberView(backlog.subscriptionId(), backlog.system(), backlog.undelivered(), backlog.oldestUndeliveredAt(),
                backlog.oldestUndeliveredAge(now).toMillis(), backlog.failedAttempts());
    }
}

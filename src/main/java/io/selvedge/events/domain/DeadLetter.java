package io.selvedge.events.domain;

import java.time.Instant;

/**
 * An event a subscription did not take after every retry (DESIGN invariant 7: it sits here, visibly,
 * until replayed). {@code sequence} is the outbox id of the event.
 */
public record DeadLetter(long id, String subscriptionId, long sequence, String eventId, String type, int attempts,
                         Integer lastStatus, String lastError, Status status, Instant deadAt, Instant lastAttemptAt,
                         Instant replayedAt) {

    public enum Status { DEAD, REPLAYED }
}

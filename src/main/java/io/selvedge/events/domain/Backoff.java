package io.selvedge.events.domain;

import java.time.Duration;

/**
 * When to try a failed delivery again: {@code initial}, doubling after each failure up to {@code maxDelay};
 * after {@code maxAttempts} attempts in all the event goes to the dead-letter list.
 */
public record Backoff(Duration initial, Duration maxDelay, int maxAttempts) {

    public Backoff {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial must be positive");
        }
        if (maxDelay.compareTo(initial) < 0) {
            throw new IllegalArgumentException("maxDelay must be at least initial");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The wait after the {@code failedAttempts}-th failure (1 = the first). */
    public Duration delayAfter(int failedAttempts) {
        int doublings = Math.max(0, Math.min(failedAttempts - 1, 40));
        Duration cap = maxDelay;
        Duration delay = initial;
        for (int i = 0; i < doublings && delay.compareTo(cap) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(cap) > 0 ? cap : delay;
    }

    public boolean exhausted(int failedAttempts) {
        return failedAttempts >= maxAttempts;
    }
}

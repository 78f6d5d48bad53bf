package io.selvedge.events.domain;

/** What one POST to a subscriber came to: a 2xx, or a failure worth retrying (status, timeout, refused). */
public sealed interface DeliveryOutcome {

    record Delivered(int status) implements DeliveryOutcome {
    }

    /** {@code status} is null when no HTTP answer came back (timeout, refused connection). */
    record Failed(Integer status, String error) implements DeliveryOutcome {
    }
}

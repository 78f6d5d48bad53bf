package io.selvedge.events.delivery;

import io.selvedge.events.domain.StoredEvent;

/** An event ready to send: its body is built once and shared by every subscription it goes to. */
public record Delivery(StoredEvent event, String body) {

    public static Delivery of(StoredEvent event) {
        return new Delivery(event, event.webhookBody());
    }

    public long sequence() {
        return event.sequence();
    }
}

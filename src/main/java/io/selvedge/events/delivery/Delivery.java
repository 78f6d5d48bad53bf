package io.selvedge.events.delivery;

import io.selvedge.events.domain.StoredEvent;
import java.nio.charset.StandardCharsets;

/**
 * An event ready to send: its body is built and encoded once and shared by every subscription it goes to
 * (a thousand subscribers must not mean a thousand copies).
 */
public record Delivery(StoredEvent event, String body, byte[] bodyUtf8) {

    public static Delivery of(StoredEvent event) {
        String body = event.webhookBody();
        return new Delivery(event, body, body.getBytes(StandardCharsets.UTF_8));
    }

    public long sequence() {
        return event.sequence();
    }
}

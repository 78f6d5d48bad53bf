package io.selvedge.events.delivery;

import io.selvedge.events.domain.DeliveryOutcome;

/**
 * Where one subscription's deliveries go. Used by one thread at a time (a lane's drain); may keep a
 * connection open between deliveries, released by {@link #close()}.
 */
public interface Endpoint extends AutoCloseable {

    DeliveryOutcome post(Delivery delivery);

    @Override
    void close();
}

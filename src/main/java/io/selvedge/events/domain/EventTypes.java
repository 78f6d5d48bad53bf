package io.selvedge.events.domain;

import java.util.Set;

/** The event types of API.md an integrator may subscribe to or filter the feed by. */
public final class EventTypes {

    public static final Set<String> PUBLISHED = Set.of(
            "catalog.changed", "price.changed", "availability.changed", "order.created", "order.refunded",
            "transfer.shipped", "transfer.received", "customer.merged", "settlement.closed", "journal.posted",
            "contract.violation", "customer.erased", "monitoring.alert");

    private EventTypes() {
    }

    public static boolean isPublished(String type) {
        return type != null && PUBLISHED.contains(type);
    }
}

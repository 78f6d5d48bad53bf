package io.selvedge.shared;

/**
 * Where modules put the events their changes produce. Must be called inside a write
 * ({@link WriteTransactions#write}), so the event commits or rolls back with the change it describes.
 */
public interface Outbox {

    /** Appends the event and returns its outbox id (also its global delivery order). */
    long append(OutgoingEvent event);

    /** Appends several events in one round trip where the store can, keeping their order. */
    default void appendAll(java.util.List<OutgoingEvent> events) {
        events.forEach(this::append);
    }
}

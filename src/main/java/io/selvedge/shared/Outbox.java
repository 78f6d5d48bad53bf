package io.selvedge.shared;

/**
 * Where modules put the events their changes produce. Must be called inside a write
 * ({@link WriteTransactions#write}), so the event commits or rolls back with the change it describes.
 */
public interface Outbox {

    /**
     * Appends the event. Its outbox id (its global delivery order) follows the order of appends in the transaction;
     * the rows may reach the table only as the transaction commits.
     */
    void append(OutgoingEvent event);

    /** Appends several events, keeping their order. */
    default void appendAll(java.util.List<OutgoingEvent> events) {
        events.forEach(this::append);
    }
}

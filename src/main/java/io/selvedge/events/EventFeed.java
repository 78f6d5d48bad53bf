package io.selvedge.events;

import io.selvedge.events.domain.StoredEvent;
import io.selvedge.events.jdbc.JdbcOutbox;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Service;

/**
 * The pull feed: outbox events after a sequence, oldest first, optionally of some types and at one
 * location (events without a location concern every location and are always included). For a reader inside
 * the hub that watches every event (monitoring), {@link #watch} reads the same order lighter: each event's
 * type, place and times, and its data only for the types it asks for.
 */
@Service
public class EventFeed {

    /**
     * One outbox event as a watcher sees it: {@code sequence} is the outbox id (the global order), {@code data}
     * the JSON the publishing module wrote, or {@code null} for a type whose data was not asked for.
     */
    public record Watched(long sequence, String type, String location, Instant occurredAt, Instant recordedAt, String data) {

        public Watched {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(recordedAt, "recordedAt");
        }
    }

    private final JdbcOutbox outbox;

    public EventFeed(JdbcOutbox outbox) {
        this.outbox = outbox;
    }

    public List<StoredEvent> after(long after, Collection<String> types, String location, int limit) {
        return outbox.matching(after, Long.MAX_VALUE, types, location == null ? List.of() : List.of(location), limit);
    }

    /**
     * Every event after {@code after}, oldest first, at most {@code limit}; data only for the types that start with
     * one of {@code withDataOf} (a whole type, {@code "contract.violation"}, or a family, {@code "order."}).
     */
    public List<Watched> watch(long after, int limit, Collection<String> withDataOf) {
        return outbox.watch(after, limit, withDataOf);
    }

    /** The newest sequence (0 when the outbox is empty): where a watcher that starts now begins. */
    public long last() {
        return outbox.lastId();
    }
}

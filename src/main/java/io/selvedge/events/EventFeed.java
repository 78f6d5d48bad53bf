package io.selvedge.events;

import io.selvedge.events.domain.StoredEvent;
import io.selvedge.events.jdbc.JdbcOutbox;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The pull feed: outbox events after a sequence, oldest first, optionally of some types and at one
 * location (events without a location concern every location and are always included).
 */
@Service
public class EventFeed {

    private final JdbcOutbox outbox;

    public EventFeed(JdbcOutbox outbox) {
        this.outbox = outbox;
    }

    public List<StoredEvent> after(long after, Collection<String> types, String location, int limit) {
        return outbox.matching(after, Long.MAX_VALUE, types, location == null ? List.of() : List.of(location), limit);
    }
}

package io.selvedge.events.web;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.selvedge.contract.Contract;
import io.selvedge.events.EventFeed;
import io.selvedge.events.domain.EventTypes;
import io.selvedge.events.domain.StoredEvent;
import io.selvedge.shared.Violations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/events}: the pull feed, for any authenticated system. */
@RestController
@RequestMapping("/api/v1/events")
class EventFeedController {

    static final int MAX_LIMIT = 1000;

    private final EventFeed feed;
    private final Contract contract;

    EventFeedController(EventFeed feed, Contract contract) {
        this.feed = feed;
        this.contract = contract;
    }

    /** One feed entry; {@code data} is the stored JSON, passed through untouched. */
    @JsonPropertyOrder({"id", "type", "occurredAt", "sequence", "data", "location"})
    record FeedEvent(String id, String type, String occurredAt, long sequence, @JsonRawValue String data, String location) {

        static FeedEvent of(StoredEvent e) {
            return new FeedEvent(e.eventId(), e.type(), e.occurredAt().toString(), e.sequence(), e.data(), e.location());
        }
    }

    @GetMapping
    Map<String, Object> events(@RequestParam(defaultValue = "0") long after, @RequestParam(required = false) String types,
                               @RequestParam(required = false) String location, @RequestParam(defaultValue = "100") int limit) {
        Violations v = new Violations();
        if (after < 0) {
            v.add("after", "must not be negative");
        }
        List<String> wanted = new ArrayList<>();
        if (types != null && !types.isBlank()) {
            for (String type : types.split(",")) {
                String t = type.trim();
                if (!EventTypes.isPublished(t)) {
                    v.add("types", "'" + t + "' is not an event type");
                } else if (!wanted.contains(t)) {
                    wanted.add(t);
                }
            }
        }
        String at = location == null || location.isBlank() ? null : location;
        if (at != null && contract.location(at).isEmpty()) {
            v.add("location", "is not a location of the contract");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            v.add("limit", "must be between 1 and " + MAX_LIMIT);
        }
        v.throwIfAny();
        List<StoredEvent> page = feed.after(after, wanted, at, limit);
        return Map.of("events", page.stream().map(FeedEvent::of).toList(),
                "next", page.isEmpty() ? after : page.get(page.size() - 1).sequence());
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            new Violations().add("limit", "must be between 1 and " + MAX_LIMIT).throwIfAny();
        }
    }
}

package io.selvedge.events.web;

import io.selvedge.contract.Caller;
import io.selvedge.contract.ContractGuard;
import io.selvedge.events.CreateSubscription;
import io.selvedge.events.Subscriptions;
import io.selvedge.events.domain.EventTypes;
import io.selvedge.events.domain.Subscription;
import io.selvedge.shared.Violations;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/subscriptions")
class SubscriptionsController {

    static final String SUBSCRIBE_MESSAGE = "subscription";
    private static final int MIN_SECRET = 16;
    private static final int MAX_SECRET = 256;

    private final Subscriptions subscriptions;
    private final ContractGuard guard;

    SubscriptionsController(Subscriptions subscriptions, ContractGuard guard) {
        this.subscriptions = subscriptions;
        this.guard = guard;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(Caller caller, @RequestBody SubscriptionRequest request) {
        guard.requireWriter(caller, SUBSCRIBE_MESSAGE);
        Subscriptions.Created created = subscriptions.create(validate(request, caller.name()));
        if (created.replay()) {
            return ResponseEntity.ok().header("Idempotent-Replay", "true").body(view(created.subscription()));
        }
        return ResponseEntity.status(201).body(view(created.subscription()));
    }

    @GetMapping
    Map<String, Object> list(Caller caller) {
        return Map.of("subscriptions", subscriptions.list(caller).stream().map(SubscriptionsController::view).toList());
    }

    @DeleteMapping("/{subscriptionId}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String subscriptionId) {
        guard.requireWriter(caller, SUBSCRIBE_MESSAGE);
        subscriptions.delete(caller, subscriptionId);
        return ResponseEntity.noContent().build();
    }

    /** The secret is write-only: it is never part of an answer. */
    static Map<String, Object> view(Subscription s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subscriptionId", s.id());
        body.put("url", s.url());
        body.put("events", List.copyOf(s.events()));
        body.put("locations", List.copyOf(s.locations()));
        body.put("createdAt", s.createdAt().toString());
        body.put("createdBy", s.createdBy());
        return body;
    }

    private CreateSubscription validate(SubscriptionRequest r, String caller) {
        Violations v = new Violations();
        if (r.subscriptionId() != null && !r.subscriptionId().matches("[A-Za-z0-9._-]{1,64}")) {
            v.add("subscriptionId", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (v.required("url", r.url())) {
            url(v, r.url());
        }
        List<String> events = new ArrayList<>();
        if (v.required("events", r.events())) {
            if (r.events().isEmpty()) {
                v.add("events", "must list at least one event type");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < r.events().size(); i++) {
                String type = r.events().get(i);
                if (!EventTypes.isPublished(type)) {
                    v.add("events[" + i + "]", "is not an event type; one of " + new TreeSet<>(EventTypes.PUBLISHED));
                } else if (!seen.add(type)) {
                    v.add("events[" + i + "]", "is given twice");
                } else {
                    events.add(type);
                }
            }
        }
        List<String> locations = new ArrayList<>();
        Set<String> known = guard.contract().locations().keySet();
        for (int i = 0; r.locations() != null && i < r.locations().size(); i++) {
            String location = r.locations().get(i);
            if (location == null || !known.contains(location)) {
                v.add("locations[" + i + "]", "is not a location of the contract");
            } else if (locations.contains(location)) {
                v.add("locations[" + i + "]", "is given twice");
            } else {
                locations.add(location);
            }
        }
        if (v.required("secret", r.secret()) && (r.secret().length() < MIN_SECRET || r.secret().length() > MAX_SECRET)) {
            v.add("secret", "must be " + MIN_SECRET + " to " + MAX_SECRET + " characters");
        }
        v.throwIfAny();
        return new CreateSubscription(r.subscriptionId(), r.url(), events, locations, r.secret(), caller);
    }

    private static void url(Violations v, String url) {
        if (url.length() > 2048) {
            v.add("url", "must be at most 2048 characters");
            return;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                v.add("url", "must be an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            v.add("url", "must be an absolute http or https URL");
        }
    }
}

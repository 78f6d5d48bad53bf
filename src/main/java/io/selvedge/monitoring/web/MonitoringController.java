package io.selvedge.monitoring.web;

import io.selvedge.contract.Caller;
import io.selvedge.monitoring.FlowMonitor;
import io.selvedge.monitoring.FlowView;
import io.selvedge.monitoring.MonitoringSummary;
import io.selvedge.monitoring.SubscriberMonitor;
import io.selvedge.monitoring.SubscriberView;
import io.selvedge.monitoring.domain.Status;
import io.selvedge.shared.Violations;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/monitoring/flows} (API.md), {@code GET /api/v1/monitoring/subscribers} (the outbox backlog per
 * webhook subscription) and {@code GET /api/v1/monitoring/summary} (the dashboard's data), for any authenticated
 * system: they hold flows, systems, locations, subscription ids and counts, no personal data. Subscribers are an
 * operator's to see in full; another system sees its own subscriptions.
 */
@RestController
@RequestMapping("/api/v1/monitoring")
class MonitoringController {

    private static final int MAX_HOURS = 24;

    private final FlowMonitor monitor;
    private final SubscriberMonitor subscribers;

    MonitoringController(FlowMonitor monitor, SubscriberMonitor subscribers) {
        this.monitor = monitor;
        this.subscribers = subscribers;
    }

    /** Every row, or those of one {@code flow}, {@code location} (use {@code all} for the all-locations rows) or {@code status}. */
    @GetMapping("/flows")
    List<FlowView> flows(@RequestParam(required = false) String flow, @RequestParam(required = false) String location,
                         @RequestParam(required = false) String status) {
        Violations v = new Violations();
        Status wanted = null;
        if (status != null) {
            wanted = Arrays.stream(Status.values()).filter(s -> s.name().equals(status)).findFirst().orElse(null);
            if (wanted == null) {
                v.add("status", "must be one of OK, LATE, SILENT, FAILING");
            }
        }
        v.throwIfAny();
        List<FlowView> all = monitor.flows();
        Status only = wanted;
        return all.stream()
                .filter(f -> flow == null || f.flow().equals(flow))
                .filter(f -> location == null || (location.equals("all") ? f.location() == null : location.equals(f.location())))
                .filter(f -> only == null || f.status() == only)
                .toList();
    }

    /** Each subscription's undelivered events and the age of its oldest, the longest-waiting first. */
    @GetMapping("/subscribers")
    Map<String, Object> subscribers(Caller caller) {
        return Map.of("subscribers", subscribers.subscribers(caller));
    }

    @GetMapping("/summary")
    MonitoringSummary summary(Caller caller, @RequestParam(defaultValue = "6") int hours) {
        if (hours < 1 || hours > MAX_HOURS) {
            new Violations().add("hours", "must be between 1 and " + MAX_HOURS).throwIfAny();
        }
        return monitor.summary(Duration.ofHours(hours), subscribers.subscribers(caller));
    }
}

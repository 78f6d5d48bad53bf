package io.selvedge.monitoring;

import io.selvedge.contract.Caller;
import io.selvedge.events.Subscriptions;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Event delivery per subscriber: each subscription's backlog and the age of its oldest undelivered event, as
 * the events module's dispatcher counts them (the same numbers as the {@code selvedge_outbox_*} gauges). The
 * longest-waiting first, so a subscriber that is down tops the list.
 */
@Service
public class SubscriberMonitor {

    private final Subscriptions subscriptions;
    private final Clock clock;

    public SubscriberMonitor(Subscriptions subscriptions, Clock clock) {
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    /** The subscriptions {@code caller} may see: an operator every one, any other system its own. */
    public List<SubscriberView> subscribers(Caller caller) {
        Instant now = clock.instant();
        return subscriptions.backlogs(caller).stream().map(b -> SubscriberView.of(b, now))
                .sorted(Comparator.comparingLong(SubscriberView::oldestUndeliveredAgeMs).reversed()
                        .thenComparing(Comparator.comparingLong(SubscriberView::undelivered).reversed())
                        .thenComparing(SubscriberView::subscriptionId))
                .toList();
    }
}

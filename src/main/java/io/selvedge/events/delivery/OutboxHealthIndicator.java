package io.selvedge.events.delivery;

import io.selvedge.events.EventsSettings;
import io.selvedge.events.SubscriberBacklog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The {@code outbox} component of {@code /actuator/health}: OUT_OF_SERVICE when some subscription's oldest
 * undelivered event has waited longer than {@code selvedge.events.health.max-undelivered-age}. Not DOWN: the hub
 * itself works and keeps every event (a restart would not help); a subscriber is down or refusing, and someone has to
 * look. UNKNOWN while delivery is off or the dispatcher is not running (the {@code dispatcher} component says why).
 */
@Component
class OutboxHealthIndicator extends AbstractHealthIndicator {

    private static final int NAMED = 10;

    private final Dispatcher dispatcher;
    private final Duration maxAge;
    private final Clock clock;

    OutboxHealthIndicator(Dispatcher dispatcher, EventsSettings settings, Clock clock) {
        super("outbox backlog check failed");
        this.dispatcher = dispatcher;
        this.maxAge = settings.health().maxUndeliveredAge();
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        if (!dispatcher.enabled() || !dispatcher.isRunning()) {
            health.unknown().withDetail("reason", "delivery is not running");
            return;
        }
        Instant now = clock.instant();
        List<SubscriberBacklog> backlogs = dispatcher.backlogs();
        long undelivered = backlogs.stream().mapToLong(SubscriberBacklog::undelivered).sum();
        Duration oldest = backlogs.stream().map(b -> b.oldestUndeliveredAge(now)).max(Duration::compareTo).orElse(Duration.ZERO);
        List<String> late = backlogs.stream().filter(b -> b.oldestUndeliveredAge(now).compareTo(maxAge) > 0)
                .map(SubscriberBacklog::subscriptionId).limit(NAMED).toList();
        if (late.isEmpty()) {
            health.up();
        } else {
            health.outOfService().withDetail("reason", "events have waited longer than " + maxAge.toSeconds() + "s for a subscriber")
                    .withDetail("subscriptionsBehind", late);
        }
        health.withDetail("subscriptions", backlogs.size()).withDetail("undelivered", undelivered)
                .withDetail("oldestUndeliveredSeconds", oldest.toSeconds()).withDetail("maxUndeliveredAgeSeconds", maxAge.toSeconds());
    }
}

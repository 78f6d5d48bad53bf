package io.selvedge.events.delivery;

import io.selvedge.events.EventsSettings;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code dispatcher} component of {@code /actuator/health}: DOWN when the dispatcher that should deliver does
 * not (stopped, its coordinator thread dead, or no round of its loop for {@code selvedge.events.health.stalled-after}),
 * since then no subscriber receives anything and only a restart helps. UNKNOWN when delivery is switched off.
 */
@Component
class DispatcherHealthIndicator implements HealthIndicator {

    private final Dispatcher dispatcher;
    private final Duration stalledAfter;

    DispatcherHealthIndicator(Dispatcher dispatcher, EventsSettings settings) {
        this.dispatcher = dispatcher;
        // never closer than a few rounds of the loop
        this.stalledAfter = max(settings.health().stalledAfter(), settings.dispatch().pollInterval().multipliedBy(10));
    }

    @Override
    public Health health() {
        if (!dispatcher.enabled()) {
            return Health.unknown().withDetail("enabled", false).build();
        }
        if (!dispatcher.isRunning()) {
            return Health.down().withDetail("reason", "the dispatcher is not running").build();
        }
        if (!dispatcher.coordinatorAlive()) {
            return Health.down().withDetail("reason", "the dispatcher thread died: nothing is delivered until the hub restarts").build();
        }
        Duration quiet = dispatcher.sinceLastBeat();
        Health.Builder health = quiet.compareTo(stalledAfter) > 0
                ? Health.down().withDetail("reason", "the dispatcher thread has not gone round its loop for " + quiet.toSeconds() + "s")
                : Health.up();
        return health.withDetail("leading", dispatcher.leading()).withDetail("lastRoundMsAgo", quiet.toMillis()).withDetail("stalledAfterMs", stalledAfter.toMillis()).build();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}

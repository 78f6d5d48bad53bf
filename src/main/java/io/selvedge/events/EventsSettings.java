package io.selvedge.events;

import io.selvedge.events.domain.Backoff;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of event delivery ({@code selvedge.events.*}). The defaults suit the embedded shape with up to
 * about a thousand subscribers; tests shorten the retry delays.
 */
@ConfigurationProperties("selvedge.events")
public record EventsSettings(@DefaultValue Retry retry, @DefaultValue Dispatch dispatch, @DefaultValue Http http,
                             @DefaultValue HealthLimits health) {

    /** Attempts in all per event ({@code maxAttempts}) before it is dead-lettered; delays double from {@code initial}. */
    public record Retry(@DefaultValue("1s") Duration initial, @DefaultValue("8") int maxAttempts,
                        @DefaultValue("5m") Duration maxDelay) {

        public Backoff backoff() {
            return new Backoff(initial, maxDelay, maxAttempts);
        }
    }

    /**
     * {@code threads}: deliveries in parallel (one subscription is always sequential). {@code queueLimit}:
     * events held in memory per subscription; beyond it a lagging subscription reads from the outbox
     * instead. {@code cursorFlush}: how often delivery cursors are saved (the most a restart re-delivers).
     */
    public record Dispatch(@DefaultValue("true") boolean enabled, @DefaultValue("32") int threads,
                           @DefaultValue("500ms") Duration pollInterval, @DefaultValue("1s") Duration cursorFlush,
                           @DefaultValue("1000") int queueLimit, @DefaultValue("500") int batchSize) {
    }

    /**
     * {@code engine}: {@code jdk} (default) sends with {@code java.net.http.HttpClient}; {@code socket} is an
     * opt-in that sends to plain-http receivers over a kept-alive connection per subscription (about a fifth of the
     * CPU per delivery with 1,000 local receivers), https still through HttpClient. The default stays on the
     * well-kept client until the broadcast benchmark decides between them or a maintained library.
     */
    public record Http(@DefaultValue("2s") Duration connectTimeout, @DefaultValue("10s") Duration requestTimeout,
                       @DefaultValue("jdk") String engine) {
    }

    /**
     * When {@code /actuator/health} stops saying UP about delivery: {@code maxUndeliveredAge} is how long an event may
     * wait for a subscriber before the {@code outbox} component is OUT_OF_SERVICE (a subscriber down for that long
     * needs a person); {@code stalledAfter} is how long the dispatcher may go without a round of its loop (it makes one
     * every poll interval) before the {@code dispatcher} component is DOWN.
     */
    public record HealthLimits(@DefaultValue("15m") Duration maxUndeliveredAge, @DefaultValue("60s") Duration stalledAfter) {
    }
}

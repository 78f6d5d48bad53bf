package io.selvedge.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.selvedge.monitoring.domain.LagHistory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the dashboard shows in one answer: every row, lag per minute of the rows that measure it, recent
 * errors (newest first), contract violations by system and kind, oversells by location, event delivery, and each
 * subscriber's backlog (the longest-waiting first). Counts are since the hub started. No personal data: systems, locations, flows and reasons only.
 */
public record MonitoringSummary(String brand, Instant evaluatedAt, List<FlowView> flows, List<LagSeries> lag, List<RecentError> recentErrors,
                                List<Count> contractViolations, List<Count> oversells, Delivery delivery,
                                List<SubscriberView> subscribers) {

    /** Lag per minute of one row. */
    public record LagSeries(String flow, String system, String location, List<LagHistory.Point> points) {
    }

    /** A counter's value for one combination of its tags. */
    public record Count(Map<String, String> tags, long count) {
    }

    /**
     * Event delivery as the dispatcher counts it: {@code backlog} is how many outbox events the slowest
     * subscription has still to handle, {@code deadLettersOpen} how many wait for a replay.
     */
    public record Delivery(long backlog, long deadLettersOpen, long subscriptions, long delivered, long failedAttempts,
                           Long lagMaxMs) {

        static Delivery of(MeterRegistry meters) {
            Timer lag = meters.find("selvedge.events.delivery.lag").timer();
            return new Delivery(gauge(meters, "selvedge.events.backlog"), gauge(meters, "selvedge.events.dead.letters.open"),
                    gauge(meters, "selvedge.events.subscriptions"), counter(meters, "ok"), counter(meters, "failed"),
                    lag == null ? null : Math.round(lag.max(TimeUnit.MILLISECONDS)));
        }

        private static long gauge(MeterRegistry meters, String name) {
            Gauge gauge = meters.find(name).gauge();
            if (gauge == null) {
                return 0;
            }
            double value = gauge.value();
            return Double.isNaN(value) ? 0 : Math.round(value);
        }

        private static long counter(MeterRegistry meters, String outcome) {
            var counter = meters.find("selvedge.events.deliveries").tag("outcome", outcome).counter();
            return counter == null ? 0 : Math.round(counter.count());
        }
    }
}
